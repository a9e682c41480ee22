import { createHmac, timingSafeEqual } from 'node:crypto';
import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { AddressInfo } from 'node:net';

/** One POST the receiver got, whatever it answered. */
export interface ReceivedCall {
  transaction: string;
  timestamp: number;
  signatureValid: boolean;
  rawBody: string;
  body: Record<string, unknown>;
  answeredStatus: number;
}

/**
 * A stand-in for the bus's webhook endpoint, written from the contract and independent of the
 * simulator's code: verifies the HMAC itself, refuses stale timestamps (> 5 min) with 401, answers
 * a transaction seen before with 409 DUPLICATE, and can be told to fail the next calls.
 */
export class WebhookReceiver {
  readonly calls: ReceivedCall[] = [];
  private readonly seen = new Set<string>();
  private failures: number[] = [];
  private server?: Server;
  url = '';

  constructor(
    private readonly secret: string,
    private readonly path = '/postal/webhook',
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}${this.path}`;
    return this;
  }

  /** The next `count` calls get `status` (default 500) and are not taken. */
  failNext(count: number, status = 500): void {
    this.failures.push(...Array<number>(count).fill(status));
  }

  /** Calls taken (answered 200), in arrival order: one per transaction. */
  accepted(): ReceivedCall[] {
    return this.calls.filter((call) => call.answeredStatus === 200);
  }

  forOrder(orderNumber: string): ReceivedCall[] {
    return this.calls.filter((call) => call.body.orderNumber === orderNumber);
  }

  async close(): Promise<void> {
    if (!this.server) return;
    await new Promise<void>((resolve) => {
      this.server!.close(() => resolve());
      this.server!.closeAllConnections();
    });
  }

  private verify(timestamp: string, rawBody: string, signature: string): boolean {
    const expected = Buffer.from(`sha256=${createHmac('sha256', this.secret).update(`${timestamp}.${rawBody}`).digest('hex')}`);
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req as AsyncIterable<Buffer>) chunks.push(chunk);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const transaction = String(req.headers['x-postal-transaction'] ?? '');
    const timestampHeader = String(req.headers['x-postal-timestamp'] ?? '');
    const timestamp = Number(timestampHeader);
    const fresh = Number.isInteger(timestamp) && Math.abs(Date.now() / 1000 - timestamp) <= 300;
    const signatureValid = this.verify(timestampHeader, rawBody, String(req.headers['x-postal-signature'] ?? ''));
    let status: number;
    let answer: unknown;
    if (req.method !== 'POST' || req.url !== this.path) {
      status = 404;
    } else if (!signatureValid || !fresh || !transaction) {
      status = 401;
      answer = { code: 'UNAUTHORIZED' };
    } else if (this.failures.length > 0) {
      status = this.failures.shift()!;
      answer = { code: 'FAILING_ON_PURPOSE' };
    } else if (this.seen.has(transaction)) {
      status = 409;
      answer = { code: 'DUPLICATE', transaction };
    } else {
      this.seen.add(transaction);
      status = 200;
      answer = { code: 'success', transaction };
    }
    let body: Record<string, unknown> = {};
    try {
      body = JSON.parse(rawBody) as Record<string, unknown>;
    } catch {
      // recorded with an empty body; the test's assertions on fields will show it
    }
    this.calls.push({ transaction, timestamp, signatureValid, rawBody, body, answeredStatus: status });
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(answer === undefined ? undefined : JSON.stringify(answer));
  }
}
