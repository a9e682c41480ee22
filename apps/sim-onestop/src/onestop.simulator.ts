import type { Server } from 'node:http';
import type { ChannelModel } from 'amqplib';
import { loadDepartments } from '@lienthong/config';
import type { DossierReceivedMessage } from '@lienthong/contracts';
import { connectAmqp, ensureExchange, redactUrl } from './amqp/amqp.link';
import { InboxConsumer, type InboxStats } from './amqp/inbox.consumer';
import { OnestopPublisher } from './amqp/onestop.publisher';
import { CenterDesk, type DeskState, type SubmitPlan, type SubmittedDossier } from './center.desk';
import { DocumentStore } from './files/document.store';
import { startHttpServer } from './http/http.server';
import type { RejectionReport } from './reactions/reaction.context';
import { react } from './reactions/reactions.map';
import type { ScriptResult } from './script/script.player';
import { isCancelled, Scheduler } from './shared/scheduler';
import { OnestopSimError } from './shared/simulator.error';
import { type Behaviour, type OnestopSimulatorOptions, resolveOptions } from './simulator.options';

export type { SubmitPlan, SubmittedDossier } from './center.desk';

/** Everything the simulator knows, JSON-safe (`GET /_admin/state`). */
export interface SimulatorState extends DeskState {
  readonly startedAt: string;
  readonly seed: number;
  readonly url: string;
  readonly exchange: string;
  readonly queue: string;
  readonly connected: boolean;
  readonly counts: DeskState['counts'] & InboxStats;
}

/** A running one-stop system simulator. */
export interface OnestopSimulator {
  /** Base URL of the document and admin server, e.g. `http://127.0.0.1:3103`. */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly exchange: string;
  readonly queue: string;
  /** Resolves with the error if the broker connection is lost (a standalone process then exits to be restarted). */
  readonly lost: Promise<Error>;
  /** Generates, publishes and tracks one dossier now; `overrides` replace generated fields. */
  submit(overrides?: Partial<DossierReceivedMessage>, plan?: SubmitPlan): Promise<SubmittedDossier>;
  /** Replays a script (an array of entries, see `ScriptEntry`); resolves when every entry is confirmed. */
  play(script: unknown): Promise<ScriptResult[]>;
  behaviour(): Behaviour;
  /** Changes some behaviour settings (`SIM_ONESTOP.BEHAVIOUR_INVALID` when out of range); returns the result. */
  setBehaviour(patch: Partial<Behaviour>): Behaviour;
  state(): SimulatorState;
  /** Every `lienthong.message-rejected` received, oldest first. */
  rejected(): RejectionReport[];
  /** Stops generating and consuming (pending reactions stay unacked, so the broker redelivers them) and closes everything. */
  close(): Promise<void>;
}

const NO_INBOX: InboxStats = { consumed: 0, duplicates: 0, invalidFromBus: 0, ignored: 0, handlerErrors: 0 };
/** How long the simulator tries to get the broker back after losing it before it gives up (main then exits 1). */
const RECONNECT_FOR_MS = 120_000;

/**
 * Starts the simulated one-stop system (Hệ thống thông tin một cửa điện tử) of the Center: a document and
 * admin server, its own publisher and inbox on RabbitMQ, a dossier generator, and the Center's reactions
 * to the bus. Written from contract v1 alone; it shares no code with the bus's transport.
 */
