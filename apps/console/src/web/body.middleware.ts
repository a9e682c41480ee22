import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { ConsoleRequest, ConsoleResponse } from './http';

/** Largest JSON request body: an edited dead letter may be up to MAX_MESSAGE_BYTES (1 MiB) plus escaping. */
export const MAX_JSON_BYTES = 3 * 1024 * 1024;

/**
 * Parses JSON request bodies for the console's API. The app runs with Nest's body parser off, because the
 * postal webhook route must forward the raw bytes it received (the HMAC covers them); this middleware is
 * applied to every route but that one.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  async use(req: ConsoleRequest, res: ConsoleResponse, next: (error?: unknown) => void): Promise<void> {
    const method = req.method ?? 'GET';
    if (method === 'GET' || method === 'HEAD' || req.headers['content-length'] === '0') return next();
    const type = req.headers['content-type'] ?? '';
    if (!/^application\/json\b/i.test(type)) {
      // Nothing to parse; routes that need a body then see none and answer 400.
      if (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined) return next();
      return reply(res, 415, { code: 'CONSOLE.UNSUPPORTED_MEDIA_TYPE', message: 'send application/json' });
    }
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for await (const chunk of req as AsyncIterable<Buffer>) {
        size += chunk.length;
        if (size > MAX_JSON_BYTES)
          return reply(res, 413, { code: 'CONSOLE.TOO_LARGE', message: `request body over ${MAX_JSON_BYTES} bytes` });
        chunks.push(chunk);
      }
      const text = Buffer.concat(chunks).toString('utf8');
      req.body = text === '' ? {} : (JSON.parse(text) as unknown);
    } catch (error) {
      return reply(res, 400, { code: 'CONSOLE.BAD_JSON', message: `request body is not JSON (${(error as Error).message})` });
    }
    next();
  }
}

function reply(res: ConsoleResponse, status: number, body: Record<string, unknown>): void {
  res.statusCode = status;
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.end(JSON.stringify(body));
}
