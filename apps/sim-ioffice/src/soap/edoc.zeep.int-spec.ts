import { join } from 'path';
import { spawn, spawnSync } from 'child_process';
import { parseEdxml } from '../edxml/edxml.parser';
import { ONE_DEPARTMENT, TEST_CENTER, TEST_SXD, simulatorForSuite } from '../testing/simulator.fixture';
import { busPackage } from '../testing/bus-package';
import { eventually } from '../testing/eventually';

// Debian's python3-zeep (apt-get install -y python3-zeep); `python3` on PATH may be a build without it.
const PYTHON = '/usr/bin/python3';
const SCRIPT = join(__dirname, '..', 'testing', 'zeep_client.py');
const zeepAvailable = spawnSync(PYTHON, ['-c', 'import zeep'], { stdio: 'ignore' }).status === 0;
if (!zeepAvailable) {
  console.warn(`SKIPPED: ${PYTHON} cannot import zeep. Install it with: apt-get install -y python3-zeep`);
}

interface ZeepCall {
  op: string;
  args?: Record<string, unknown>;
  auth?: 'good' | 'bad' | 'none';
}
type ZeepResult = { result: unknown } | { fault: { faultcode: string; message: string; code: string | null } };

function zeep(wsdlUrl: string, calls: ZeepCall[]): Promise<ZeepResult[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(PYTHON, [SCRIPT, wsdlUrl], { stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as ZeepResult[]) : reject(new Error(`zeep exited ${code}: ${err}`))));
    child.stdin.end(JSON.stringify(calls));
  });
}

const CENTER = TEST_CENTER;
const SXD = TEST_SXD;
const directory = ONE_DEPARTMENT;

(zeepAvailable ? describe : describe.skip)('iOffice simulator through Python zeep (independent SOAP client)', () => {
  const sim = simulatorForSuite(directory, 'zeep');

  it('loads the WSDL and calls every operation with a WS-Security UsernameToken', async () => {
    const pkg = busPackage({ centerOrganId: CENTER, departmentOrganId: SXD, purpose: 'handover-manifest', reference: 'LO-ZEEP-1' });
    const [sent, sentList] = await zeep(sim().wsdlUrl, [
      {
        op: 'SendEdoc',
        args: { fromOrganId: CENTER, toOrganId: SXD, messageType: 'edoc', edxml: { $bytes: Buffer.from(pkg.xml).toString('base64') } },
      },
      { op: 'GetSentEdocList', args: { fromOrganId: CENTER, since: '2000-01-01T00:00:00+07:00' } },
    ]);
    const { docId, receivedAt } = (sent as { result: { docId: string; receivedAt: string } }).result;
    expect(docId).toEqual(expect.any(String));
    expect(receivedAt).toMatch(/\+07:00$/);
    expect((sentList as { result: unknown[] }).result).toEqual([
      expect.objectContaining({ docId, documentId: pkg.documentId, toOrganId: SXD }),
    ]);

    await eventually(() => (sim().pendingFor(CENTER).length === 2 ? true : undefined), 'statuses 01 and 03');
    const [received] = await zeep(sim().wsdlUrl, [{ op: 'GetReceivedEdocList', args: { organId: CENTER, maxItems: 10 } }]);
    const items = (received as { result: { docId: string; fromOrganId: string; messageType: string }[] }).result;
    expect(items.map((i) => [i.fromOrganId, i.messageType])).toEqual([
      [SXD, 'status'],
      [SXD, 'status'],
    ]);
    const results = await zeep(sim().wsdlUrl, [
      { op: 'GetEdoc', args: { docId: items[0].docId } },
      { op: 'UpdateStatus', args: { docId: items[0].docId, status: 'done' } },
      { op: 'UpdateStatus', args: { docId: items[1].docId, status: 'fail', note: 'test' } },
      { op: 'GetReceivedEdocList', args: { organId: CENTER } },
    ]);
    const edxml = Buffer.from((results[0] as { result: string }).result, 'base64');
    expect(parseEdxml(edxml)).toMatchObject({ statusCode: '01', responseForDocumentId: pkg.documentId });
    expect((results[1] as { result: unknown }).result).toBe(true);
    expect((results[3] as { result: unknown[] }).result).toEqual([]);
  });

  it('reports contract faults that zeep reads as Fault with the code in detail', async () => {
    const results = await zeep(sim().wsdlUrl, [
      { op: 'GetEdoc', args: { docId: 'missing' } },
      { op: 'GetReceivedEdocList', args: { organId: CENTER }, auth: 'bad' },
      { op: 'GetReceivedEdocList', args: { organId: CENTER }, auth: 'none' },
    ]);
    expect(results[0]).toEqual({
      fault: { faultcode: expect.stringMatching(/Client$/), message: expect.stringMatching(/^UNKNOWN_DOC: /), code: 'UNKNOWN_DOC' },
    });
    expect(results[1]).toEqual({
      fault: { faultcode: expect.stringMatching(/Client$/), message: expect.stringMatching(/^AUTH_FAILED: /), code: 'AUTH_FAILED' },
    });
    expect(results[2]).toMatchObject({ fault: { code: 'AUTH_FAILED' } });
  });
});
