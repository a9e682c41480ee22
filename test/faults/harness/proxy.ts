import { type Server, type Socket, connect, createServer } from 'node:net';

/**
 * A TCP front for one or more processes "behind one address": each new connection goes to the next target in turn,
 * and to the one after it when a target refuses (a killed instance). `cut()` makes the address unreachable (the
 * listener closes and every open connection is destroyed: connection refused / reset, as a network outage);
 * `restore()` opens it again. Used in front of every simulator (their outages) and every bus service (two instances).
 */
export class TcpProxy {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private next = 0;

  constructor(
    readonly port: number,
    private readonly targets: readonly number[],
  ) {}

  get isCut(): boolean {
    return this.server === undefined;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = createServer((client) => this.forward(client));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.server = server;
  }

  /** Unreachable from now on: refuses new connections, resets the open ones. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  restore(): Promise<void> {
    return this.start();
  }

  close(): Promise<void> {
    return this.cut();
  }

  private forward(client: Socket): void {
    this.sockets.add(client);
    client.on('close', () => this.sockets.delete(client));
    client.on('error', () => client.destroy());
    client.pause();
    const first = this.next++ % this.targets.length;
    const attempt = (tried: number): void => {
      if (tried >= this.targets.length || client.destroyed) {
        client.destroy();
        return;
      }
      const target = this.targets[(first + tried) % this.targets.length];
      const upstream = connect(target, '127.0.0.1');
      let connected = false;
      upstream.once('connect', () => {
        connected = true;
        this.sockets.add(upstream);
        upstream.on('close', () => this.sockets.delete(upstream));
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
      });
      upstream.on('error', () => {
        if (!connected) attempt(tried + 1);
        else upstream.destroy();
      });
    };
    attempt(0);
  }
}
