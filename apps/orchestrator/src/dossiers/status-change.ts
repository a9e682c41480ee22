import { type MessageBody, Stage, portalStatusOf } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';

/** Who did what, as the national portal's progress line shows it. */
export interface Progress {
  readonly actor: string;
  readonly position?: string;
  readonly department: string;
  readonly content: string;
}

/** The `dossier.status-changed` body for a transition (non-CLOSED stages). */
export function statusChanged(
  dossier: { dossierCode: string; dueAt: string },
  stage: Exclude<Stage, Stage.CLOSED>,
  previousStage: Stage | null,
  progress: Progress,
  now = new Date(),
): MessageBody<'dossier.status-changed'> {
  return {
    dossierCode: dossier.dossierCode,
    stage,
    ...(previousStage ? { previousStage } : {}),
    portalStatus: portalStatusOf(stage),
    occurredAt: vietnamTimestamp(now),
    dueAt: dossier.dueAt,
    overdue: now.getTime() > Date.parse(dossier.dueAt),
    progress: { ...progress },
  } as MessageBody<'dossier.status-changed'>;
}
