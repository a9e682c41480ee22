import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { StoredFile } from '../files/document.store';
import { OnestopSimError } from '../shared/simulator.error';

/** What the HTTP side serves; implemented by the simulator. */
export interface HttpApi {
  file(id: string): StoredFile | undefined;
  state(): unknown;
  rejected(): unknown;
  behaviour(): unknown;
  /** Throws `OnestopSimError` (answered 400/422) for a bad patch. */
  setBehaviour(patch: unknown): unknown;
  submit(request: unknown): Promise<unknown>;
  play(script: unknown): Promise<unknown>;
}

const MAX_BODY_BYTES = 1_048_576;

/** Error code → HTTP status; anything else is a 500. */
const STATUS_OF: Readonly<Record<string, number>> = {
  'SIM_ONESTOP.BAD_REQUEST': 400,
  'SIM_ONESTOP.SCRIPT_INVALID': 400,
  'SIM_ONESTOP.BEHAVIOUR_INVALID': 400,
  'SIM_ONESTOP.INVALID_OVERRIDES': 422,
  'SIM_ONESTOP.NOT_FOUND': 404,
};

/**
 * The simulator's HTTP server: the documents its messages reference (`GET|HEAD /files/<id>`, exact bytes,
 * sha256 as ETag) and the admin API (`/_admin/...`, no auth: a simulator on a trusted machine).
 */
export async function startHttpServer(api: HttpApi, host: string, port: number): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    route(api, req, res).catch((error: unknown) => answerError(res, error));
  });
  // Node's default keep-alive (5 s). A shorter one makes Node clients drop the connection after every response
  // (they subtract 1 s from the server's hint), so each document fetch paid for a new connection. close() ends
  // open connections itself.
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return { server, port: (server.address() as AddressInfo).port };
}

async function route(api: HttpApi, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  const method = req.method ?? 'GET';
  if (path.startsWith('/files/') && (method === 'GET' || method === 'HEAD'))
    return serveFile(api, decodeURIComponent(path.slice('/files/'.length)), method, res);
  switch (`${method} ${path}`) {
    case 'GET /_admin/health':
      return json(res, 200, { status: 'ok' });
    case 'GET /_admin/state':
      return json(res, 200, api.state());
    case 'GET /_admin/rejected':
      return json(res, 200, api.rejected());
    case 'GET /_admin/behaviour':
      return json(res, 200, api.behaviour());
    case 'PUT /_admin/behaviour':
      return json(res, 200, api.setBehaviour(await readJson(req)));
    case 'POST /_admin/dossiers':
      return json(res, 201, await api.submit(await readJson(req, {})));
    case 'POST /_admin/script':
      return json(res, 200, await api.play(await readJson(req)));
    default:
      throw new OnestopSimError(
        'SIM_ONESTOP.NOT_FOUND',
        `no route ${method} ${path} (files: GET /files/<id>; admin: GET /_admin/state, POST /_admin/dossiers, POST /_admin/script, GET|PUT /_admin/behaviour, GET /_admin/rejected)`,
      );
  }
}

function serveFile(api: HttpApi, id: string, method: string, res: ServerResponse): void {
  const file = api.file(id);
  if (!file)
    throw new OnestopSimError(
      'SIM_ONESTOP.NOT_FOUND',
      `no document ${id} (documents live in memory: a restarted simulator no longer serves earlier ones)`,
    );
  res.writeHead(200, {
    'content-type': file.contentType,
    'content-length': String(file.bytes.length),
    etag: `"${file.sha256}"`,
    'cache-control': 'public, max-age=31536000, immutable',
  });
  res.end(method === 'HEAD' ? undefined : file.bytes);
}

async function readJson(req: IncomingMessage, empty?: unknown): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new OnestopSimError('SIM_ONESTOP.BAD_REQUEST', `request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  if (text.trim() === '' && empty !== undefined) return empty;
  try {
    return JSON.parse(text);
  } catch {
    throw new OnestopSimError('SIM_ONESTOP.BAD_REQUEST', 'the request body must be JSON');
  }
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const bytes = Buffer.from(JSON.stringify(body, null, 2), 'utf8');
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': String(bytes.length) });
  res.end(bytes);
}

function answerError(res: ServerResponse, error: unknown): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  if (error instanceof OnestopSimError) {
    json(res, STATUS_OF[error.code] ?? 500, { code: error.code, message: error.message, problems: error.problems });
    return;
  }
  json(res, 500, { code: 'SIM_ONESTOP.INTERNAL', message: (error as Error)?.message ?? String(error) });
}
