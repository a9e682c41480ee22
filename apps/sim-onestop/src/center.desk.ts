import type { Departments } from '@lienthong/config';
import { DossierReceivedMessage, MessageBody, validateMessage } from '@lienthong/contracts';
import type { InboundMessage } from './amqp/inbox.consumer';
import type { OnestopMessageType, OnestopPublisher, PublishedMessage } from './amqp/onestop.publisher';
import type { DocumentStore } from './files/document.store';
import { StaffDirectory } from './generator/center.staff';
import { generateDossier } from './generator/dossier.generator';
import { findProcedure } from './generator/procedure.catalog';
import { DossierTracker, type DossierView, type PlannedOutcome, type TrackedDossier } from './reactions/dossier.tracker';
import type { CenterContext, RejectionReport } from './reactions/reaction.context';
import { parseScript } from './script/script.model';
import { playScript, type ScriptResult } from './script/script.player';
import type { Scheduler } from './shared/scheduler';
import { SeededRandom, seedOf } from './shared/seeded-random';
import { OnestopSimError } from './shared/simulator.error';
import { secondsSinceVietnamMidnight, vietnamYymmdd } from './shared/vietnam-time';
import { applyBehaviour, type Behaviour } from './simulator.options';

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

/** What the Center has done, counted. */
export interface DeskCounts {
  submitted: number;
  published: number;
  unrouted: number;
  rejected: number;
  dossiers: number;
  archived: number;
  closed: number;
}

/** The desk's part of `GET /_admin/state`. */
export interface DeskState {
  readonly behaviour: Behaviour;
  readonly counts: DeskCounts;
  /** Dossiers per last stage seen (`NEW` when the bus has not announced one yet). */
  readonly byStage: Record<string, number>;
  readonly dossiers: DossierView[];
}

export interface DeskDeps {
  readonly departments: Departments;
  readonly files: DocumentStore;
  readonly scheduler: Scheduler;
  readonly seed: number;
  readonly behaviour: Behaviour;
  /** First sequence number of each department's codes per day; default from the clock. */
  readonly codeStart: number | undefined;
  /** The connected publisher; throws `SIM_ONESTOP.DISCONNECTED` when there is none. */
  readonly publisher: () => OnestopPublisher;
  readonly now: () => Date;
  readonly log: (line: string) => void;
  /** Called when the generation rate changed. */
  readonly onRateChanged: () => void;
}

const PLANNED_OUTCOMES: readonly PlannedOutcome[] = ['approve', 'supplement', 'reject', 'withdraw'];

/**
 * The simulated Center at work, transport aside: receives (generates) dossiers, replays scripts, and is
 * the context the reactions act through. Everything it publishes goes through `publish`, which validates,
 * records the message on its dossier and logs one line.
 */
export class CenterDesk implements CenterContext {
  readonly departments: Departments;
  readonly tracker: DossierTracker;
  readonly staff: StaffDirectory;
  readonly files: DocumentStore;
  private readonly rng: SeededRandom;
  /** Draws which messages go out in NFD; apart from `rng`, so the share does not change the generated dossiers. */
  private readonly nfdRng: SeededRandom;
  private readonly rejections: RejectionReport[] = [];
  private readonly sequences = new Map<string, number>();
  private readonly counts = { submitted: 0, published: 0, unrouted: 0 };
  private current: Behaviour;

  constructor(private readonly deps: DeskDeps) {
    this.departments = deps.departments;
    this.files = deps.files;
    this.staff = new StaffDirectory(deps.departments);
    this.tracker = new DossierTracker(deps.departments, deps.seed, deps.now);
    this.rng = new SeededRandom(deps.seed);
    this.nfdRng = new SeededRandom(seedOf(`${deps.seed}:nfd`));
    this.current = { ...deps.behaviour };
  }

  behaviour(): Readonly<Behaviour> {
    return this.current;
  }

  now(): Date {
    return this.deps.now();
  }

  delay(ms: number): Promise<void> {
    return this.deps.scheduler.delay(ms);
  }

  log(line: string): void {
    this.deps.log(line);
  }

  async publish<T extends OnestopMessageType>(
    type: T,
    body: MessageBody<T>,
    dossier: TrackedDossier | undefined,
    cause?: InboundMessage,
  ): Promise<PublishedMessage> {
    const nfd = this.nfdRng.chance(this.current.nfdP);
    const published = await this.deps.publisher().publish(type, body, { causeTraceparent: cause?.traceparent, nfd });
    this.counted(published);
    if (dossier) {
      dossier.published.push(type);
      this.tracker.touch(dossier);
    }
    const code = (body as { dossierCode: string }).dossierCode;
    this.log(
      `→ ${type} ${code}${detailOf(type, body)}${nfd ? ' [NFD]' : ''} (msg ${published.messageId ?? '-'})${published.routed ? '' : ' UNROUTED: no queue is bound for it; is the bus running?'}`,
    );
    return published;
  }

  findPublished(messageId: string): PublishedMessage | undefined {
    return this.deps.publisher().find(messageId);
  }

  recordRejection(report: RejectionReport): void {
    this.rejections.push(report);
  }

  /** Every `lienthong.message-rejected` received, oldest first. */
  rejected(): RejectionReport[] {
    return [...this.rejections];
  }

