import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** What one POST got back: a status and body, or the network error that prevented one. */
export interface SendResult {
  status?: number;
  body?: string;
  error?: string;
}

const MAX_KEPT_BODY = 2_000;

/**
 * POSTs a raw body once, with no keep-alive (`agent: false`): each attempt is its own connection,
 * so closing the simulator never waits on pooled sockets. Never rejects.
 */
export function postRaw(url: string, body: string, headers: Record<string, string>, timeoutMs: number, signal: AbortSignal): Promise<SendResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ error: `invalid webhook URL "${url}"` });
      return;
    }
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        agent: false,
        signal,
        timeout: timeoutMs,
        headers: { ...headers, 'Content-Length': String(Buffer.byteLength(body)) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8').slice(0, MAX_KEPT_BODY) }));
        res.on('error', (error) => resolve({ status: res.statusCode, error: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (error) => resolve({ error: error.message }));
    req.end(body);
  });
}
