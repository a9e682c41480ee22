import { IncomingMessage, ServerResponse } from 'http';
import { FaultConfigError, IofficeFaults } from '../faults/fault.config';
import { readBody } from './request-body';

/** What the admin API can see and change. */
export interface AdminTarget {
  faults(): IofficeFaults;
  /** Replaces the fault settings: fields not given go back to "no fault". */
  replaceFaults(patch: unknown): IofficeFaults;
  /** Changes only the fields given. */
  patchFaults(patch: unknown): IofficeFaults;
  state(): unknown;
  reset(): void;
}

/** Path prefix of the admin API, on the same port as the SOAP endpoint. */
export const ADMIN_PREFIX = '/_admin';

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body, null, 2);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

async function jsonBody(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req, 64 * 1024);
  if (body === null) throw new FaultConfigError('request body: larger than 64 KiB');
  try {
    return JSON.parse(body.toString('utf8') || '{}');
  } catch (error) {
    throw new FaultConfigError(`request body: not valid JSON (${(error as Error).message})`);
  }
}

/**
 * The simulator's admin API (test tooling, not part of the contract):
 * `GET|PUT|PATCH /_admin/faults`, `GET /_admin/state`, `POST /_admin/reset`, `GET /_admin/health`.
 */
export async function handleAdmin(req: IncomingMessage, res: ServerResponse, path: string, target: AdminTarget): Promise<void> {
  const route = `${req.method} ${path.slice(ADMIN_PREFIX.length)}`;
  try {
    switch (route) {
      case 'GET /faults':
        return json(res, 200, target.faults());
      case 'PUT /faults':
        return json(res, 200, target.replaceFaults(await jsonBody(req)));
      case 'PATCH /faults':
        return json(res, 200, target.patchFaults(await jsonBody(req)));
      case 'GET /state':
        return json(res, 200, target.state());
      case 'POST /reset':
        target.reset();
        return json(res, 200, { ok: true });
      case 'GET /health':
        return json(res, 200, { status: 'ok' });
      default:
        return json(res, 404, { error: 'SIM_IOFFICE.NOT_FOUND', message: `no admin route ${route}` });
    }
  } catch (error) {
    if (error instanceof FaultConfigError) return json(res, 400, { error: error.code, message: error.message });
    throw error;
  }
}
