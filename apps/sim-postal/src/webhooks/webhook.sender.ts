import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What one POST got back: a status and body, or the network error that prevented one. */
export interface SendResult {
  status?: number;
  body?: string;
  error?: string;
}

const MAX_KEPT_BODY = 2_000;

/**
 * Kept-alive connections for one dispatcher's webhooks (a new connection per webhook cost the post office and the bus a
 * TCP handshake each). Idle ones are closed after 4 s, before a receiver's usual 5 s keep-alive timeout closes one
 * under a request; `close` drops them all, so that closing the simulator never waits on pooled sockets.
 */
export class WebhookConnections {
  readonly http = new HttpAgent({ keepAlive: true, timeout: 4_000 });
  readonly https = new HttpsAgent({ keepAlive: true, timeout: 4_000 });

  close(): void {
    this.http.destroy();
    this.https.destroy();
  }
}

/** POSTs a raw body once, over `connections` (a new connection per call without). Never rejects. */
export function postRaw(
  url: string,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
  signal: AbortSignal,
  connections?: WebhookConnections,
): Promise<SendResult> {
  return new Promise((resolve) => {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      resolve({ error: `invalid webhook URL "${url}"` });
      return;
    }
    const https = target.protocol === 'https:';
    const send = https ? httpsRequest : httpRequest;
    const req = send(
      target,
      {
        method: 'POST',
        agent: connections ? (https ? connections.https : connections.http) : false,
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
