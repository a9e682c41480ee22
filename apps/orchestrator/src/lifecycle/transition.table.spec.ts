import { STAGES, Stage } from '@lienthong/contracts';
import type { DossierFacts, LifecycleEvent } from './lifecycle-event';
import { decide } from './transition.table';

/**
 * The whole table, stage × event, for each kind of department and return method. Codes: `R` repeat, `H` hold,
 * `X` reject, otherwise the stages advanced through (`>`-separated). Every stage must be listed for every event,
 * so a stage or event added later fails here until someone decides what it means.
 */
type Row = Record<Stage, string>;
const row = (codes: Partial<Row>, rest: string): Row => Object.fromEntries(STAGES.map((s) => [s, codes[s] ?? rest])) as Row;
const S = Stage;

const EVENTS: Array<[string, LifecycleEvent, Partial<DossierFacts>, Row]> = [
  ['received', { kind: 'received' }, {}, row({ SUPPLEMENT_REQUESTED: 'RECEIVED', CLOSED: 'X' }, 'R')],
  [
    'appraised approve (approval online)',
    { kind: 'appraised', outcome: 'approve' },
    { approval: 'online' },
    row({ RECEIVED: 'AWAITING_APPROVAL>SENT_FOR_SIGNING', SUPPLEMENT_REQUESTED: 'H' }, 'R'),
  ],
  [
    'appraised approve (approval at the Center)',
    { kind: 'appraised', outcome: 'approve' },
    { approval: 'at-center' },
    row({ RECEIVED: 'AWAITING_APPROVAL', SUPPLEMENT_REQUESTED: 'H' }, 'R'),
  ],
  [
    'appraised supplement',
    { kind: 'appraised', outcome: 'supplement' },
    {},
    row({ RECEIVED: 'SUPPLEMENT_REQUESTED', SUPPLEMENT_REQUESTED: 'H' }, 'R'),
  ],
  ['appraised reject', { kind: 'appraised', outcome: 'reject' }, {}, row({ RECEIVED: 'CLOSED', SUPPLEMENT_REQUESTED: 'H' }, 'R')],
  [
    'approved at the Center (approval at the Center)',
    { kind: 'approved-at-center' },
    { approval: 'at-center' },
    row({ RECEIVED: 'H', SUPPLEMENT_REQUESTED: 'H', AWAITING_APPROVAL: 'NUMBER_REQUESTED', CLOSED: 'X' }, 'R'),
  ],
  ['approved at the Center (approval online)', { kind: 'approved-at-center' }, { approval: 'online' }, row({ CLOSED: 'R' }, 'X')],
  [
    'signed and numbered decision',
    { kind: 'decision-numbered', purpose: 'sign' },
    {},
    row(
      {
        RECEIVED: 'H',
        SUPPLEMENT_REQUESTED: 'H',
        AWAITING_APPROVAL: 'H',
        SENT_FOR_SIGNING: 'SIGNED>NUMBERED>READY_FOR_ISSUE',
        NUMBER_REQUESTED: 'X',
      },
      'R',
    ),
  ],
  [
    'numbered paper decision',
    { kind: 'decision-numbered', purpose: 'number' },
    { approval: 'at-center' },
    row(
      {
        RECEIVED: 'H',
        SUPPLEMENT_REQUESTED: 'H',
        AWAITING_APPROVAL: 'H',
        SENT_FOR_SIGNING: 'X',
        NUMBER_REQUESTED: 'NUMBERED>READY_FOR_ISSUE',
      },
      'R',
    ),
  ],
  [
    'signing declined',
    { kind: 'signing-declined', purpose: 'sign' },
    {},
    row({ RECEIVED: 'H', SUPPLEMENT_REQUESTED: 'H', AWAITING_APPROVAL: 'H', SENT_FOR_SIGNING: 'CLOSED' }, 'R'),
  ],
  [
    'numbering declined',
    { kind: 'signing-declined', purpose: 'number' },
    { approval: 'at-center' },
    row({ RECEIVED: 'H', SUPPLEMENT_REQUESTED: 'H', AWAITING_APPROVAL: 'H', NUMBER_REQUESTED: 'CLOSED' }, 'R'),
  ],
  [
    'issued',
    { kind: 'issued' },
    {},
    row(
      {
        RECEIVED: 'X',
        SUPPLEMENT_REQUESTED: 'X',
        AWAITING_APPROVAL: 'H',
        SENT_FOR_SIGNING: 'H',
        NUMBER_REQUESTED: 'H',
        SIGNED: 'H',
        NUMBERED: 'H',
        READY_FOR_ISSUE: 'ISSUED',
        CLOSED: 'X',
      },
      'R',
    ),
  ],
  [
    'delivery ordered (return by post)',
    { kind: 'delivery-ordered' },
    { returnMethod: 'postal' },
    row({ ...beforeIssue('H'), ISSUED: 'DELIVERY_ORDERED', CLOSED: 'R' }, 'R'),
  ],
  [
    'delivery ordered (return at the Center)',
    { kind: 'delivery-ordered' },
    { returnMethod: 'center' },
    row({ ...beforeIssue('H'), ISSUED: 'X', CLOSED: 'R' }, 'R'),
  ],
  [
    'delivered',
    { kind: 'delivered' },
    { returnMethod: 'postal' },
    row({ ...beforeIssue('X'), ISSUED: 'H', DELIVERY_ORDERED: 'DELIVERED>AWAITING_HANDOVER', CLOSED: 'X' }, 'R'),
  ],
  [
    'delivery failed',
    { kind: 'delivery-failed' },
    { returnMethod: 'postal' },
    row({ ...beforeIssue('X'), ISSUED: 'H', DELIVERY_ORDERED: 'DELIVERY_FAILED', CLOSED: 'X' }, 'R'),
  ],
  [
    'result returned at the counter (return at the Center)',
    { kind: 'result-returned' },
    { returnMethod: 'center' },
    row(
      {
        ...beforeIssue('H'),
        RECEIVED: 'X',
        SUPPLEMENT_REQUESTED: 'X',
        ISSUED: 'RETURNED>AWAITING_HANDOVER',
        DELIVERY_ORDERED: 'H',
        DELIVERY_FAILED: 'RETURNED>AWAITING_HANDOVER',
        CLOSED: 'X',
      },
      'R',
    ),
  ],
  [
    'result returned at the counter (return by post)',
    { kind: 'result-returned' },
    { returnMethod: 'postal' },
    row(
      {
        ...beforeIssue('H'),
        RECEIVED: 'X',
        SUPPLEMENT_REQUESTED: 'X',
        ISSUED: 'H',
        DELIVERY_ORDERED: 'H',
        DELIVERY_FAILED: 'RETURNED>AWAITING_HANDOVER',
        CLOSED: 'X',
      },
      'R',
    ),
  ],
  ['withdrawn', { kind: 'withdrawn' }, {}, row({ ...beforeIssue('CLOSED'), CLOSED: 'R' }, 'X')],
  [
    'handover dispatched',
    { kind: 'handover-dispatched' },
    {},
    row({ ...untilHandover('X'), AWAITING_HANDOVER: 'HANDOVER_DISPATCHED', CLOSED: 'X' }, 'R'),
  ],
  [
    'handover delivered',
    { kind: 'handover-delivered' },
    {},
    row({ ...untilHandover('X'), AWAITING_HANDOVER: 'H', HANDOVER_DISPATCHED: 'HANDOVER_DELIVERED', CLOSED: 'X' }, 'R'),
  ],
  [
    'handover archived',
    { kind: 'handover-archived' },
    {},
    row({ ...untilHandover('X'), AWAITING_HANDOVER: 'H', HANDOVER_DISPATCHED: 'H', HANDOVER_DELIVERED: 'ARCHIVED', CLOSED: 'X' }, 'R'),
  ],
];

