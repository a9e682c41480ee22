/**
 * The SOAP client for the fixed operations, over real sockets: against the iOffice simulator (an independent reading of
 * ioffice-soap.md, served by the generic `soap` package from the contract's WSDL) for every operation, and against
 * small servers of the test's own for what a simulator cannot show (connections kept alive, answers too large or late,
 * a WSDL of another service). The simulator is started in-process: tests are outside the apps-never-import-apps rule.
 */
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PermanentFailure } from '@lienthong/messaging';
import { type IofficeSimulator, startIofficeSimulator } from '../../../sim-ioffice/src';
import { buildEdxml } from '../edxml/edxml.builder';
import { AdapterConfig } from '../ioffice-adapter.config';
import { EdocSoapClient, HttpStatusAnswer, ResponseTooLarge, SoapFaultAnswer, fieldsOf } from './edoc.soap-client';
import { IofficeUnavailable } from './ioffice.errors';
import { IOfficeSoapAdapter } from './ioffice.soap-adapter';

const DEPARTMENTS = join(__dirname, '../../../../config/departments.yaml');
const CENTER = '000.00.01.H36';
const SKHDT = '000.00.05.H36'; // Sở Kế hoạch và Đầu tư

let sim: IofficeSimulator;
let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'edoc-client-'));
  sim = await startIofficeSimulator({
    port: 0,
    departmentsFile: DEPARTMENTS,
    pkiDir: join(dir, 'pki'),
    stepDelayMs: 0,
    log: () => undefined,
  });
});
afterAll(async () => {
  await sim?.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (overrides: Partial<ConstructorParameters<typeof EdocSoapClient>[0]> = {}): EdocSoapClient =>
  new EdocSoapClient({
    url: sim.url,
    systemId: 'lienthong',
    secret: 'lienthong-secret',
    timeoutMs: 2000,
    maxResponseBytes: 4 * 1024 * 1024,
    ...overrides,
  });

/** An archive package from the Center to a department, with Vietnamese text, precomposed and decomposed. */
function archivePackage(subject: string): Buffer {
  const dossierCode = `000.00.05.H36-261128-${String(Date.now() % 1_000_000).padStart(6, '0')}`;
  const dossier = { dossierCode, procedureCode: '1.004227', agencyCode: SKHDT, purpose: 'archive' };
  return Buffer.from(
    buildEdxml({
      header: {
        from: { organId: CENTER, organName: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn' },
        to: [{ organId: SKHDT, organName: 'Sở Kế hoạch và Đầu tư' }],
        documentId: `${CENTER},2026/11/28,${dossierCode}/archive`,
        promulgation: { place: 'Lạng Sơn', date: '2026/11/28' },
        documentType: { type: 'CV', typeName: 'Công văn' },
        subject,
      },
      attachments: [
        { name: 'ghi-chú.txt', contentType: 'text/plain', content: Buffer.from(subject, 'utf8') },
        { name: 'dossier.json', contentType: 'application/json', content: Buffer.from(JSON.stringify(dossier), 'utf8') },
      ],
      sentAt: new Date(),
    }),
    'utf8',
  );
}

describe('EdocSoapClient against the iOffice simulator', () => {
  it('finds the simulator’s WSDL to be the contract', async () => {
    const c = client();
    try {
      expect(await c.checkWsdl()).toEqual([]);
    } finally {
      c.close();
    }
  });

  it('runs every operation: SendEdoc, GetSentEdocList, GetReceivedEdocList, GetEdoc, UpdateStatus (with a Vietnamese note)', async () => {
    const c = client();
    try {
      const since = new Date(Date.now() - 60_000);
      const edxml = archivePackage(`Công văn gửi Sở Kế hoạch và Đầu tư ${'Đường Trần Đăng Ninh'.normalize('NFD')}`);
      const sent = fieldsOf(
        await c.call('SendEdoc', [
          ['fromOrganId', CENTER],
          ['toOrganId', SKHDT],
          ['messageType', 'edoc'],
          ['edxml', edxml.toString('base64')],
        ]),
      );
      expect(sent.docId).toMatch(/\S/);
      expect(sent.receivedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      expect(sim.document(sent.docId)!.edxml.equals(edxml)).toBe(true);

      const list = await c.call('GetSentEdocList', [
        ['fromOrganId', CENTER],
        ['since', since.toISOString()],
      ]);
      expect(list.children.filter((i) => i.name === 'item').map((i) => fieldsOf(i).docId)).toContain(sent.docId);

      // The simulator delivers nothing to the Center unprompted: read the department's own received list.
      const received = await c.call('GetReceivedEdocList', [
        ['organId', SKHDT],
        ['maxItems', 1000],
      ]);
      expect(received.children.map((i) => fieldsOf(i).docId)).toContain(sent.docId);

      const fetched = fieldsOf(await c.call('GetEdoc', [['docId', sent.docId]]));
      expect(Buffer.from(fetched.edxml, 'base64').equals(edxml)).toBe(true);

      const note = 'Văn thư đã tiếp nhận <đủ hồ sơ> & "bản gốc"';
      expect(
        fieldsOf(
          await c.call('UpdateStatus', [
            ['docId', sent.docId],
            ['status', 'done'],
            ['note', note],
          ]),
        ).ok,
      ).toBe('true');
      expect(sim.document(sent.docId)!.ack).toMatchObject({ status: 'done', note });
    } finally {
      c.close();
    }
  });

  it('reads the simulator’s SOAP Faults: UNKNOWN_DOC, AUTH_FAILED, BUSY', async () => {
    const c = client();
    const wrong = client({ secret: 'not-the-secret' });
    try {
      await expect(c.call('GetEdoc', [['docId', 'NO-SUCH-DOC']])).rejects.toMatchObject({
        code: 'UNKNOWN_DOC',
        faultcode: expect.stringMatching(/Client$/),
      });
      await expect(wrong.call('GetEdoc', [['docId', 'X']])).rejects.toThrow(SoapFaultAnswer);
      await expect(wrong.call('GetEdoc', [['docId', 'X']])).rejects.toMatchObject({ code: 'AUTH_FAILED' });
      sim.setFaults({ busyProbability: 1 });
      await expect(c.call('GetReceivedEdocList', [['organId', CENTER]])).rejects.toMatchObject({
        code: 'BUSY',
        faultcode: expect.stringMatching(/Server$/),
      });
    } finally {
      sim.resetFaults();
      c.close();
      wrong.close();
    }
  });

  it('through the adapter: BUSY is transient, an unknown docId permanent, each with its stable code', async () => {
    const adapter = new IOfficeSoapAdapter(
      new AdapterConfig({
        ...({} as AdapterConfig),
        iofficeUrl: sim.url,
        systemId: 'lienthong',
        secret: 'lienthong-secret',
        timeoutMs: 2000,
        maxEdxmlBytes: 1024 * 1024,
        retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 },
        breaker: { failureThreshold: 100, openMs: 1000 },
      }),
    );
    try {
      await expect(adapter.fetch('NO-SUCH-DOC')).rejects.toMatchObject({ code: 'IOFFICE.UNKNOWN_DOC' });
      await expect(adapter.fetch('NO-SUCH-DOC')).rejects.toBeInstanceOf(PermanentFailure);
      sim.setFaults({ busyProbability: 1 });
      await expect(adapter.receivedList(CENTER, 10)).rejects.toMatchObject({ code: 'IOFFICE.BUSY' });
      await expect(adapter.receivedList(CENTER, 10)).rejects.toBeInstanceOf(IofficeUnavailable);
    } finally {
      sim.resetFaults();
      adapter.onModuleDestroy();
    }
  });
});

/** A server of the test's own: counts connections, answers with `answer`. */
async function fakeServer(
  answer: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<{ url: string; connections: () => number; server: Server }> {
  let connections = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => answer(req, res, Buffer.concat(chunks).toString('utf8')));
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/EdocService`, connections: () => connections, server };
}

const RESPONSE =
  '<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><GetEdocResponse xmlns="urn:vnpt:ioffice:edoc:v1"><edxml>QUJD</edxml></GetEdocResponse></s:Body></s:Envelope>';

describe('EdocSoapClient over its own connections', () => {
  it('sends the contract’s request (SOAPAction, UsernameToken, qualified arguments) and keeps one connection for consecutive calls', async () => {
    const requests: Array<{ action: string | undefined; type: string | undefined; body: string }> = [];
    const fake = await fakeServer((req, res, body) => {
      requests.push({ action: req.headers.soapaction as string | undefined, type: req.headers['content-type'], body });
      res.writeHead(200, { 'content-type': 'text/xml; charset=utf-8' }).end(RESPONSE);
    });
    const c = client({ url: fake.url });
    try {
      for (let i = 0; i < 5; i++) expect(fieldsOf(await c.call('GetEdoc', [['docId', `D${i}`]])).edxml).toBe('QUJD');
      expect(fake.connections()).toBe(1);
      expect(requests[0]).toMatchObject({ action: '"urn:vnpt:ioffice:edoc:v1#GetEdoc"', type: 'text/xml; charset=utf-8' });
      expect(requests[0].body).toContain('<wsse:Username>lienthong</wsse:Username>');
      expect(requests[0].body).toContain('#PasswordText">lienthong-secret</wsse:Password>');
      expect(requests[4].body).toContain('<tns:GetEdoc><tns:docId>D4</tns:docId></tns:GetEdoc>');
    } finally {
      c.close();
      fake.server.close();
    }
  });

  it('gives up on a late answer at its deadline, and refuses an answer over the size limit, without reading it all', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.headers.soapaction?.includes('GetEdoc')) res.writeHead(200).end(`<x>${'A'.repeat(64 * 1024)}</x>`);
      // any other operation: never answered
    });
    const c = client({ url: fake.url, timeoutMs: 300, maxResponseBytes: 16 * 1024 });
    try {
      const started = Date.now();
      await expect(
        c.call('UpdateStatus', [
          ['docId', 'D'],
          ['status', 'done'],
        ]),
      ).rejects.toMatchObject({ code: 'ETIMEDOUT' });
      expect(Date.now() - started).toBeLessThan(2000);
      await expect(c.call('GetEdoc', [['docId', 'D']])).rejects.toThrow(ResponseTooLarge);
    } finally {
      c.close();
      fake.server.closeAllConnections();
      fake.server.close();
    }
  });

  it('reports an HTTP error without a Fault as its status, and a WSDL of another service as not the contract', async () => {
    const fake = await fakeServer((req, res) => {
      if (req.method === 'GET')
        res
          .writeHead(200)
          .end(
            '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" targetNamespace="urn:other"><binding><operation name="GetEdoc"/></binding></definitions>',
          );
      else res.writeHead(503, { 'retry-after': '1' }).end('Service Unavailable');
    });
    const c = client({ url: fake.url });
    try {
      await expect(c.call('GetEdoc', [['docId', 'D']])).rejects.toEqual(new HttpStatusAnswer(503));
      const missing = await c.checkWsdl();
      expect(missing).toEqual(
        expect.arrayContaining(['targetNamespace urn:vnpt:ioffice:edoc:v1', 'operation SendEdoc', 'operation UpdateStatus']),
      );
      expect(missing).not.toContain('operation GetEdoc');
    } finally {
      c.close();
      fake.server.close();
    }
  });
});
