import { IncomingMessage, ServerResponse } from 'node:http';

/** What a handler answers. Handlers return it instead of writing, so a fault can still replace it. */
export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

/** A request body the simulator refuses before any handler sees it. */
export class BodyError extends Error {
  constructor(readonly reply: Reply) {
    super(`request body refused with ${reply.status}`);
  }
}

/** Reads the raw body, refusing more than `limitBytes` (413) rather than buffering without bound. */
export async function readBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) {
      throw new BodyError(reply(413, { code: 'PAYLOAD_TOO_LARGE', message: `request body exceeds ${limitBytes} bytes` }));
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export const isJsonContent = (contentType: string | undefined): boolean => /\bjson\b/i.test(contentType ?? '');
export const isFormContent = (contentType: string | undefined): boolean => /application\/x-www-form-urlencoded/i.test(contentType ?? '');

/** Parses a JSON body; an empty body is `undefined`, malformed JSON a 400 in the contract's shape. */
export function parseJsonBody(raw: string): unknown {
  if (raw.trim() === '') return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new BodyError(reply(400, { code: 'VALIDATION', errors: [{ field: 'body', problem: 'is not valid JSON' }] }));
  }
}

export function writeReply(res: ServerResponse, answer: Reply): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-store', ...answer.headers };
  if (answer.body === undefined) {
    res.writeHead(answer.status, headers).end();
    return;
  }
  const payload = JSON.stringify(answer.body);
  res
    .writeHead(answer.status, {
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(payload)),
      ...headers,
    })
    .end(payload);
}
