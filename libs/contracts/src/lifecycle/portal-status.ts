import { ContractError } from '../errors';
import { ClosedReason, Stage } from './stage';

/** Status code of the national public-service portal (TrangThaiHoSo), 1-10. */
export type PortalStatus = 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9 | 10;

/** Portal status of every stage except CLOSED, whose status depends on why it closed (process.md table). */
const PORTAL_STATUS: { readonly [S in Exclude<Stage, Stage.CLOSED>]: PortalStatus } = {
  [Stage.RECEIVED]: 2,
  [Stage.AWAITING_APPROVAL]: 4,
  [Stage.SENT_FOR_SIGNING]: 4,
  [Stage.SIGNED]: 4,
  [Stage.NUMBER_REQUESTED]: 4,
  [Stage.NUMBERED]: 4,
  [Stage.READY_FOR_ISSUE]: 4,
  [Stage.SUPPLEMENT_REQUESTED]: 5,
  [Stage.ISSUED]: 9,
  [Stage.DELIVERY_ORDERED]: 9,
  [Stage.DELIVERY_FAILED]: 9,
  [Stage.RETURNED]: 10,
  [Stage.DELIVERED]: 10,
  [Stage.AWAITING_HANDOVER]: 10,
  [Stage.HANDOVER_DISPATCHED]: 10,
  [Stage.HANDOVER_DELIVERED]: 10,
  [Stage.ARCHIVED]: 10,
};

/** Portal status for CLOSED: withdrawn by the applicant is 7, refused at appraisal or stopped is 8. */
const CLOSED_PORTAL_STATUS: { readonly [R in ClosedReason]: PortalStatus } = { withdrawn: 7, refused: 8, stopped: 8 };

/** The national-portal status of a stage; CLOSED needs the reason it closed. */
export function portalStatusOf(stage: Stage.CLOSED, closedReason: ClosedReason): PortalStatus;
export function portalStatusOf(stage: Exclude<Stage, Stage.CLOSED>): PortalStatus;
export function portalStatusOf(stage: Stage, closedReason?: ClosedReason): PortalStatus;
export function portalStatusOf(stage: Stage, closedReason?: ClosedReason): PortalStatus {
  if (stage === Stage.CLOSED) {
    const status = closedReason === undefined ? undefined : CLOSED_PORTAL_STATUS[closedReason];
    if (status === undefined) {
      throw new ContractError(
        'CONTRACT.CLOSED_REASON_REQUIRED',
        `stage CLOSED needs a closed reason (one of withdrawn, refused, stopped), got ${String(closedReason)}`,
      );
    }
    return status;
  }
  const status = PORTAL_STATUS[stage];
  if (status === undefined) throw new ContractError('CONTRACT.UNKNOWN_STAGE', `unknown stage ${String(stage)}`);
  return status;
}

/** The portal statuses a stage may be published with (two for CLOSED; none for an unknown stage). */
export function portalStatusesOf(stage: Stage): readonly PortalStatus[] {
  if (stage === Stage.CLOSED) return [7, 8];
  const status = PORTAL_STATUS[stage] as PortalStatus | undefined;
  return status === undefined ? [] : [status];
}
