import { ONE_DEPARTMENT, TEST_CENTER, TEST_SXD, TEST_AUTH, simulatorForSuite } from '../testing/simulator.fixture';
import { EDOC_NAMESPACE, EdocOperation } from '../soap/edoc.wsdl';
import { busPackage } from '../testing/bus-package';
import { eventually } from '../testing/eventually';
import { bodyElement, children, envelope, fields, parseXml, post, RawResponse, SOAP_ENV, value } from '../testing/raw-soap.client';

const CENTER = TEST_CENTER;
const SXD = TEST_SXD;
const directory = ONE_DEPARTMENT;
const auth = TEST_AUTH;

describe('fault injection', () => {
  const sim = simulatorForSuite(directory, 'faults');
  beforeEach(() => sim().reset());

  const call = (op: EdocOperation, body: Record<string, string | number | undefined>, timeoutMs = 5000): Promise<RawResponse> =>
    post(sim().url, op, envelope(op, fields(body), auth), timeoutMs);
  const sendArchive = (reference: string, timeoutMs?: number) => {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'archive', reference });
    return {
      documentId: pkg.documentId,
      response: call(
        'SendEdoc',
        { fromOrganId: CENTER, toOrganId: SXD, messageType: 'edoc', edxml: Buffer.from(pkg.xml).toString('base64') },
        timeoutMs,
      ),
    };
  };
  const items = (res: RawResponse) => children(bodyElement(parseXml(res.text)), EDOC_NAMESPACE, 'item');

  it('BUSY is a soap:Server fault with code BUSY, limited to the chosen operations; nothing is stored', async () => {
    sim().setFaults({ busyProbability: 1, operations: ['SendEdoc'] });
    const res = await sendArchive('HS-BUSY-1').response;
    expect(res.status).toBe(500);
    const fault = bodyElement(parseXml(res.text));
    const faultcode = children(fault, null, 'faultcode')[0].textContent!;
    expect(fault.lookupNamespaceURI(faultcode.split(':')[0])).toBe(SOAP_ENV);
    expect(faultcode.split(':')[1]).toBe('Server');
    expect(children(fault, null, 'faultstring')[0].textContent).toMatch(/^BUSY: /);
    expect(children(children(fault, null, 'detail')[0], null, 'code')[0].textContent).toBe('BUSY');
    expect(sim().documents()).toHaveLength(0);
    expect((await call('GetReceivedEdocList', { organId: CENTER })).status).toBe(200);
  });

  it('HTTP 503 without processing the request', async () => {
    sim().setFaults({ unavailableProbability: 1 });
    const res = await sendArchive('HS-503-1').response;
    expect(res.status).toBe(503);
    expect(sim().documents()).toHaveLength(0);
  });

  it('timeout: the request hangs past the client timeout and is not processed', async () => {
    sim().setFaults({ timeoutProbability: 1, hangMs: 1500 });
    await expect(sendArchive('HS-TO-1', 300).response).rejects.toThrow(/timeout|aborted/i);
    expect(sim().documents()).toHaveLength(0);
  });

  it('accept-then-timeout: SendEdoc is stored but answers too late; GetSentEdocList shows it', async () => {
    sim().setFaults({ acceptThenTimeoutProbability: 1, hangMs: 1500 });
    const { documentId, response } = sendArchive('HS-ATO-1', 300);
    await expect(response).rejects.toThrow(/timeout|aborted/i);
    sim().setFaults({ acceptThenTimeoutProbability: 0 });
    const sent = await call('GetSentEdocList', { fromOrganId: CENTER, since: '2000-01-01T00:00:00+07:00' });
    expect(items(sent).map((i) => value(i, 'documentId'))).toEqual([documentId]);
  });

  it('duplicate delivery: an acknowledged package reappears once with the same docId', async () => {
    sim().setFaults({ duplicateDeliveryProbability: 1 });
    await sendArchive('HS-DUP-1').response;
    await eventually(() => (sim().pendingFor(CENTER).length === 2 ? true : undefined), 'statuses 01 and 03');
    const first = value(items(await call('GetReceivedEdocList', { organId: CENTER, maxItems: 1 }))[0], 'docId')!;
    await call('UpdateStatus', { docId: first, status: 'done' });
    const again = items(await call('GetReceivedEdocList', { organId: CENTER })).map((i) => value(i, 'docId'));
    expect(again).toContain(first);
    await call('UpdateStatus', { docId: first, status: 'done' });
    const finally_ = items(await call('GetReceivedEdocList', { organId: CENTER })).map((i) => value(i, 'docId'));
    expect(finally_).not.toContain(first);
  });

  it('latency delays every response by latencyMs', async () => {
    sim().setFaults({ latencyMs: 250 });
    const started = Date.now();
    expect((await call('GetReceivedEdocList', { organId: CENTER })).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  });

  it('the admin API reads, replaces and patches faults, shows state and resets', async () => {
    const put = await fetch(`${sim().adminUrl}/faults`, { method: 'PUT', body: JSON.stringify({ busyProbability: 1 }) });
    expect(await put.json()).toMatchObject({ busyProbability: 1, unavailableProbability: 0 });
    const patch = await fetch(`${sim().adminUrl}/faults`, { method: 'PATCH', body: JSON.stringify({ latencyMs: 5 }) });
    expect(await patch.json()).toMatchObject({ busyProbability: 1, latencyMs: 5 });
    expect(sim().faults()).toMatchObject({ busyProbability: 1, latencyMs: 5 });
    const bad = await fetch(`${sim().adminUrl}/faults`, { method: 'PUT', body: JSON.stringify({ busyProbabilty: 1 }) });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: 'SIM_IOFFICE.INVALID_FAULTS', message: expect.stringContaining('busyProbabilty') });
    const state = (await (await fetch(`${sim().adminUrl}/state`)).json()) as { url: string; documents: unknown[] };
    expect(state).toMatchObject({ url: sim().url, documents: [] });
    expect((await fetch(`${sim().adminUrl}/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim().faults().busyProbability).toBe(0);
  });
});
