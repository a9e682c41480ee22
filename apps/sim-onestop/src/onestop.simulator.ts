import type { Server } from 'node:http';
import type { ChannelModel } from 'amqplib';
import { Departments, loadDepartments } from '@lienthong/config';
import { DossierReceivedMessage, MessageBody, validateMessage } from '@lienthong/contracts';
import { connectAmqp, ensureExchange, redactUrl } from './amqp/amqp.link';
import { InboxConsumer, type InboxStats } from './amqp/inbox.consumer';
import { OnestopPublisher, type OnestopMessageType, type PublishedMessage } from './amqp/onestop.publisher';
import { DocumentStore } from './files/document.store';
import { StaffDirectory } from './generator/center.staff';
import { generateDossier } from './generator/dossier.generator';
import { findProcedure } from './generator/procedure.catalog';
import { startHttpServer } from './http/http.server';
import { DossierTracker, type DossierView, type PlannedOutcome, type TrackedDossier } from './reactions/dossier.tracker';
import type { CenterContext, RejectionReport } from './reactions/reaction.context';
import { react } from './reactions/reactions.map';
import { parseScript } from './script/script.model';
import { playScript, type ScriptResult } from './script/script.player';
import { isCancelled, Scheduler } from './shared/scheduler';
import { SeededRandom } from './shared/seeded-random';
import { OnestopSimError } from './shared/simulator.error';
import { secondsSinceVietnamMidnight, vietnamYymmdd } from './shared/vietnam-time';
import { applyBehaviour, type Behaviour, type OnestopSimulatorOptions, resolveOptions } from './simulator.options';

/** How a submitted dossier's first appraisal ends (otherwise drawn from the behaviour's probabilities). */
export interface SubmitPlan {
  readonly outcome?: PlannedOutcome;
}

/** A dossier the simulator submitted. */
export interface SubmittedDossier {
  readonly dossierCode: string;
  readonly messageId: string | undefined;
  /** False when no queue was bound for `onestop.dossier.received` (the bus is not running). */
  readonly routed: boolean;
  readonly body: DossierReceivedMessage;
}

/** Everything the simulator knows, JSON-safe (`GET /_admin/state`). */
export interface SimulatorState {
  readonly startedAt: string;
  readonly seed: number;
  readonly url: string;
  readonly exchange: string;
  readonly queue: string;
  readonly connected: boolean;
  readonly behaviour: Behaviour;
  readonly counts: InboxStats & { submitted: number; published: number; unrouted: number; rejected: number; dossiers: number; archived: number; closed: number };
  /** Dossiers per last stage seen (`NEW` when the bus has not announced one yet). */
  readonly byStage: Record<string, number>;
  readonly dossiers: DossierView[];
}

/** A running one-stop system simulator. */
export interface OnestopSimulator {
  /** Base URL of the document and admin server, e.g. `http://127.0.0.1:3103`. */
  readonly url: string;
  readonly port: number;
  readonly seed: number;
  readonly exchange: string;
  readonly queue: string;
  /** Resolves with the error if the broker connection is lost (the process should then restart). */
  readonly lost: Promise<Error>;
  /** Generates, publishes and tracks one dossier now; `overrides` replace generated fields. */
  submit(overrides?: Partial<DossierReceivedMessage>, plan?: SubmitPlan): Promise<SubmittedDossier>;
  /** Replays a script (an array of entries; see `ScriptEntry`). */
  play(script: unknown): Promise<ScriptResult[]>;
  behaviour(): Behaviour;
  /** Changes some behaviour settings (`SIM_ONESTOP.BEHAVIOUR_INVALID` when out of range); returns the result. */
  setBehaviour(patch: Partial<Behaviour>): Behaviour;
  state(): SimulatorState;
  /** Every `lienthong.message-rejected` received, oldest first. */
  rejected(): RejectionReport[];
  /** Stops generating and consuming (pending reactions stay unacked, so the broker redelivers them), closes everything. */
  close(): Promise<void>;
}

