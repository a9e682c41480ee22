import { IncomingMessage, ServerResponse } from 'http';
import { appliesTo, IofficeFaults } from '../faults/fault.config';
import { SeededRandom } from '../faults/seeded-random';
import { EdocEndpoint } from '../soap/edoc.soap-endpoint';
import { EDOC_NAMESPACE, EDOC_OPERATIONS, EDOC_PATH, EdocOperation } from '../soap/edoc.wsdl';
import { CancelledError, Scheduler } from '../workflow/scheduler';
import { ADMIN_PREFIX, AdminTarget, handleAdmin } from './admin.api';
import { readBody } from './request-body';

/** What the front needs: where SOAP requests go, the admin target, and the fault settings. */
export interface FrontDeps {
  /** The SOAP endpoint the front hands requests on `EDOC_PATH` to. */
  soap: EdocEndpoint;
  admin: AdminTarget;
  faults: () => Readonly<IofficeFaults>;
  random: () => SeededRandom;
  scheduler: Scheduler;
  maxSoapBytes: number;
  log: (line: string) => void;
}

function operationOf(req: IncomingMessage, body: string): EdocOperation | undefined {
  const action = String(req.headers.soapaction ?? '').replace(/"/g, '');
  const fromAction = action.startsWith(`${EDOC_NAMESPACE}#`) ? action.slice(EDOC_NAMESPACE.length + 1) : undefined;
  const fromBody = /<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?([\w.-]+)/.exec(body)?.[1];
  const name = fromAction ?? fromBody;
  return (EDOC_OPERATIONS as readonly string[]).includes(name ?? '') ? (name as EdocOperation) : undefined;
}

function plain(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers });
  res.end(text);
}

/**
 * The HTTP side in front of the SOAP service: it serves the admin API, bounds request size, refuses DTDs in
 * SOAP envelopes, and injects the transport faults (timeouts, HTTP 503, latency) before the SOAP endpoint
 * sees the request.
 */
export function createHttpFront(deps: FrontDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`)) return handleAdmin(req, res, path, deps.admin);
    if (path.replace(/\/$/, '') !== EDOC_PATH) return plain(res, 404, `Not found: the service is at ${EDOC_PATH}`);
    if (req.method !== 'POST') return deps.soap.get(req, res, url);
    const body = await readBody(req, deps.maxSoapBytes);
    if (body === null) {
      res.on('finish', () => req.socket.destroy());
      return plain(res, 413, `Request larger than ${deps.maxSoapBytes} bytes`, { connection: 'close' });
    }
    if (body.length === 0) return plain(res, 400, 'Empty request: POST a SOAP 1.1 envelope');
    const text = body.toString('utf8');
    if (/<!DOCTYPE|<!ENTITY/i.test(text)) return plain(res, 400, 'DTDs and entity declarations are not allowed in SOAP messages');
    const operation = operationOf(req, text);
    const faults = deps.faults();
    if (appliesTo(faults, operation)) {
      if (deps.random().chance(faults.timeoutProbability)) {
        // Never answered, never processed: hold the connection past the client's timeout, then drop it.
        await deps.scheduler.delay(faults.hangMs).catch(() => undefined);
        req.socket.destroy();
        return;
      }
      if (deps.random().chance(faults.unavailableProbability)) {
        return plain(res, 503, 'Service Unavailable (simulated)', { 'retry-after': '1' });
      }
      if (faults.latencyMs > 0) await deps.scheduler.delay(faults.latencyMs);
    }
    await deps.soap.post(text, res);
  };
  return (req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof CancelledError) {
        req.socket.destroy();
        return;
      }
      deps.log(`HTTP ${req.method} ${req.url} failed: ${(error as Error).stack ?? String(error)}`);
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  };
}
