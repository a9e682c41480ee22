import { loadDepartments } from '@lienthong/config';
import { Stage } from '@lienthong/contracts';
import { DossierTracker } from './dossier.tracker';

describe('DossierTracker', () => {
  const tracker = new DossierTracker(loadDepartments('config/departments.yaml'), 2026, () => new Date('2026-12-07T02:00:00Z'));

  it('acts on a transition once; a transition taken back (its reaction not published) is acted on when it comes again', () => {
    const dossier = tracker.adopt('000.00.12.H36-261207-0001')!;
    expect(tracker.observeStage(dossier, Stage.RECEIVED, '2026-12-07T09:00:00.000+07:00')).toBe(true);
    expect(tracker.observeStage(dossier, Stage.AWAITING_APPROVAL, '2026-12-07T09:00:01.000+07:00')).toBe(true);
    expect(tracker.observeStage(dossier, Stage.AWAITING_APPROVAL, '2026-12-07T09:00:01.000+07:00')).toBe(false);

    tracker.forgetStage(dossier, Stage.AWAITING_APPROVAL, '2026-12-07T09:00:01.000+07:00');
    expect(dossier.lastStage).toBe(Stage.RECEIVED);
    expect(dossier.stages).toEqual([Stage.RECEIVED]);
    expect(tracker.observeStage(dossier, Stage.AWAITING_APPROVAL, '2026-12-07T09:00:01.000+07:00')).toBe(true);
    expect(dossier.stages).toEqual([Stage.RECEIVED, Stage.AWAITING_APPROVAL]);
  });
});
