import type { IncomingMessage } from 'node:http';

/** A request body over the limit: refused before it is buffered whole. */
export class BodyTooLarge extends Error {
  constructor(readonly limitBytes: number) {
    super(`request body exceeds ${limitBytes} bytes`);
  }
}

/**
 * The request body exactly as sent (the HMAC covers these bytes). Uses Nest's `rawBody` when the app was
 * created with `rawBody: true`; otherwise reads the stream, which requires `bodyParser: false`.
 */
export async function readRawBody(req: IncomingMessage & { rawBody?: Buffer }, limitBytes: number): Promise<Buffer> {
  if (Buffer.isBuffer(req.rawBody)) {
    if (req.rawBody.length > limitBytes) throw new BodyTooLarge(limitBytes);
    return req.rawBody;
  }
  if (req.readableEnded)
    throw new Error('the request body was consumed by a body parser: create the app with bodyParser: false (or rawBody: true)');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limitBytes) throw new BodyTooLarge(limitBytes);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