export async function startOnestopSimulator(options: OnestopSimulatorOptions = {}): Promise<OnestopSimulator> {
  const resolved = resolveOptions(options);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(`[sim-onestop] ${line}`));
  const scheduler = new Scheduler();
  const startedAt = now().toISOString();

  let server: Server | undefined;
  let model: ChannelModel | undefined;
  let publisher: OnestopPublisher | undefined;
  let inbox: InboxConsumer | undefined;
  let generatorTimer: NodeJS.Timeout | undefined;
  let url = '';
  let port = 0;
  let closing = false;
  let connected = false;
  let reportLost: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (reportLost = resolve));

  // Message ids the inbox has acted on, kept across reconnections: a reaction done just before the broker went away
  // (its ack lost with the channel) is not done again when the message is redelivered.
  const seen = new Set<string>();
  const inboxStats: InboxStats = { ...NO_INBOX };

  /**
   * The broker went away (a restart, `close_connection`, the node of a cluster stopped): stop acting, let the
   * reactions in flight settle (those that could not publish are forgotten, so their redelivery is acted on),
   * then reconnect over the URLs for up to `RECONNECT_FOR_MS`. Only then is the loss reported (main exits 1).
   */
  let reconnecting = false;
  const onLost = (lostModel: ChannelModel | undefined, error: Error): void => {
    if (closing || reconnecting || !connected || lostModel !== model) return;
    connected = false;
    log(`lost the broker (${error.message}); reconnecting`);
    void reconnect(error);
  };

  const reconnect = async (cause: Error): Promise<void> => {
    reconnecting = true;
    try {
      await reattach(cause);
    } finally {
      reconnecting = false;
    }
  };

  const reattach = async (cause: Error): Promise<void> => {
    const oldInbox = inbox;
    const oldPublisher = publisher;
    const oldModel = model;
    inbox = undefined;
    publisher = undefined;
    model = undefined;
    await oldInbox?.close();
    await oldPublisher?.close();
    await oldModel?.close().catch(() => undefined);
    const deadline = Date.now() + RECONNECT_FOR_MS;
    for (let delayMs = 500; !closing; delayMs = Math.min(delayMs * 2, 5_000)) {
      try {
        await attach();
        log('reconnected to the broker');
        return;
      } catch (error) {
        if (Date.now() > deadline) {
          log(
            `ERROR: lost the broker (${cause.message}) and could not reconnect for ${RECONNECT_FOR_MS / 1000} s (${(error as Error).message}); the simulator stops consuming and publishing`,
          );
          reportLost(cause);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, delayMs));
      }
    }
  };

  const scheduleGenerator = (): void => {
    if (generatorTimer) clearTimeout(generatorTimer);
    generatorTimer = undefined;
    const rate = desk.behaviour().ratePerMinute;
    if (closing || rate <= 0) return;
    generatorTimer = setTimeout(() => {
      desk
        .submit()
        .catch((error: unknown) => log(`ERROR generating a dossier: ${(error as Error).message}`))
        .finally(scheduleGenerator);
    }, 60_000 / rate);
  };

  const files = new DocumentStore('http://placeholder');
  const desk = new CenterDesk({
    departments: options.departments ?? loadDepartments(resolved.departmentsFile),
    files,
    scheduler,
    seed: resolved.seed,
    behaviour: resolved.behaviour,
    codeStart: resolved.codeStart,
    publisher: () => {
      if (!publisher || !connected)
        throw new OnestopSimError('SIM_ONESTOP.DISCONNECTED', 'not connected to RabbitMQ; restart the simulator');
      return publisher;
    },
    now,
    log,
    onRateChanged: scheduleGenerator,
  });

  const state = (): SimulatorState => {
    const desked = desk.state();
    return {
      ...desked,
      startedAt,
      seed: resolved.seed,
      url,
      exchange: resolved.exchange,
      queue: resolved.queue,
      connected,
      counts: { ...inboxStats, ...desked.counts },
    };
  };

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    if (generatorTimer) clearTimeout(generatorTimer);
    scheduler.close(); // pending reactions give up; their messages stay unacked and are redelivered
    await inbox?.close();
    await publisher?.close();
    connected = false;
    await model?.close().catch(() => undefined);
    if (server) {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  };

  /** Connects (first URL that answers), opens the publisher and starts consuming. */
  const attach = async (beforeConsuming?: () => void): Promise<void> => {
    const current = await connectAmqp(resolved.amqpUrl, 'sim-onestop');
    current.on('error', (error: Error) => onLost(current, error));
    current.on('close', () => onLost(current, new Error('connection closed')));
    try {
      await ensureExchange(current, resolved.exchange);
      publisher = await OnestopPublisher.open(current, resolved.exchange, now, (error) => onLost(current, error));
      model = current;
      connected = true;
      beforeConsuming?.();
      inbox = await InboxConsumer.start(current, {
        exchange: resolved.exchange,
        queue: resolved.queue,
        queueType: resolved.queueType,
        prefetch: resolved.prefetch,
        seen,
        stats: inboxStats,
        handle: (message) => react(message, desk),
        isCancellation: isCancelled,
        log,
        onLost: (error) => onLost(current, error),
      });
    } catch (error) {
      // Half attached (the node went away again): drop it all, the caller tries again.
      connected = false;
      model = undefined;
      publisher = undefined;
      inbox = undefined;
      await current.close().catch(() => undefined);
      throw error;
    }
  };

  try {
    const http = await startHttpServer(
      {
        file: (id) => files.get(id),
        state,
        rejected: () => desk.rejected(),
        behaviour: () => ({ ...desk.behaviour() }),
        setBehaviour: (patch) => desk.setBehaviour(patch),
        submit: (request) => {
          if (typeof request !== 'object' || request === null || Array.isArray(request)) {
            throw new OnestopSimError(
              'SIM_ONESTOP.BAD_REQUEST',
              'POST /_admin/dossiers takes a JSON object: fields of onestop.dossier.received to override, and optionally "plan": { "outcome": "approve" | "supplement" | "reject" | "withdraw" }',
            );
          }
          const { plan, ...overrides } = request as Record<string, unknown>;
          if (plan !== undefined && (typeof plan !== 'object' || plan === null))
            throw new OnestopSimError('SIM_ONESTOP.BAD_REQUEST', '"plan" must be an object, e.g. { "outcome": "supplement" }');
          return desk.submit(overrides as Partial<DossierReceivedMessage>, (plan ?? {}) as SubmitPlan);
        },
        play: (script) => desk.play(script),
      },
      resolved.host,
      resolved.port,
    );
    server = http.server;
    port = http.port;
    url = (resolved.publicUrl ?? `http://${resolved.host}:${port}`).replace(/\/+$/, '');
    files.setBaseUrl(url);

    await attach(() => {
      // Announced before consuming: messages left in the queue by an earlier run are handled right away.
      log(
        `one-stop system simulator: documents and admin at ${url}; ${redactUrl(resolved.amqpUrl)} exchange ${resolved.exchange}, queue ${resolved.queue}; seed ${resolved.seed}`,
      );
      log(`behaviour: ${JSON.stringify(desk.behaviour())}`);
    });
  } catch (error) {
    await close();
    throw error;
  }
  scheduleGenerator();

  return {
    url,
    port,
    seed: resolved.seed,
    exchange: resolved.exchange,
    queue: resolved.queue,
    lost,
    submit: (overrides, plan) => desk.submit(overrides, plan),
    play: (script) => desk.play(script),
    behaviour: () => ({ ...desk.behaviour() }),
    setBehaviour: (patch) => desk.setBehaviour(patch),
    state,
    rejected: () => desk.rejected(),
    close,
  };
}
