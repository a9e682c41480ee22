import { Stage } from '@lienthong/contracts';
import { sampleDossierReceived } from '@lienthong/contracts/testing/samples';
import { MESSAGING_MIGRATIONS } from '@lienthong/messaging';
import { type Database, createDatabase } from '@lienthong/persistence';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { ORCHESTRATOR_MIGRATIONS } from '../orchestrator.migrations';
import { DossierRepository } from './dossier.repository';

describe.each(testDatabaseUrls())('DossierRepository on $name', ({ url }) => {
  let databaseUrl: string;
  let db: Database;
  const dossiers = new DossierRepository();
  // A Vietnamese applicant and address, decomposed (NFD) as some one-stop systems send them.
  const received = sampleDossierReceived({ dossierCode: '000.00.05.H36-261128-000042' });
  const code = received.dossierCode;

  beforeEach(async () => {
    databaseUrl = url();
    db = createDatabase(databaseUrl);
    await db.migrate([...MESSAGING_MIGRATIONS, ...ORCHESTRATOR_MIGRATIONS]);
    await dossiers.insert(
      db,
      {
        dossierCode: code,
        agencyCode: received.agencyCode,
        procedureCode: received.procedureCode,
        stage: Stage.RECEIVED,
        returnMethod: received.returnMethod,
        receivedAt: received.receivedAt,
        dueAt: received.dueAt,
      },
      { ...received, applicant: { ...received.applicant, fullName: 'Nguyễn Thị Đào'.normalize('NFD') } },
    );
  });
  afterEach(async () => {
    await db.close();
    await dropTestSchema(databaseUrl);
  });

  const trace = async (dossierCode: string): Promise<Array<{ note: string | null }>> =>
    db.query('SELECT note FROM dossier_events WHERE dossier_code = $1 ORDER BY id', [dossierCode]);

  it('reads a dossier without its reception, the reception on demand, and the department alone', async () => {
    const found = await dossiers.find(db, code);
    expect(found).toMatchObject({ dossierCode: code, agencyCode: received.agencyCode, stage: Stage.RECEIVED, facts: {} });
    expect(found).not.toHaveProperty('received');
    expect((await dossiers.received(db, code))?.applicant.fullName).toBe('Nguyễn Thị Đào'.normalize('NFD'));
    expect(await dossiers.agencyOf(db, code)).toBe(received.agencyCode);
    expect(await dossiers.agencyOf(db, 'no-such-dossier')).toBeUndefined();
    expect(await dossiers.received(db, 'no-such-dossier')).toBeUndefined();
  });

  it('writes a trace note in one statement for a known dossier, and nothing for an unknown one', async () => {
    const note = {
      messageId: 'm-1',
      messageType: 'dms.status-received',
      fromStage: null,
      toStage: null,
      note: 'DMS status 03: Văn thư đã vào sổ',
    };
    await dossiers.recordIfKnown(db, { dossierCode: code, ...note });
    await dossiers.recordIfKnown(db, { dossierCode: 'no-such-dossier', ...note });
    expect(await trace(code)).toEqual([{ note: note.note }]);
    expect(await trace('no-such-dossier')).toEqual([]);
  });

  it('writes the facts an event brought with its transition, and not when the dossier moved meanwhile', async () => {
    const facts = { documentNumber: '12/QĐ-SKHĐT' };
    expect(await dossiers.transition(db, code, Stage.RECEIVED, Stage.AWAITING_APPROVAL, facts)).toBe(true);
    expect(await dossiers.find(db, code)).toMatchObject({ stage: Stage.AWAITING_APPROVAL, previousStage: Stage.RECEIVED, facts });
    expect(await dossiers.transition(db, code, Stage.RECEIVED, Stage.AWAITING_APPROVAL, { documentNumber: 'other' })).toBe(false);
    expect((await dossiers.find(db, code))?.facts).toEqual(facts);
    expect(await dossiers.close(db, code, Stage.AWAITING_APPROVAL, 'withdrawn')).toBe(true);
    expect(await dossiers.find(db, code)).toMatchObject({ stage: Stage.CLOSED, closedReason: 'withdrawn', facts });
  });
});