function beforeIssue(code: string): Partial<Row> {
  return Object.fromEntries(
    [
      S.RECEIVED,
      S.SUPPLEMENT_REQUESTED,
      S.AWAITING_APPROVAL,
      S.SENT_FOR_SIGNING,
      S.SIGNED,
      S.NUMBER_REQUESTED,
      S.NUMBERED,
      S.READY_FOR_ISSUE,
    ].map((s) => [s, code]),
  );
}

function untilHandover(code: string): Partial<Row> {
  return Object.fromEntries(
    [
      S.RECEIVED,
      S.SUPPLEMENT_REQUESTED,
      S.AWAITING_APPROVAL,
      S.SENT_FOR_SIGNING,
      S.SIGNED,
      S.NUMBER_REQUESTED,
      S.NUMBERED,
      S.READY_FOR_ISSUE,
      S.ISSUED,
      S.DELIVERY_ORDERED,
      S.DELIVERY_FAILED,
      S.RETURNED,
      S.DELIVERED,
    ].map((s) => [s, code]),
  );
}

const code = (facts: DossierFacts, event: LifecycleEvent): string => {
  const decision = decide(facts, event);
  switch (decision.kind) {
    case 'advance':
      return decision.to.join('>');
    case 'repeat':
      return 'R';
    case 'hold':
      return 'H';
    case 'reject':
      return 'X';
  }
};

