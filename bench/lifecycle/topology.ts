/** A queue of the run's virtual host, as the management API describes it. */
export interface QueueInfo {
  readonly name: string;
  readonly durable: boolean;
  /** `classic` or `quorum`. */
  readonly type: string;
  readonly arguments: Record<string, unknown>;
  /** Prefetch of the queue's consumer during the run (0 = unbounded or no consumer). */
  readonly prefetch: number;
}

/** A binding of a queue to an exchange. */
export interface BindingInfo {
  readonly exchange: string;
  readonly queue: string;
  readonly routingKey: string;
}

/** The exchanges, queues, bindings and consumers' prefetch of a virtual host, read while the real flow runs. */
export interface Topology {
  readonly queues: readonly QueueInfo[];
  readonly bindings: readonly BindingInfo[];
}

/**
 * Reads the topology the services declared from the RabbitMQ management API (`RABBITMQ_MANAGEMENT_URL`, with
 * credentials), for the virtual host of `amqpUrl`. Queues whose name starts with `amq.` (the benchmark's own
 * watcher) are left out.
 */
export async function readTopology(managementUrl: string, amqpUrl: string): Promise<Topology> {
  const base = new URL(managementUrl);
  const vhost = encodeURIComponent(decodeURIComponent(new URL(amqpUrl).pathname.replace(/^\//, '')) || '/');
  const get = async <T>(path: string): Promise<T> => {
    const url = new URL(`${base.pathname.replace(/\/$/, '')}/api/${path}/${vhost}`, base.origin);
    const res = await fetch(url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`,
      },
    });
    if (!res.ok)
      throw new Error(`BENCH.MANAGEMENT_API: GET ${url.pathname} answered ${res.status}; check RABBITMQ_MANAGEMENT_URL (${base.origin})`);
    return (await res.json()) as T;
  };
  const [queues, bindings, consumers] = await Promise.all([
    get<Array<{ name: string; durable: boolean; type?: string; arguments?: Record<string, unknown> }>>('queues'),
    get<Array<{ source: string; destination: string; destination_type: string; routing_key: string }>>('bindings'),
    get<Array<{ queue: { name: string }; prefetch_count: number }>>('consumers'),
  ]);
  const prefetch = new Map(consumers.map((c) => [c.queue.name, c.prefetch_count]));
  const ours = (name: string): boolean => !name.startsWith('amq.');
  return {
    queues: queues
      .filter((q) => ours(q.name))
      .map((q) => ({
        name: q.name,
        durable: q.durable,
        type: q.type ?? String(q.arguments?.['x-queue-type'] ?? 'classic'),
        arguments: q.arguments ?? {},
        prefetch: prefetch.get(q.name) ?? 0,
      })),
    bindings: bindings
      .filter((b) => b.destination_type === 'queue' && b.source !== '' && ours(b.destination))
      .map((b) => ({ exchange: b.source, queue: b.destination, routingKey: b.routing_key })),
  };
}

/** Whether an AMQP topic binding key (`*` one word, `#` zero or more words) matches a routing key. */
export function topicMatches(bindingKey: string, routingKey: string): boolean {
  const pattern = bindingKey.split('.');
  const words = routingKey.split('.');
  const match = (p: number, w: number): boolean => {
    if (p === pattern.length) return w === words.length;
    if (pattern[p] === '#') {
      for (let skip = w; skip <= words.length; skip++) if (match(p + 1, skip)) return true;
      return false;
    }
    if (w === words.length) return false;
    return (pattern[p] === '*' || pattern[p] === words[w]) && match(p + 1, w + 1);
  };
  return match(0, 0);
}

/** The queues a message published to a topic exchange reaches, each once. */
export function queuesReached(topology: Topology, exchange: string, routingKey: string): string[] {
  const reached = new Set<string>();
  for (const b of topology.bindings) if (b.exchange === exchange && topicMatches(b.routingKey, routingKey)) reached.add(b.queue);
  return [...reached];
}
