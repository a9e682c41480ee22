import { Controller, Get, Inject, Logger, Query } from '@nestjs/common';
import { type Departments, loadDepartments } from '@lienthong/config';
import { BusError } from '@lienthong/messaging';
import { CONSOLE_CONFIG } from '../console.tokens';
import type { ConsoleConfig } from '../console.config';
import { intParam, strParam } from '../web/http';
import { type DeadlineKind, DeadlinesQuery, PENDING_STAGES } from './deadlines.query';

const KINDS: readonly DeadlineKind[] = ['overdue', 'at-risk', 'all'];

/** Deadlines: dossiers overdue and at risk per department, and the dossiers behind each count. */
@Controller('api/deadlines')
export class DeadlinesController {
  private readonly logger = new Logger('Deadlines');
  private departments: Departments | null | undefined;

  constructor(
    private readonly query: DeadlinesQuery,
    @Inject(CONSOLE_CONFIG) private readonly config: ConsoleConfig,
  ) {}

  @Get()
  async summary(@Query() q: Record<string, unknown>): Promise<Record<string, unknown>> {
    const marginHours = intParam(q.marginHours, this.config.deadlineMarginHours, 1, 24 * 60);
    if (!(await this.query.available())) return { available: false, marginHours, departments: [] };
    const now = Date.now();
    const rows = await this.query.summary(now, marginHours * 3_600_000);
    return {
      available: true,
      now,
      marginHours,
      pendingStages: PENDING_STAGES,
      departments: rows.map((r) => ({ ...r, name: this.nameOf(r.agencyCode) })),
    };
  }

  @Get('dossiers')
  async dossiers(@Query() q: Record<string, unknown>): Promise<Record<string, unknown>> {
    const kind = (strParam(q.kind) ?? 'overdue') as DeadlineKind;
    if (!KINDS.includes(kind)) throw new BusError('CONSOLE.BAD_REQUEST', `kind must be one of ${KINDS.join(', ')}`);
    const marginHours = intParam(q.marginHours, this.config.deadlineMarginHours, 1, 24 * 60);
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    if (!(await this.query.available())) return { available: false, items: [], total: 0, page, pageSize };
    const result = await this.query.dossiers({
      now: Date.now(),
      marginMs: marginHours * 3_600_000,
      kind,
      agencyCode: strParam(q.agency),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { available: true, ...result, page, pageSize };
  }

  /** Department names from the routing table, when the console can read it (codes otherwise). */
  private nameOf(agencyCode: string): string | undefined {
    if (this.departments === undefined) {
      try {
        this.departments = loadDepartments(this.config.departmentsFile);
      } catch (error) {
        this.logger.warn(`department names unavailable: ${(error as Error).message}`);
        this.departments = null;
      }
    }
    return this.departments?.get(agencyCode)?.name;
  }
}