describe('transition table', () => {
  const cases = EVENTS.flatMap(([label, event, facts, expected]) =>
    STAGES.map((stage) => [label, stage, event, facts, expected[stage]] as const),
  );

  it.each(cases)('%s at %s', (_label, stage, event, facts, expected) => {
    expect(code({ stage, approval: 'online', returnMethod: 'center', ...facts }, event)).toBe(expected);
  });

  it('covers every event kind', () => {
    const kinds = new Set(EVENTS.map(([, event]) => event.kind));
    expect([...kinds].sort()).toEqual(
      [
        'appraised',
        'approved-at-center',
        'decision-numbered',
        'delivered',
        'delivery-failed',
        'delivery-ordered',
        'handover-archived',
        'handover-delivered',
        'handover-dispatched',
        'issued',
        'received',
        'result-returned',
        'signing-declined',
        'withdrawn',
      ].sort(),
    );
  });

  it('closes with the reason that decides the portal status', () => {
    expect(
      decide({ stage: S.RECEIVED, approval: 'online', returnMethod: 'center' }, { kind: 'appraised', outcome: 'reject' }),
    ).toMatchObject({ closedReason: 'refused' });
    expect(decide({ stage: S.NUMBERED, approval: 'online', returnMethod: 'center' }, { kind: 'withdrawn' })).toMatchObject({
      closedReason: 'withdrawn',
    });
    expect(
      decide({ stage: S.SENT_FOR_SIGNING, approval: 'online', returnMethod: 'center' }, { kind: 'signing-declined', purpose: 'sign' }),
    ).toMatchObject({ closedReason: 'stopped' });
  });

  it('never moves a dossier backwards (ranks from the lifecycle picture in process.md)', () => {
    // Alternatives share a rank; the only loop is the supplement one (SUPPLEMENT_REQUESTED → RECEIVED).
    const rank: Record<Stage, number> = {
      RECEIVED: 0,
      SUPPLEMENT_REQUESTED: 0.5,
      AWAITING_APPROVAL: 1,
      SENT_FOR_SIGNING: 2,
      NUMBER_REQUESTED: 2,
      SIGNED: 3,
      NUMBERED: 4,
      READY_FOR_ISSUE: 5,
      ISSUED: 6,
      DELIVERY_ORDERED: 7,
      DELIVERY_FAILED: 8,
      RETURNED: 9,
      DELIVERED: 9,
      AWAITING_HANDOVER: 10,
      HANDOVER_DISPATCHED: 11,
      HANDOVER_DELIVERED: 12,
      ARCHIVED: 13,
      CLOSED: 99,
    };
    for (const [, event, facts] of EVENTS) {
      for (const stage of STAGES) {
        const decision = decide({ stage, approval: 'online', returnMethod: 'center', ...facts }, event);
        if (decision.kind !== 'advance') continue;
        let previous = stage;
        for (const next of decision.to) {
          const loop = previous === S.SUPPLEMENT_REQUESTED && next === S.RECEIVED;
          if (!loop) expect(`${previous}→${next}: ${rank[next] > rank[previous]}`).toBe(`${previous}→${next}: true`);
          previous = next;
        }
      }
    }
  });
});
