import type { Department, Departments } from '@lienthong/config';
import { type DossierReceivedMessage, type FieldProblem, Stage } from '@lienthong/contracts';
import type { Procedure } from '../generator/procedure.catalog';
import { SeededRandom, seedOf } from '../shared/seeded-random';

/** An outcome a caller may impose on a dossier's first appraisal (otherwise drawn from the probabilities). */
export type PlannedOutcome = 'approve' | 'supplement' | 'reject' | 'withdraw';

/** How a dossier ended, once it did. */
export type Finish = 'archived' | 'closed';

/** One dossier as the Center sees it. Mutable: only the reactions and the simulator change it. */
export interface TrackedDossier {
  readonly dossierCode: string;
  readonly department: Department;
  /** Draws for this dossier only, seeded by the simulation seed and the code: its story replays exactly. */
  readonly rng: SeededRandom;
  /** False when the simulator submitted it; true when first seen in a bus message (its documents are unknown). */
  readonly adopted: boolean;
  procedure?: Procedure;
  addressee?: string;
  /** The last `onestop.dossier.received` body sent for it. */
  received?: DossierReceivedMessage;
  plannedOutcome?: PlannedOutcome;
  lastStage?: Stage;
  stages: Stage[];
  supplements: number;
  draft?: { documentType: string; title: string };
  documentNumber?: string;
  issuedNumber?: string;
  finished?: Finish;
  lastShipment?: string;
  published: string[];
  rejections: Array<{ routingKey: string; reasons: FieldProblem[] }>;
  readonly createdAt: string;
  updatedAt: string;
}

/** JSON view of a dossier for `GET /_admin/state` and the demo report. */
export interface DossierView {
  dossierCode: string;
  agencyCode: string;
  department: string;
  procedureCode?: string;
  channel?: string;
  returnMethod?: string;
  adopted: boolean;
  lastStage?: Stage;
  stages: Stage[];
  finished: boolean;
  finishedAs?: Finish;
  supplements: number;
  documentNumber?: string;
  lastShipment?: string;
  published: string[];
  rejections: Array<{ routingKey: string; reasons: FieldProblem[] }>;
  createdAt: string;
  updatedAt: string;
}

/** Every dossier the Center knows, by code. */
export class DossierTracker {
  private readonly dossiers = new Map<string, TrackedDossier>();
  /** `${dossierCode} ${stage} ${occurredAt}` of every transition seen: a re-announced transition is not acted on twice. */
  private readonly transitions = new Set<string>();

  constructor(
    private readonly departments: Departments,
    private readonly seed: number,
    private readonly now: () => Date,
  ) {}

  get(dossierCode: string): TrackedDossier | undefined {
    return this.dossiers.get(dossierCode);
  }

  /** Records a dossier the simulator submits (or re-submits) with this body. */
  register(
    body: DossierReceivedMessage,
    department: Department,
    extra: { procedure?: Procedure; addressee?: string; plannedOutcome?: PlannedOutcome } = {},
  ): TrackedDossier {
    const dossier = this.dossiers.get(body.dossierCode) ?? this.create(body.dossierCode, department, false);
    dossier.received = body;
    dossier.procedure = extra.procedure ?? dossier.procedure;
    dossier.addressee = extra.addressee ?? dossier.addressee;
    if (extra.plannedOutcome) dossier.plannedOutcome = extra.plannedOutcome;
    return dossier;
  }

  /**
   * A dossier first seen in a bus message (submitted before a restart, or by a script or a test). Its
   * department comes from the code's first part (`000.00.12.H36-261128-0001`); undefined when that names
   * no configured department.
   */
  adopt(dossierCode: string): TrackedDossier | undefined {
    const existing = this.dossiers.get(dossierCode);
    if (existing) return existing;
    const dash = dossierCode.indexOf('-');
    const department = dash > 0 ? this.departments.get(dossierCode.slice(0, dash)) : undefined;
    return department ? this.create(dossierCode, department, true) : undefined;
  }

  /** Records a transition; false when this very transition (same stage and time) was seen before. */
  observeStage(dossier: TrackedDossier, stage: Stage, occurredAt: string): boolean {
    const key = `${dossier.dossierCode} ${stage} ${occurredAt}`;
    if (this.transitions.has(key)) return false;
    this.transitions.add(key);
    dossier.lastStage = stage;
    dossier.stages.push(stage);
    if (stage === Stage.ARCHIVED) dossier.finished = 'archived';
    if (stage === Stage.CLOSED) dossier.finished = 'closed';
    this.touch(dossier);
    return true;
  }

  /**
   * Takes back a transition whose reaction did not complete (its publish failed: the broker went away), so that
   * the message, redelivered on the next connection, is acted on instead of dropped as seen.
   */
  forgetStage(dossier: TrackedDossier, stage: Stage, occurredAt: string): void {
    if (!this.transitions.delete(`${dossier.dossierCode} ${stage} ${occurredAt}`)) return;
    const i = dossier.stages.lastIndexOf(stage);
    if (i >= 0) dossier.stages.splice(i, 1);
    dossier.lastStage = dossier.stages.at(-1);
  }

  touch(dossier: TrackedDossier): void {
    dossier.updatedAt = this.now().toISOString();
  }

  all(): TrackedDossier[] {
    return [...this.dossiers.values()];
  }

  view(dossier: TrackedDossier): DossierView {
    return {
      dossierCode: dossier.dossierCode,
      agencyCode: dossier.department.agencyCode,
      department: dossier.department.name,
      procedureCode: dossier.received?.procedureCode,
      channel: dossier.received?.channel,
      returnMethod: dossier.received?.returnMethod,
      adopted: dossier.adopted,
      lastStage: dossier.lastStage,
      stages: [...dossier.stages],
      finished: dossier.finished !== undefined,
      finishedAs: dossier.finished,
      supplements: dossier.supplements,
      documentNumber: dossier.documentNumber,
      lastShipment: dossier.lastShipment,
      published: [...dossier.published],
      rejections: dossier.rejections.map((r) => ({ routingKey: r.routingKey, reasons: [...r.reasons] })),
      createdAt: dossier.createdAt,
      updatedAt: dossier.updatedAt,
    };
  }

  private create(dossierCode: string, department: Department, adopted: boolean): TrackedDossier {
    const at = this.now().toISOString();
    const dossier: TrackedDossier = {
      dossierCode,
      department,
      rng: new SeededRandom((this.seed ^ seedOf(dossierCode)) >>> 0),
      adopted,
      stages: [],
      supplements: 0,
      published: [],
      rejections: [],
      createdAt: at,
      updatedAt: at,
    };
    this.dossiers.set(dossierCode, dossier);
    return dossier;
  }
}
