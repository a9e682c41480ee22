import { createServer } from 'node:net';

/**
 * Where test ports are picked: below Linux's ephemeral range (32768-60999 by default), which the kernel hands to
 * `listen(0)` and to every outgoing connection. A port taken from that range and listened on later can be taken
 * meanwhile by a connection the same test makes (to the broker, a keep-alive HTTP call): then EADDRINUSE. Above the
 * fixed ports the suites use (the fault harness from 21500, its RabbitMQ nodes' 25690+).
 */
const LOW = 26_000;
const HIGH = 32_000;

/** A TCP port free right now on loopback, for a service that others must know the port of before it starts. */
export async function freePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = LOW + Math.floor(Math.random() * (HIGH - LOW));
    if (await canListen(port)) return port;
  }
  throw new Error(`no free port found between ${LOW} and ${HIGH} on 127.0.0.1 after 50 tries`);
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