const PLANNED_OUTCOMES: readonly PlannedOutcome[] = ['approve', 'supplement', 'reject', 'withdraw'];

/**
 * Starts the simulated one-stop system (Hệ thống thông tin một cửa điện tử) of the Center: a document
 * server, a publisher and an inbox on RabbitMQ, a dossier generator, and the Center's reactions to the bus.
 */
export async function startOnestopSimulator(options: OnestopSimulatorOptions = {}): Promise<OnestopSimulator> {
  const resolved = resolveOptions(options);
  const now = options.now ?? (() => new Date());
  const log = options.log ?? ((line: string) => console.log(`[sim-onestop] ${line}`));
  const departments: Departments = options.departments ?? loadDepartments(resolved.departmentsFile);
  const rng = new SeededRandom(resolved.seed);
  const staff = new StaffDirectory(departments);
  const tracker = new DossierTracker(departments, resolved.seed, now);
  const files = new DocumentStore('http://placeholder');
  const scheduler = new Scheduler();
  const rejections: RejectionReport[] = [];
  const counts = { submitted: 0, published: 0, unrouted: 0 };
  const sequences = new Map<string, number>();
  let behaviour = resolved.behaviour;
  let closing = false;
  let connected = false;
  let reportLost: (error: Error) => void = () => undefined;
  const lost = new Promise<Error>((resolve) => (reportLost = resolve));

  let server: Server | undefined;
  let model: ChannelModel | undefined;
  let publisher: OnestopPublisher | undefined;
  let inbox: InboxConsumer | undefined;
  let generatorTimer: NodeJS.Timeout | undefined;

  const onLost = (error: Error): void => {
    if (closing || !connected) return;
    connected = false;
    log(`ERROR: lost the broker (${error.message}); the simulator stops consuming and publishing`);
    reportLost(error);
  };

  const requirePublisher = (): OnestopPublisher => {
    if (!publisher || !connected) throw new OnestopSimError('SIM_ONESTOP.DISCONNECTED', 'not connected to RabbitMQ; restart the simulator');
    return publisher;
  };

  const ctx: CenterContext = {
    departments,
    tracker,
    staff,
    files,
    behaviour: () => behaviour,
    now,
    delay: (ms) => scheduler.delay(ms),
    async publish<T extends OnestopMessageType>(type: T, body: MessageBody<T>, dossier: TrackedDossier | undefined, cause?: Parameters<CenterContext['publish']>[3]) {
      const published = await requirePublisher().publish(type, body, { causeTraceparent: cause?.traceparent });
      counts.published++;
      if (!published.routed) counts.unrouted++;
      if (dossier) {
        dossier.published.push(type);
        tracker.touch(dossier);
      }
      const code = (body as { dossierCode: string }).dossierCode;
      log(`→ ${type} ${code}${detailOf(type, body)} (msg ${published.messageId ?? '-'})${published.routed ? '' : ' UNROUTED: no queue is bound for it; is the bus running?'}`);
      return published;
    },
    findPublished: (messageId) => publisher?.find(messageId),
    recordRejection: (report) => void rejections.push(report),
    log,
  };

  const nextSequence = (agencyCode: string, at: Date): number => {
    const key = `${agencyCode} ${vietnamYymmdd(at)}`;
    // Default start from the clock (one number per 10 s since midnight): a restarted simulator does not
    // reuse the codes of its previous run the same day, at the default rate.
    const next = sequences.get(key) ?? resolved.codeStart ?? 1 + Math.floor(secondsSinceVietnamMidnight(at) / 10);
    sequences.set(key, next + 1);
    return next;
  };

  const submit = async (overrides: Partial<DossierReceivedMessage> = {}, plan: SubmitPlan = {}): Promise<SubmittedDossier> => {
    if (plan.outcome !== undefined && !PLANNED_OUTCOMES.includes(plan.outcome)) {
      throw new OnestopSimError('SIM_ONESTOP.INVALID_OVERRIDES', `plan.outcome must be one of ${PLANNED_OUTCOMES.join(', ')}`, [{ field: 'plan.outcome', problem: 'unknown outcome' }]);
    }
    const at = now();
    const department = (overrides.agencyCode === undefined ? undefined : departments.get(overrides.agencyCode)) ?? rng.pick(departments.all);
    const generated = generateDossier({
      rng,
      departments,
      staffOf: (d) => staff.of(d),
      files,
      now: at,
      sequence: nextSequence(department.agencyCode, at),
      hints: { agencyCode: department.agencyCode, procedureCode: overrides.procedureCode, channel: overrides.channel, returnMethod: overrides.returnMethod, applicantKind: overrides.applicant?.kind },
    });
    const body: DossierReceivedMessage = { ...generated.body, ...overrides };
    const problems = validateMessage('onestop.dossier.received', body);
    if (problems.length > 0) {
      throw new OnestopSimError('SIM_ONESTOP.INVALID_OVERRIDES', `the overrides make an invalid dossier: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`, problems);
    }
    const dossier = tracker.register(body, generated.department, { procedure: generated.procedure, addressee: generated.addressee, plannedOutcome: plan.outcome });
    const published = await ctx.publish('onestop.dossier.received', body, dossier);
    counts.submitted++;
    return { dossierCode: body.dossierCode, messageId: published.messageId, routed: published.routed, body };
  };

  const play = async (script: unknown): Promise<ScriptResult[]> => {
    const entries = parseScript(script);
    return playScript(entries, {
      publisher: requirePublisher(),
      delay: (ms) => scheduler.delay(ms),
      now,
      log,
      onSent: (entry, validBody, result) => {
        counts.published++;
        if (!result.routed) counts.unrouted++;
        const code = (validBody as { dossierCode?: string } | undefined)?.dossierCode;
        if (code === undefined) return;
        let dossier = tracker.get(code);
        if (entry.type === 'onestop.dossier.received') {
          const received = validBody as DossierReceivedMessage;
          const department = departments.get(received.agencyCode);
          if (department) dossier = tracker.register(received, department, { procedure: findProcedure(department, received.procedureCode) });
        }
        dossier?.published.push(entry.type);
      },
    });
  };

  const scheduleGenerator = (): void => {
    if (generatorTimer) clearTimeout(generatorTimer);
    generatorTimer = undefined;
    if (closing || behaviour.ratePerMinute <= 0) return;
    generatorTimer = setTimeout(() => {
      submit()
        .catch((error: unknown) => log(`ERROR generating a dossier: ${(error as Error).message}`))
        .finally(scheduleGenerator);
    }, 60_000 / behaviour.ratePerMinute);
  };

  const setBehaviour = (patch: unknown): Behaviour => {
    const result = applyBehaviour(behaviour, patch);
    if (result.problems.length > 0) {
      throw new OnestopSimError('SIM_ONESTOP.BEHAVIOUR_INVALID', result.problems.map((p) => `${p.field} ${p.problem}`).join('; '), result.problems);
    }
    const rateChanged = result.behaviour.ratePerMinute !== behaviour.ratePerMinute;
    behaviour = result.behaviour;
    if (rateChanged) scheduleGenerator();
    log(`behaviour: ${JSON.stringify(behaviour)}`);
    return { ...behaviour };
  };

  const startedAt = now().toISOString();
  let url = '';
  let port = 0;
  const state = (): SimulatorState => {
    const dossiers = tracker.all();
    const byStage: Record<string, number> = {};
    for (const d of dossiers) byStage[d.lastStage ?? 'NEW'] = (byStage[d.lastStage ?? 'NEW'] ?? 0) + 1;
    return {
      startedAt,
      seed: resolved.seed,
      url,
      exchange: resolved.exchange,
      queue: resolved.queue,
      connected,
      behaviour: { ...behaviour },
      counts: {
        ...(inbox?.stats ?? { consumed: 0, duplicates: 0, invalidFromBus: 0, ignored: 0, handlerErrors: 0 }),
        ...counts,
        rejected: rejections.length,
        dossiers: dossiers.length,
        archived: dossiers.filter((d) => d.finished === 'archived').length,
        closed: dossiers.filter((d) => d.finished === 'closed').length,
      },
      byStage,
      dossiers: dossiers.map((d) => tracker.view(d)),
    };
  };

  const close = async (): Promise<void> => {
    if (closing) return;
    closing = true;
    if (generatorTimer) clearTimeout(generatorTimer);
    scheduler.close(); // pending reactions give up; their messages stay unacked and are redelivered
    await inbox?.close();
    await publisher?.close();
    await model?.close().catch(() => undefined);
    connected = false;
    if (server) {
      const closed = new Promise<void>((resolve) => server!.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    }
  };

  try {
    const http = await startHttpServer(
      {
        file: (id) => files.get(id),
        state,
        rejected: () => [...rejections],
        behaviour: () => ({ ...behaviour }),
        setBehaviour,
        submit: async (request) => {
          if (typeof request !== 'object' || request === null || Array.isArray(request)) {
            throw new OnestopSimError('SIM_ONESTOP.BAD_REQUEST', 'POST /_admin/dossiers takes a JSON object: fields of onestop.dossier.received to override, and optionally "plan": { "outcome": "approve" | "supplement" | "reject" | "withdraw" }');
          }
          const { plan, ...overrides } = request as Record<string, unknown>;
          return submit(overrides as Partial<DossierReceivedMessage>, (plan ?? {}) as SubmitPlan);
        },
        play,
      },
      resolved.host,
      resolved.port,
    );
    server = http.server;
    port = http.port;
    url = (resolved.publicUrl ?? `http://${resolved.host}:${port}`).replace(/\/+$/, '');
    files.setBaseUrl(url);

    model = await connectAmqp(resolved.amqpUrl, 'sim-onestop');
    model.on('error', (error: Error) => onLost(error));
    model.on('close', () => onLost(new Error('connection closed')));
    await ensureExchange(model, resolved.exchange);
    publisher = await OnestopPublisher.open(model, resolved.exchange, now, onLost);
    connected = true;
    inbox = await InboxConsumer.start(model, {
      exchange: resolved.exchange,
      queue: resolved.queue,
      queueType: resolved.queueType,
      prefetch: resolved.prefetch,
      handle: (message) => react(message, ctx),
      isCancellation: isCancelled,
      log,
      onLost,
    });
  } catch (error) {
    await close();
    throw error;
  }

  log(`one-stop system simulator: documents and admin at ${url}; ${redactUrl(resolved.amqpUrl)} exchange ${resolved.exchange}, queue ${resolved.queue}; seed ${resolved.seed}`);
  log(`behaviour: ${JSON.stringify(behaviour)}`);
  scheduleGenerator();

  return {
    url,
    port,
    seed: resolved.seed,
    exchange: resolved.exchange,
    queue: resolved.queue,
    lost,
    submit,
    play,
    behaviour: () => ({ ...behaviour }),
    setBehaviour,
    state,
    rejected: () => [...rejections],
    close,
  };
}

/** A few words on a published message for its log line. */
function detailOf(type: OnestopMessageType, body: unknown): string {
  switch (type) {
    case 'onestop.dossier.received': {
      const b = body as DossierReceivedMessage;
      return ` ${b.procedureCode} ${b.channel}, ${b.documents.length} document(s), return ${b.returnMethod}`;
    }
    case 'onestop.dossier.appraised':
      return ` ${(body as MessageBody<'onestop.dossier.appraised'>).outcome} (${(body as MessageBody<'onestop.dossier.appraised'>).mode})`;
    case 'onestop.decision.issued':
      return ` ${(body as MessageBody<'onestop.decision.issued'>).documentNumber} by ${(body as MessageBody<'onestop.decision.issued'>).issuedBy.kind}`;
    case 'onestop.dossier.withdrawn':
      return `: ${(body as MessageBody<'onestop.dossier.withdrawn'>).reason}`;
    default:
      return '';
  }
}

