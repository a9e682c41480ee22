import { ContractError } from '../errors';
import { portalStatusesOf, portalStatusOf } from './portal-status';
import { Stage, STAGES } from './stage';

describe('portalStatusOf', () => {
  // The table of process.md, row by row.
  const TABLE: ReadonlyArray<[number, readonly Stage[]]> = [
    [2, [Stage.RECEIVED]],
    [4, [Stage.AWAITING_APPROVAL, Stage.SENT_FOR_SIGNING, Stage.SIGNED, Stage.NUMBER_REQUESTED, Stage.NUMBERED, Stage.READY_FOR_ISSUE]],
    [5, [Stage.SUPPLEMENT_REQUESTED]],
    [9, [Stage.ISSUED, Stage.DELIVERY_ORDERED, Stage.DELIVERY_FAILED]],
    [10, [Stage.RETURNED, Stage.DELIVERED, Stage.AWAITING_HANDOVER, Stage.HANDOVER_DISPATCHED, Stage.HANDOVER_DELIVERED, Stage.ARCHIVED]],
  ];

  it.each(TABLE.flatMap(([status, stages]) => stages.map((stage) => [stage, status] as const)))('%s → %i', (stage, status) => {
    expect(portalStatusOf(stage)).toBe(status);
    expect(portalStatusesOf(stage)).toEqual([status]);
  });

  it('maps CLOSED by its reason: withdrawn 7, refused or stopped 8', () => {
    expect(portalStatusOf(Stage.CLOSED, 'withdrawn')).toBe(7);
    expect(portalStatusOf(Stage.CLOSED, 'refused')).toBe(8);
    expect(portalStatusOf(Stage.CLOSED, 'stopped')).toBe(8);
    expect(portalStatusesOf(Stage.CLOSED)).toEqual([7, 8]);
  });

  it('refuses CLOSED without a reason, with a stable code', () => {
    expect(() => portalStatusOf(Stage.CLOSED)).toThrow(
      expect.objectContaining({ code: 'CONTRACT.CLOSED_REASON_REQUIRED' }) as ContractError,
    );
  });

  it('covers every stage of process.md, each stage named by its value', () => {
    expect(STAGES).toHaveLength(18);
    expect(TABLE.flatMap(([, stages]) => stages).length + 1).toBe(STAGES.length);
    for (const stage of STAGES) expect(stage).toBe(Stage[stage]);
  });
});
