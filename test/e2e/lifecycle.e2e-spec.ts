import { type Observed, TestBroker, eventually } from '@lienthong/messaging/testing/test-broker';
import { Database } from '@lienthong/persistence';
import { ServiceAuth } from '@lienthong/runtime';
import { departmentNamed, isVietnameseAbbreviation, oneOfEachCombination } from './support/departments';
import { type WholeSystem, startWholeSystem } from './support/whole-system';

/**
 * The whole flow end to end: the one-stop simulator plays the Center, the bus's three services run on real
 * RabbitMQ and SQLite, and iOffice and the postal operator are the simulators over real sockets, with the shipped
 * table of Lạng Sơn's departments. Every path runs through departments whose abbreviations keep Vietnamese letters or
 * '&' (SKHĐT, SLĐTBXH, SGDĐT, SNN&PTNT), so every id derived from them is exercised; some one-stop messages are NFD.
 */
describe('dossier lifecycles end to end, through the simulators', () => {
  const ADDRESS = {
    recipient: 'Nông Thị Thu',
    phone: '0915123456',
    line: 'Số 12 đường Trần Phú',
    ward: 'Phường Tam Thanh',
    province: 'Lạng Sơn',
    provinceCode: '20',
  };
  let system: WholeSystem;
  let broker: TestBroker;
  let seen: Observed[];

  const stages = (code: string): string[] =>
    seen.filter((m) => m.routingKey === 'dossier.status-changed' && m.body.dossierCode === code).map((m) => String(m.body.stage));
  const finalStage = (code: string): string | undefined => stages(code).at(-1);
  const reaches = (codes: string[], stage: string, timeoutMs = 90_000): Promise<void> =>
    eventually(
      `${codes.length} dossiers at ${stage} (now: ${codes.map((c) => finalStage(c)).join(', ')})`,
      () => codes.every((c) => stages(c).includes(stage)),
      timeoutMs,
      100,
    );

  beforeAll(async () => {
    broker = await TestBroker.connect();
    seen = await broker.observe(
      'dossier.status-changed',
      'decision.#',
      'postal.shipment-updated',
      'archive.handover-updated',
      'lienthong.message-rejected',
      'onestop.#',
    );
    system = await startWholeSystem({ maxBatch: 2 });
  }, 120_000);

  // Every message on lienthong.events during the test conformed to docs/asyncapi.yaml (an independent check).
  afterEach(() => system.conformance.assertConforming());

  afterAll(async () => {
    await system?.close();
    await broker?.close();
  }, 60_000);

  it('takes every appraisal × approval × delegation × return method from reception to ARCHIVED, numbering gap-free and sending nothing twice', async () => {
    const submitted: Array<{ code: string; agency: string; returnMethod: string }> = [];
    const chosen = oneOfEachCombination(system.departments);
    expect(chosen).toHaveLength(8);
    // Each appraisal × approval pair runs through a department with Vietnamese letters or '&' in its abbreviation.
    expect(
      chosen
        .filter((d) => isVietnameseAbbreviation(d.abbreviation))
        .map((d) => d.abbreviation)
        .sort(),
    ).toEqual(['SGDĐT', 'SKHĐT', 'SLĐTBXH', 'SNN&PTNT']);
    for (const agency of chosen.map((d) => d.agencyCode)) {
      for (const returnMethod of ['center', 'postal'] as const) {
        const { dossierCode } = await system.onestop.submit(
          {
            agencyCode: agency,
            returnMethod,
            ...(returnMethod === 'postal' ? { deliveryAddress: ADDRESS } : { deliveryAddress: undefined }),
          },
          { outcome: 'approve' },
        );
        submitted.push({ code: dossierCode, agency, returnMethod });
      }
    }
    const codes = submitted.map((s) => s.code);
    await reaches(codes, 'ARCHIVED');

    for (const { code, agency, returnMethod } of submitted) {
      const path = stages(code);
      const department = system.departments.find((d) => d.agencyCode === agency)!;
      const online = department.approval === 'online';
      const approval = online ? ['SENT_FOR_SIGNING', 'SIGNED', 'NUMBERED'] : ['NUMBER_REQUESTED', 'NUMBERED'];
      const ret = returnMethod === 'center' ? ['RETURNED'] : ['DELIVERY_ORDERED', 'DELIVERED'];
      expect(`${code}: ${path.join(' ')}`).toBe(
        `${code}: ${['RECEIVED', 'AWAITING_APPROVAL', ...approval, 'READY_FOR_ISSUE', 'ISSUED', ...ret, 'AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED'].join(' ')}`,
      );
      const ready = seen.find((m) => m.routingKey === 'decision.ready-for-issue' && m.body.dossierCode === code)!;
      expect(ready.body.issuer).toBe(department.delegatedToPost ? 'center-clerk' : 'department-officer');
      expect((ready.body.decision as { signature: { verified: boolean } }).signature.verified).toBe(true);
    }

    // Numbers per department and year are 1..n in registration order, no gaps; the notation keeps the abbreviation as
    // the department writes it (12/QĐ-SKHĐT), Vietnamese letters and '&' included.
    const numbers = new Map<string, number[]>();
    for (const m of seen.filter((x) => x.routingKey === 'decision.ready-for-issue')) {
      const decision = m.body.decision as { number: number; notation: string; documentNumber: string };
      const department = system.departments.find((d) => String(m.body.dossierCode).startsWith(`${d.agencyCode}-`))!;
      expect(decision.notation).toMatch(new RegExp(`-${department.abbreviation}$`));
      expect(decision.documentNumber).toBe(`${decision.number}/${decision.notation}`);
      numbers.set(
        department.abbreviation,
        [...(numbers.get(department.abbreviation) ?? []), decision.number].sort((a, b) => a - b),
      );
    }
    for (const [issuer, list] of numbers) expect(`${issuer}: ${list.join(',')}`).toBe(`${issuer}: ${list.map((_, i) => i + 1).join(',')}`);
    expect([...numbers.keys()]).toEqual(expect.arrayContaining(['SKHĐT', 'SNN&PTNT', 'SLĐTBXH', 'SGDĐT']));

    // Nothing went to a department or the post twice.
    const sentByCenter = system.ioffice.documents().filter((d) => d.fromOrganId === '000.00.01.H36' && d.messageType === 'edoc');
    const documentIds = sentByCenter.map((d) => d.documentId);
    expect(new Set(documentIds).size).toBe(documentIds.length);
    // sign or number, archive per dossier; one manifest per batch.
    expect(documentIds.filter((id) => /\/(sign|number)$/.test(id))).toHaveLength(16);
    expect(documentIds.filter((id) => id.endsWith('/archive'))).toHaveLength(16);
    expect(documentIds.filter((id) => id.endsWith('/handover-manifest'))).toHaveLength(8);
    const orders = system.postal.orders().map((o: { orderNumber: string }) => o.orderNumber);
    expect(new Set(orders).size).toBe(orders.length);
    expect(orders.filter((o: string) => o.startsWith('KQ-'))).toHaveLength(8);
    expect(orders.filter((o: string) => o.startsWith('LT-'))).toHaveLength(8);
    // Where the post and the DMS allow ASCII only, the abbreviation is folded: SKHĐT → SKHDT, SNN&PTNT → SNN-PTNT.
    expect(orders.filter((o: string) => /^LT-(SKHDT|SNN-PTNT|SLDTBXH|SGDDT)-\d{6}-\d{6}-[0-9A-Z]{6}$/.test(o))).toHaveLength(4);
    const batches = seen
      .filter((m) => m.routingKey === 'archive.handover-updated' && m.body.state === 'dispatched')
      .map((m) => String(m.body.batchId));
    expect(batches.filter((b) => /^(SKHDT|SNN-PTNT|SLDTBXH|SGDDT)-/.test(b))).toHaveLength(4);
    expect(seen.filter((m) => m.routingKey === 'lienthong.message-rejected')).toEqual([]);
    // Some of the one-stop's messages were sent decomposed (NFD) and were accepted all the same.
    expect(seen.some((m) => m.routingKey.startsWith('onestop.') && /[\u0300-\u036f]/.test(JSON.stringify(m.body)))).toBe(true);
  }, 150_000);

  it('gives duplicates and out-of-order messages from every side their effect once', async () => {
    // iOffice lists every package again after it was acknowledged; the post sends every webhook twice and some out of order.
    system.ioffice.setFaults({ duplicateDeliveryProbability: 1 });
    system.postal.updateFaults({ webhook: { duplicateProbability: 1, outOfOrderProbability: 0.5, outOfOrderHoldMs: 300 } });
    try {
      // SKHĐT approves online; SLĐTBXH approves at the Center and delegated to the Post.
      const atCenter = (
        await system.onestop.submit(
          { agencyCode: departmentNamed(system.departments, 'SKHĐT').agencyCode, returnMethod: 'center', deliveryAddress: undefined },
          { outcome: 'approve' },
        )
      ).dossierCode;
      const byPost = (
        await system.onestop.submit(
          { agencyCode: departmentNamed(system.departments, 'SLĐTBXH').agencyCode, returnMethod: 'postal', deliveryAddress: ADDRESS },
          { outcome: 'approve' },
        )
      ).dossierCode;

      // The one-stop's appraisal arrives twice (same message_id), and its hand-over at the counter before the result
      // was even issued: the first is ignored, the second held until the dossier is ISSUED.
      await eventually(
        'the appraisal of the first dossier',
        () => seen.some((m) => m.routingKey === 'onestop.dossier.appraised' && m.body.dossierCode === atCenter),
        30_000,
        20,
      );
      const appraisal = seen.find((m) => m.routingKey === 'onestop.dossier.appraised' && m.body.dossierCode === atCenter)!;
      await broker.publish('onestop.dossier.appraised', appraisal.body, {
        messageId: appraisal.properties.messageId,
        correlationId: atCenter,
      });
      expect(stages(atCenter)).not.toContain('ISSUED');
      await broker.publish(
        'onestop.dossier.result-returned',
        { dossierCode: atCenter, returnedAt: new Date().toISOString().replace('Z', '+00:00'), receivedBy: 'applicant' },
        { correlationId: atCenter },
      );

      await reaches([atCenter, byPost], 'AWAITING_HANDOVER');
      const response = await fetch(`${system.orchestratorUrl}/archive/batches/dispatch`, {
        method: 'POST',
        headers: ServiceAuth.fromEnv().headers(),
      });
      expect(response.status).toBe(200);
      await reaches([atCenter, byPost], 'ARCHIVED');

      expect(stages(atCenter)).toEqual([
        'RECEIVED',
        'AWAITING_APPROVAL',
        'SENT_FOR_SIGNING',
        'SIGNED',
        'NUMBERED',
        'READY_FOR_ISSUE',
        'ISSUED',
        'RETURNED',
        'AWAITING_HANDOVER',
        'HANDOVER_DISPATCHED',
        'HANDOVER_DELIVERED',
        'ARCHIVED',
      ]);
      expect(stages(byPost)).toEqual([
        'RECEIVED',
        'AWAITING_APPROVAL',
        'NUMBER_REQUESTED',
        'NUMBERED',
        'READY_FOR_ISSUE',
        'ISSUED',
        'DELIVERY_ORDERED',
        'DELIVERED',
        'AWAITING_HANDOVER',
        'HANDOVER_DISPATCHED',
        'HANDOVER_DELIVERED',
        'ARCHIVED',
      ]);
      for (const code of [atCenter, byPost]) {
        expect(seen.filter((m) => m.routingKey === 'decision.ready-for-issue' && m.body.dossierCode === code)).toHaveLength(1);
      }
      // The early hand-over was held, then applied when the dossier was issued (nothing left waiting).
      const db = system.apps().orchestrator.get(Database);
      const events = await db.query<{ message_type: string; to_stage: string | null; note: string | null }>(
        'SELECT message_type, to_stage, note FROM dossier_events WHERE dossier_code = $1 ORDER BY id',
        [atCenter],
      );
      const returned = events.filter((e) => e.message_type === 'onestop.dossier.result-returned');
      expect(returned[0].note).toMatch(/^held: /);
      expect(returned.some((e) => e.to_stage === 'RETURNED')).toBe(true);
      expect(await db.query('SELECT id FROM held_events WHERE dossier_code = $1', [atCenter])).toEqual([]);
      // The duplicates did happen, and each had its effect once: one package per DocumentId, one order per dossier,
      // each postal status announced once.
      const mine = system.ioffice
        .documents()
        .filter((d) => [atCenter, byPost].some((code) => d.documentId.includes(code) || (d.responseForDocumentId ?? '').includes(code)));
      expect(mine.some((d) => d.redeliveries > 0)).toBe(true);
      const sent = mine.filter((d) => d.fromOrganId === '000.00.01.H36').map((d) => d.documentId);
      expect(new Set(sent).size).toBe(sent.length);
      expect(system.postal.orders().filter((o: { orderNumber: string }) => o.orderNumber === `KQ-${byPost}`)).toHaveLength(1);
      expect(
        system.postal.webhookLog().some((a) => a.orderNumber === `KQ-${byPost}` && a.kind === 'duplicate' && a.outcome === 'delivered'),
      ).toBe(true);
      const statuses = seen
        .filter((m) => m.routingKey === 'postal.shipment-updated' && m.body.dossierCode === byPost)
        .map((m) => Number(m.body.statusCode));
      expect(new Set(statuses).size).toBe(statuses.length);
      expect(seen.filter((m) => m.routingKey === 'lienthong.message-rejected')).toEqual([]);
    } finally {
      system.ioffice.resetFaults();
      system.postal.updateFaults({ webhook: { duplicateProbability: 0, outOfOrderProbability: 0 } });
    }
  }, 150_000);

  it('handles decline, refusal, withdrawal, supplement, a failed delivery and each bus service restarted mid-flow', async () => {
    const agency = (abbreviation: string): string => departmentNamed(system.departments, abbreviation).agencyCode;
    // The leader of SKHĐT (approval online) declines: the dossier stops (CLOSED, portal 8) and the Center hears why.
    system.ioffice.setFaults({ declineProbability: 1 });
    const declined = (
      await system.onestop.submit(
        { agencyCode: agency('SKHĐT'), returnMethod: 'center', deliveryAddress: undefined },
        { outcome: 'approve' },
      )
    ).dossierCode;
    await reaches([declined], 'CLOSED');
    system.ioffice.resetFaults();
    expect(seen.find((m) => m.routingKey === 'decision.signing-declined' && m.body.dossierCode === declined)!.body.statusCode).toBe('02');

    const refused = (await system.onestop.submit({ agencyCode: agency('SKHĐT') }, { outcome: 'reject' })).dossierCode;
    const withdrawn = (await system.onestop.submit({ agencyCode: agency('SGDĐT') }, { outcome: 'withdraw' })).dossierCode;
    const supplemented = (
      await system.onestop.submit(
        { agencyCode: agency('SNN&PTNT'), returnMethod: 'center', deliveryAddress: undefined },
        { outcome: 'supplement' },
      )
    ).dossierCode;
    const failing = (
      await system.onestop.submit(
        { agencyCode: agency('SLĐTBXH'), returnMethod: 'postal', deliveryAddress: ADDRESS },
        { outcome: 'approve' },
      )
    ).dossierCode;
    system.postal.updateFaults({ delivery: { failOrderNumbers: [`KQ-${failing}`] } });

    // Restart every bus service while these are in flight: nothing is lost, nothing happens twice.
    await eventually(
      'work in flight',
      () => stages(failing).includes('NUMBER_REQUESTED') || stages(failing).includes('AWAITING_APPROVAL'),
      30_000,
      20,
    );
    await system.restartService('orchestrator');
    await system.restartService('ioffice-adapter');
    await eventually('the failing delivery ordered', () => stages(failing).includes('DELIVERY_ORDERED'), 60_000, 20);
    await system.restartService('postal-adapter');

    await reaches([refused, withdrawn], 'CLOSED');
    const closed = (code: string) =>
      seen.filter((m) => m.routingKey === 'dossier.status-changed' && m.body.dossierCode === code).at(-1)!.body.portalStatus;
    expect([closed(declined), closed(refused), closed(withdrawn)]).toEqual([8, 8, 7]);
    await reaches([supplemented, failing], 'AWAITING_HANDOVER');
    expect(stages(supplemented).slice(0, 3)).toEqual(['RECEIVED', 'SUPPLEMENT_REQUESTED', 'RECEIVED']);
    expect(stages(failing)).toEqual(expect.arrayContaining(['DELIVERY_ORDERED', 'DELIVERY_FAILED', 'RETURNED', 'AWAITING_HANDOVER']));
    expect(stages(failing)).not.toContain('DELIVERED');

    // The batches these two are in are not full: dispatch them now instead of waiting for the cutoff.
    const response = await fetch(`${system.orchestratorUrl}/archive/batches/dispatch`, {
      method: 'POST',
      headers: ServiceAuth.fromEnv().headers(),
    });
    expect(response.status).toBe(200);
    await reaches([supplemented, failing], 'ARCHIVED');
    for (const code of [declined, refused, withdrawn, supplemented, failing]) {
      const path = stages(code);
      expect(
        `${code}: ${path.length} status messages, ${new Set(path).size + (path.filter((s) => s === 'RECEIVED').length - 1)} distinct steps`,
      ).toBe(`${code}: ${path.length} status messages, ${path.length} distinct steps`);
    }
    // The restarts sent nothing to a department or the post twice.
    const documentIds = system.ioffice
      .documents()
      .filter((d) => d.fromOrganId === '000.00.01.H36' && d.messageType === 'edoc')
      .map((d) => d.documentId);
    expect(new Set(documentIds).size).toBe(documentIds.length);
    const orders = system.postal.orders().map((o: { orderNumber: string }) => o.orderNumber);
    expect(new Set(orders).size).toBe(orders.length);
    expect(seen.filter((m) => m.routingKey === 'lienthong.message-rejected')).toEqual([]);
  }, 150_000);
});
