import { request } from 'node:http';
import { request as requestTls } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import { Controller, Inject, Logger, Post, Req, Res } from '@nestjs/common';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { Public } from '../web/access.decorators';
import type { ConsoleRequest, ConsoleResponse } from '../web/http';

/** Larger than any tracking callback; the adapter applies its own, smaller limit. */
const MAX_FORWARD_BYTES = 2 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

/** Request headers passed on: the body's type and length, and the signature headers the HMAC check needs. */
export function forwardedHeaders(headers: IncomingHttpHeaders, remoteAddress: string | undefined, length: number): Record<string, string> {
  const out: Record<string, string> = { 'content-length': String(length) };
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (name === 'content-type' || name === 'user-agent' || name.startsWith('x-postal-'))
      out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const previous = headers['x-forwarded-for'];
  out['x-forwarded-for'] = [typeof previous === 'string' ? previous : undefined, remoteAddress].filter(Boolean).join(', ');
  return out;
}

/**
 * `POST /postal/webhook` on the bus's public port, forwarded byte for byte (body and X-Postal-* headers) to the
 * postal adapter, whose answer (status, body) goes back unchanged. No login: the callback is HMAC-signed and
 * the adapter checks the signature. This route gets no body parser (see JsonBodyMiddleware), so the bytes are
 * exactly those the postal operator signed.
 */
@Controller('postal')
@Public()
export class PostalWebhookForwarder {
  private readonly logger = new Logger('PostalWebhook');

  constructor(@Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig) {}

  @Post('webhook')
  async forward(@Req() req: ConsoleRequest, @Res() res: ConsoleResponse): Promise<void> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req as AsyncIterable<Buffer>) {
      size += chunk.length;
      if (size > MAX_FORWARD_BYTES)
        return answer(
          res,
          413,
          'application/json',
          JSON.stringify({ code: 'PAYLOAD_TOO_LARGE', message: `body over ${MAX_FORWARD_BYTES} bytes` }),
        );
      chunks.push(chunk);
    }
    const body = Buffer.concat(chunks);
    const target = new URL('/postal/webhook', this.config.postalAdapterUrl);
    const send = target.protocol === 'https:' ? requestTls : request;
    await new Promise<void>((done) => {
      const upstream = send(
        target,
        { method: 'POST', headers: forwardedHeaders(req.headers, req.socket.remoteAddress, body.length), timeout: TIMEOUT_MS },
        (reply) => {
          const parts: Buffer[] = [];
          reply.on('data', (c: Buffer) => parts.push(c));
          reply.on('end', () => {
            answer(res, reply.statusCode ?? 502, reply.headers['content-type'], Buffer.concat(parts));
            done();
          });
          reply.on('error', () => {
            answer(
              res,
              502,
              'application/json',
              JSON.stringify({ code: 'CONSOLE.POSTAL_ADAPTER_FAILED', message: 'the postal adapter broke off its answer' }),
            );
            done();
          });
        },
      );
      upstream.on('timeout', () => upstream.destroy(new Error(`no answer within ${TIMEOUT_MS} ms`)));
      upstream.on('error', (error) => {
        this.logger.warn(`cannot forward a postal webhook to ${target.origin}: ${error.message}`);
        // 503: only 2xx and 409 count as delivered for the operator (postal-rest), so it sends the callback again.
        answer(
          res,
          503,
          'application/json',
          JSON.stringify({
            code: 'CONSOLE.POSTAL_ADAPTER_UNREACHABLE',
            message: `the postal adapter at ${target.origin} did not answer; retry later`,
          }),
        );
        done();
      });
      upstream.end(body);
    });
  }
}

function answer(res: ConsoleResponse, status: number, contentType: string | undefined, body: string | Buffer): void {
  if (res.headersSent) return;
  res.statusCode = status;
  if (contentType) res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', 'no-store');
  res.end(body);
}