  /** Generates, publishes and tracks one dossier now; `overrides` replace generated fields. */
  async submit(overrides: Partial<DossierReceivedMessage> = {}, plan: SubmitPlan = {}): Promise<SubmittedDossier> {
    if (plan.outcome !== undefined && !PLANNED_OUTCOMES.includes(plan.outcome)) {
      throw new OnestopSimError('SIM_ONESTOP.INVALID_OVERRIDES', `plan.outcome must be one of ${PLANNED_OUTCOMES.join(', ')}`, [
        { field: 'plan.outcome', problem: 'unknown outcome' },
      ]);
    }
    const at = this.now();
    const chosen = overrides.agencyCode === undefined ? undefined : this.departments.get(overrides.agencyCode);
    const department = chosen ?? this.rng.pick(this.departments.all);
    const generated = generateDossier({
      rng: this.rng,
      departments: this.departments,
      staffOf: (d) => this.staff.of(d),
      files: this.files,
      now: at,
      sequence: this.nextSequence(department.agencyCode, at),
      hints: {
        agencyCode: department.agencyCode,
        procedureCode: overrides.procedureCode,
        channel: overrides.channel,
        returnMethod: overrides.returnMethod,
        applicantKind: overrides.applicant?.kind,
      },
    });
    const body: DossierReceivedMessage = { ...generated.body, ...overrides };
    const problems = validateMessage('onestop.dossier.received', body);
    if (problems.length > 0) {
      throw new OnestopSimError(
        'SIM_ONESTOP.INVALID_OVERRIDES',
        `the overrides make an invalid dossier: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`,
        problems,
      );
    }
    const dossier = this.tracker.register(body, generated.department, {
      procedure: generated.procedure,
      addressee: generated.addressee,
      plannedOutcome: plan.outcome,
    });
    const published = await this.publish('onestop.dossier.received', body, dossier);
    this.counts.submitted++;
    return { dossierCode: body.dossierCode, messageId: published.messageId, routed: published.routed, body };
  }

  /** Replays a script; a valid scripted `onestop.dossier.received` is tracked like a generated dossier. */
  async play(script: unknown): Promise<ScriptResult[]> {
    const entries = parseScript(script);
    return playScript(entries, {
      publisher: this.deps.publisher(),
      files: this.files,
      delay: (ms) => this.delay(ms),
      now: () => this.now(),
      log: (line) => this.log(line),
      onSent: (entry, validBody, result) => {
        this.counted(result);
        const code = (validBody as { dossierCode?: string } | undefined)?.dossierCode;
        if (code === undefined) return;
        let dossier = this.tracker.get(code);
        if (entry.type === 'onestop.dossier.received') {
          const received = validBody as DossierReceivedMessage;
          const department = this.departments.get(received.agencyCode);
          if (department)
            dossier = this.tracker.register(received, department, { procedure: findProcedure(department, received.procedureCode) });
        }
        dossier?.published.push(entry.type);
      },
    });
  }

  /** Changes some behaviour settings (`SIM_ONESTOP.BEHAVIOUR_INVALID` when one is out of range). */
  setBehaviour(patch: unknown): Behaviour {
    const result = applyBehaviour(this.current, patch);
    if (result.problems.length > 0) {
      throw new OnestopSimError(
        'SIM_ONESTOP.BEHAVIOUR_INVALID',
        result.problems.map((p) => `${p.field} ${p.problem}`).join('; '),
        result.problems,
      );
    }
    const rateChanged = result.behaviour.ratePerMinute !== this.current.ratePerMinute;
    this.current = result.behaviour;
    this.log(`behaviour: ${JSON.stringify(this.current)}`);
    if (rateChanged) this.deps.onRateChanged();
    return { ...this.current };
  }

  state(): DeskState {
    const dossiers = this.tracker.all();
    const byStage: Record<string, number> = {};
    for (const d of dossiers) byStage[d.lastStage ?? 'NEW'] = (byStage[d.lastStage ?? 'NEW'] ?? 0) + 1;
    return {
      behaviour: { ...this.current },
      counts: {
        ...this.counts,
        rejected: this.rejections.length,
        dossiers: dossiers.length,
        archived: dossiers.filter((d) => d.finished === 'archived').length,
        closed: dossiers.filter((d) => d.finished === 'closed').length,
      },
      byStage,
      dossiers: dossiers.map((d) => this.tracker.view(d)),
    };
  }

  private counted(published: { routed: boolean }): void {
    this.counts.published++;
    if (!published.routed) this.counts.unrouted++;
  }

  /**
   * The next sequence number of a department's codes that day. The default start comes from the clock
   * (one number per 10 s since midnight), so a restarted simulator does not reuse the codes of its
   * previous run the same day at the default rate.
   */
  private nextSequence(agencyCode: string, at: Date): number {
    const key = `${agencyCode} ${vietnamYymmdd(at)}`;
    const next = this.sequences.get(key) ?? this.deps.codeStart ?? 1 + Math.floor(secondsSinceVietnamMidnight(at) / 10);
    this.sequences.set(key, next + 1);
    return next;
  }
}

/** A few words on a published message for its log line. */
function detailOf(type: OnestopMessageType, body: unknown): string {
  switch (type) {
    case 'onestop.dossier.received': {
      const b = body as MessageBody<'onestop.dossier.received'>;
      return ` ${b.procedureCode} ${b.channel}, ${b.documents.length} document(s), return ${b.returnMethod}`;
    }
    case 'onestop.dossier.appraised': {
      const b = body as MessageBody<'onestop.dossier.appraised'>;
      return ` ${b.outcome} (${b.mode})`;
    }
    case 'onestop.decision.issued': {
      const b = body as MessageBody<'onestop.decision.issued'>;
      return ` ${b.documentNumber} by ${b.issuedBy.kind}`;
    }
    case 'onestop.dossier.withdrawn':
      return `: ${(body as MessageBody<'onestop.dossier.withdrawn'>).reason}`;
    default:
      return '';
  }
}
