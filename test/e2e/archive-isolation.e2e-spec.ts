import { identifierPart } from '@lienthong/contracts';
import { DeadLetterStore, vietnamTimestamp } from '@lienthong/messaging';
import { type Observed, TestBroker, eventually } from '@lienthong/messaging/testing/test-broker';
import { Database } from '@lienthong/persistence';
import { ArchiveBatchesQuery } from '../../apps/console/src/archive/archive-batches.query';
import { type WholeSystem, startWholeSystem } from './support/whole-system';

/**
 * One failure never stalls another step, and the bus's order numbers are its own, end to end: the one-stop
 * simulator plays the Center, the three bus services share one SQLite file (as `npm start` runs them, so the
 * console's archive page reads their dead letters), iOffice and the post are the simulators. Every batch holds
 * one dossier, so each dossier's handover is dispatched as soon as it is returned or delivered.
 */
describe('archive handover isolation and order numbers, through the simulators', () => {
  const ADDRESS = {
    recipient: 'Đặng Thị Ngọc Ánh',
    phone: '0915123456',
    line: 'Số 12 đường Trần Đăng Ninh',
    ward: 'Phường Tam Thanh',
    province: 'Lạng Sơn',
    provinceCode: '20',
  };
  let system: WholeSystem;
  let broker: TestBroker;
  let seen: Observed[];

  const stages = (code: string): string[] =>
    seen.filter((m) => m.routingKey === 'dossier.status-changed' && m.body.dossierCode === code).map((m) => String(m.body.stage));
  const reaches = (codes: string[], stage: string, timeoutMs = 60_000): Promise<void> =>
    eventually(
      `${codes.length} dossiers at ${stage} (now: ${codes.map((c) => stages(c).at(-1)).join(', ')})`,
      () => codes.every((c) => stages(c).includes(stage)),
      timeoutMs,
      100,
    );
  const batchOf = async (code: string): Promise<string> => {
    const [row] = await system
      .apps()
      .orchestrator.get(Database)
      .query<{ batch_id: string }>('SELECT batch_id FROM archive_batch_items WHERE dossier_code = $1', [code]);
    return row.batch_id;
  };
  const manifestsOf = (batchId: string) =>
    system.ioffice.documents().filter((d) => d.messageType === 'edoc' && d.documentId.endsWith(`${batchId}/handover-manifest`));
  const ordersOf = (orderNumber: string) => system.postal.orders().filter((o) => o.orderNumber === orderNumber);

  beforeAll(async () => {
    broker = await TestBroker.connect();
    seen = await broker.observe(
      'dossier.status-changed',
      'postal.order-requested',
      'postal.shipment-updated',
      'lienthong.message-rejected',
    );
    system = await startWholeSystem({ maxBatch: 1, sharedDatabase: true });
  }, 120_000);

  afterAll(async () => {
    await system?.close();
    await broker?.close();
  }, 60_000);

  it('delivers and announces the dossiers whose batch order the post refuses; the batches wait, visible, and a replay dispatches each once', async () => {
    const agency = system.departments[0].agencyCode;
    system.postal.updateFaults({
      refusal: { orderNumbers: ['LT-*'], field: 'receiver.line', problem: 'địa chỉ nằm ngoài vùng phục vụ của bưu cục' },
    });
    const atCenter = (
      await system.onestop.submit({ agencyCode: agency, returnMethod: 'center', deliveryAddress: undefined }, { outcome: 'approve' })
    ).dossierCode;
    const byPost = (
      await system.onestop.submit({ agencyCode: agency, returnMethod: 'postal', deliveryAddress: ADDRESS }, { outcome: 'approve' })
    ).dossierCode;

    // The facts commit and are announced: RETURNED and DELIVERED, then into a batch.
    await reaches([atCenter, byPost], 'AWAITING_HANDOVER');
    expect(stages(atCenter)).toContain('RETURNED');
    expect(stages(byPost)).toContain('DELIVERED');
    const batches = [await batchOf(atCenter), await batchOf(byPost)];
    const deadLetters = system.apps()['postal-adapter'].get(DeadLetterStore);
    const lettersOf = async (batchId: string) => (await deadLetters.list({ correlationId: batchId, status: 'open' })).items;
    await eventually(
      'both orders refused and dead-lettered',
      async () => (await Promise.all(batches.map(lettersOf))).every((l) => l.length === 1),
      30_000,
    );
    for (const batchId of batches) {
      const [letter] = await lettersOf(batchId);
      expect(letter).toMatchObject({
        routingKey: 'postal.order-requested',
        errorCode: 'POSTAL.VALIDATION',
        reasons: [{ field: 'receiver.line', problem: expect.stringContaining('ngoài vùng phục vụ') }],
      });
      expect(ordersOf(`LT-${batchId}`)).toEqual([]);
    }
    // The console shows them stalled, with the dead letter each waits on.
    const page = await new ArchiveBatchesQuery(system.apps().orchestrator.get(Database)).page({ stalled: true, limit: 50, offset: 0 });
    expect(page.available && page.items.map((b) => [b.batch_id, b.deadLetters.map((d) => d.errorCode)]).sort()).toEqual(
      batches.map((b) => [b, ['POSTAL.VALIDATION']]).sort(),
    );
    expect([atCenter, byPost].map((c) => stages(c).at(-1))).toEqual(['AWAITING_HANDOVER', 'AWAITING_HANDOVER']);

    // The operator serves the address again; each dead letter replayed once: one order per batch, and on to ARCHIVED.
    system.postal.updateFaults({ refusal: { orderNumbers: [] } });
    for (const batchId of batches) await deadLetters.replay((await lettersOf(batchId))[0].id, { actor: 'test' });
    await reaches([atCenter, byPost], 'ARCHIVED');
    for (const batchId of batches) {
      expect(ordersOf(`LT-${batchId}`)).toHaveLength(1);
      expect(manifestsOf(batchId)).toHaveLength(1);
      expect(system.postal.orders().filter((o) => o.orderNumber.includes(batchId))).toHaveLength(1);
    }
    expect(stages(byPost).filter((s) => s === 'DELIVERED')).toHaveLength(1);
    const after = await new ArchiveBatchesQuery(system.apps().orchestrator.get(Database)).page({ stalled: true, limit: 50, offset: 0 });
    expect(after.available && after.stalledTotal).toBe(0);
  }, 150_000);

  it("gives a fresh store's batch an order number of its own, adopting none of the operator's old LT-…-001 orders", async () => {
    const department = system.departments[1];
    const day = vietnamTimestamp(new Date()).slice(2, 10).replace(/-/g, '');
    // What an earlier installation (the per-store counter) left at the operator: its batches of today, delivered.
    const oldNumbers = [1, 2, 3].map((n) => `LT-${identifierPart(department.abbreviation)}-${day}-${String(n).padStart(3, '0')}`);
    const stranger = { name: 'Văn thư Sở cũ', phone: '02053800999', line: 'Số 99 đường Bà Triệu', province: 'Lạng Sơn' };
    const old = oldNumbers.map((orderNumber) =>
      system.postal.seedOrder(
        {
          orderNumber,
          serviceCode: 'BCCI-LT',
          sender: stranger,
          receiver: stranger,
          parcel: { itemCount: 3, weightGrams: 900, contentNote: 'Hồ sơ lưu trữ lô cũ' },
        },
        14,
      ),
    );
    const code = (
      await system.onestop.submit(
        { agencyCode: department.agencyCode, returnMethod: 'center', deliveryAddress: undefined },
        { outcome: 'approve' },
      )
    ).dossierCode;
    await reaches([code], 'ARCHIVED');
    const batchId = await batchOf(code);
    expect(oldNumbers).not.toContain(`LT-${batchId}`);
    expect(ordersOf(`LT-${batchId}`)).toEqual([
      expect.objectContaining({ receiver: expect.objectContaining({ name: expect.not.stringContaining('Sở cũ') }) }),
    ]);
    // The old orders are as they were, and nothing of theirs reached the bus.
    for (const order of old)
      expect(ordersOf(order.orderNumber)).toEqual([
        expect.objectContaining({ trackingCode: order.trackingCode, status: 14, history: order.history }),
      ]);
    expect(seen.filter((m) => oldNumbers.includes(String(m.body.orderNumber)))).toEqual([]);
  }, 120_000);

  it('adopts the order a restored store had already placed (same order), and applies its status at once', async () => {
    const department = system.departments[2];
    // The store that placed it is gone: the postal adapter is down while the result is issued.
    await system.stopService('postal-adapter');
    const code = (
      await system.onestop.submit(
        { agencyCode: department.agencyCode, returnMethod: 'postal', deliveryAddress: ADDRESS },
        { outcome: 'approve' },
      )
    ).dossierCode;
    await eventually(
      'the delivery order requested',
      () => seen.some((m) => m.routingKey === 'postal.order-requested' && m.body.dossierCode === code),
      60_000,
    );
    const request = seen.find((m) => m.routingKey === 'postal.order-requested' && m.body.dossierCode === code)!.body as Record<
      string,
      never
    >;
    const theirs = system.postal.seedOrder(
      {
        orderNumber: request.orderNumber,
        serviceCode: request.serviceCode,
        sender: request.sender,
        receiver: request.receiver,
        parcel: request.parcel,
      },
      14,
    );
    await system.restartService('postal-adapter');

    await reaches([code], 'DELIVERED');
    expect(stages(code)).toEqual(expect.arrayContaining(['ISSUED', 'DELIVERY_ORDERED', 'DELIVERED']));
    const delivered = seen.find(
      (m) => m.routingKey === 'postal.shipment-updated' && m.body.dossierCode === code && m.body.statusCode === 14,
    )!;
    expect(delivered.body.trackingCode).toBe(theirs.trackingCode);
    expect(ordersOf(`KQ-${code}`)).toHaveLength(1);
    expect(system.postal.webhookLog().filter((a) => a.orderNumber === `KQ-${code}`)).toEqual([]); // applied from its history, not told by webhook
    await reaches([code], 'ARCHIVED');
    expect(seen.filter((m) => m.routingKey === 'lienthong.message-rejected' && JSON.stringify(m.body).includes(code))).toEqual([]);
  }, 150_000);
});
