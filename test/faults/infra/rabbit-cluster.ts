import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RabbitNode } from './rabbit-node';

/**
 * Three (or `size`) RabbitMQ nodes of our own joined into one cluster: node `first..first+size-1`
 * (`lt22n<i>@localhost`, AMQP 5690+i). The services get every node's URL in `AMQP_URL` and quorum queues
 * (`AMQP_QUEUE_TYPE=quorum`), so that losing the node they are connected to loses no message.
 */
export class RabbitCluster {
  private constructor(
    readonly nodes: readonly RabbitNode[],
    private readonly baseDir: string,
  ) {}

  static async start(options: { size?: number; first?: number } = {}): Promise<RabbitCluster> {
    const size = options.size ?? 3;
    const first = options.first ?? 1;
    const baseDir = mkdtempSync(join(tmpdir(), 'lt22-cluster-'));
    const nodes: RabbitNode[] = [];
    try {
      // Started one after the other: two cores, and each boot is CPU-bound for a few seconds.
      for (let i = first; i < first + size; i++) nodes.push(await RabbitNode.start({ index: i, baseDir }));
      const [seed, ...rest] = nodes;
      for (const node of rest) {
        await node.ctl('stop_app');
        await node.ctl('join_cluster', seed.nodeName);
        await node.startApp();
      }
      const cluster = new RabbitCluster(nodes, baseDir);
      const running = await cluster.runningNodes();
      if (running.length !== size) throw new Error(`cluster formed with ${running.length} of ${size} nodes running: ${running.join(', ')}`);
      return cluster;
    } catch (error) {
      for (const node of nodes.reverse()) await node.dispose().catch(() => undefined);
      rmSync(baseDir, { recursive: true, force: true });
      throw error;
    }
  }

  /** The value for `AMQP_URL`: every node, comma-separated (the transport tries them in turn). */
  get amqpUrl(): string {
    return this.nodes.map((n) => n.url).join(',');
  }

  /** The node with this Erlang name (`lt22n2@localhost`). */
  node(nodeName: string): RabbitNode {
    const node = this.nodes.find((n) => n.nodeName === nodeName);
    if (!node) throw new Error(`no node ${nodeName} in the cluster (${this.nodes.map((n) => n.nodeName).join(', ')})`);
    return node;
  }

  /** A node whose RabbitMQ application runs (to ask about the cluster while another is down). */
  async anyRunning(): Promise<RabbitNode> {
    for (const node of this.nodes) if (await node.isServing()) return node;
    throw new Error('no node of the cluster is running');
  }

  /** Names of the nodes whose RabbitMQ application runs, as the cluster itself reports them. */
  async runningNodes(): Promise<string[]> {
    const out = await (await this.anyRunning()).ctl('cluster_status', '--formatter', 'json', '--quiet');
    const status = JSON.parse(out) as { running_nodes?: string[] };
    return status.running_nodes ?? [];
  }

  /** The node a client's connection (by its `connection_name`) lives on, or undefined when not connected. */
  async nodeOf(connectionName: string): Promise<RabbitNode | undefined> {
    const connections = await (await this.anyRunning()).connections();
    const found = connections.find((c) => c.name === connectionName);
    return found ? this.node(found.node) : undefined;
  }

  async dispose(): Promise<void> {
    for (const node of [...this.nodes].reverse()) await node.dispose().catch(() => undefined);
    rmSync(this.baseDir, { recursive: true, force: true });
  }
}
