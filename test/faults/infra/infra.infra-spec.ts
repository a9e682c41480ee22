import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as amqp from 'amqplib';
import { Client } from 'pg';
import { HEADERS, SCHEMA_VERSION, exchangeOf, sampleDossierReceived } from '@lienthong/contracts';
import { AmqpConnection } from '@lienthong/messaging';
import { dropTestSchema, testDatabaseUrls } from '@lienthong/persistence/testing';
import { HandlerScript, TEST_MIGRATIONS, TestHandlers } from '../../../libs/messaging/src/testing/test-handlers';
import { startTestService } from '../../../libs/messaging/src/testing/test-service';
import { PostgresInstance } from './postgres-instance';
import { RabbitCluster } from './rabbit-cluster';
import { RabbitNode } from './rabbit-node';
import { waitFor } from './run';
import { SmallDisk } from './small-disk';

describe('fault infrastructure', () => {
  it('a RabbitMQ node of our own: connections listed and closed by name, stop_app / start_app, stop / restart', async () => {
    const node = await RabbitNode.start({ index: 0 });
    const connection = new AmqpConnection({ urls: [node.url], name: 'infra-spec-probe', reconnectDelayMs: 100, reconnectMaxDelayMs: 500 });
    try {
      await connection.connect();
      expect((await node.connections()).map((c) => [c.name, c.node])).toEqual([['infra-spec-probe', 'lt22n0@localhost']]);

      expect(await node.closeConnection('infra-spec-probe')).toBe(1);
      await waitFor(
        'the connection to heal after close_connection',
        async () => (await node.connections()).some((c) => c.name === 'infra-spec-probe'),
        30_000,
      );

      await node.stopApp();
      expect(connection.isConnected).toBe(false);
      await node.startApp();
      await waitFor('the connection to heal after start_app', () => connection.isConnected, 30_000);

      await node.stop();
      await node.restart();
      await waitFor('the connection to heal after a node restart', () => connection.isConnected, 30_000);
    } finally {
      await connection.close();
      await node.dispose();
    }
    expect(await node.isRunning()).toBe(false);
  });

  it('a 3-node cluster with quorum queues: the node a service is connected to stops, the service moves to another node, nothing lost or done twice', async () => {
    const cluster = await RabbitCluster.start();
    const databaseUrl = testDatabaseUrls()[0].url();
    const script = new HandlerScript();
    const service = `infra-cluster-${randomBytes(3).toString('hex')}`;
    const svc = await startTestService({
      service,
      databaseUrl,
      providers: [TestHandlers, { provide: HandlerScript, useValue: script }],
      migrations: TEST_MIGRATIONS,
      overrides: { urls: cluster.nodes.map((n) => n.url), queueType: 'quorum' },
    });
    // The outside publisher sits on the last node; the service starts on the first URL it can reach.
    const publisherNode = cluster.nodes[cluster.nodes.length - 1];
    const model = await amqp.connect(publisherNode.url, { clientProperties: { connection_name: 'infra-spec-publisher' } });
    const channel = await model.createConfirmChannel();
    const total = 300;
    const published: string[] = [];
    const publish = async (i: number): Promise<void> => {
      const body = { ...sampleDossierReceived(), dossierCode: `C-${service}-${i}` };
      const messageId = `${service}-${i}`;
      channel.publish(exchangeOf('onestop.dossier.received'), 'onestop.dossier.received', Buffer.from(JSON.stringify(body)), {
        messageId,
        type: 'onestop.dossier.received',
        contentType: 'application/json',
        appId: 'onestop',
        persistent: true,
        headers: { [HEADERS.schemaVersion]: SCHEMA_VERSION },
      });
      published.push(messageId);
    };
    try {
      const before = await cluster.nodeOf(`lienthong-${service}`);
      expect(before).toBeDefined();
      expect(before).not.toBe(publisherNode);
      for (let i = 0; i < total / 2; i++) await publish(i);
      await channel.waitForConfirms();
      // Stopped while the first half is in flight.
      await before!.stopApp();
      for (let i = total / 2; i < total; i++) await publish(i);
      await channel.waitForConfirms();
      await waitFor(
        'every message handled',
        async () => Number((await svc.db.query<{ n: number }>('SELECT COUNT(DISTINCT message_id) AS n FROM test_effects'))[0].n) === total,
        120_000,
        500,
      );
      const after = await cluster.nodeOf(`lienthong-${service}`);
      expect(after?.nodeName).toBeDefined();
      expect(after?.nodeName).not.toBe(before!.nodeName);
      const [rows] = await svc.db.query<{ n: number }>('SELECT COUNT(*) AS n FROM test_effects');
      expect(Number(rows.n)).toBe(total);
      expect(svc.server.stats.deadLettered).toBe(0);
      await before!.startApp();
    } finally {
      await model.close().catch(() => undefined);
      await svc.close();
      await dropTestSchema(databaseUrl);
      await cluster.dispose();
    }
  });

  it('a PostgreSQL instance of our own: restarted fast and immediately, reachable again on the same URL', async () => {
    const pg = await PostgresInstance.start({ port: 5440 });
    try {
      const query = async (): Promise<number> => {
        const client = new Client({ connectionString: pg.url });
        await client.connect();
        try {
          return Number((await client.query<{ n: number }>('SELECT 1 AS n')).rows[0].n);
        } finally {
          await client.end();
        }
      };
      expect(await query()).toBe(1);
      await pg.stop('immediate');
      await expect(query()).rejects.toThrow(/ECONNREFUSED/);
      await pg.startServer();
      expect(await query()).toBe(1);
      await pg.restart('fast');
      expect(await query()).toBe(1);
    } finally {
      await pg.dispose();
    }
  });

  it('a small disk: filled to ENOSPC, freed again', () => {
    const disk = SmallDisk.mount(8);
    try {
      const file = join(disk.dir('data'), 'probe');
      disk.fill();
      expect(disk.freeBytes()).toBe(0);
      expect(() => writeFileSync(file, 'x'.repeat(8192))).toThrow(/ENOSPC/);
      disk.free();
      writeFileSync(file, 'x'.repeat(8192));
    } finally {
      disk.dispose();
    }
  });
});
