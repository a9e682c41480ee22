import { Controller, Get, Query } from '@nestjs/common';
import type { Session } from '../auth/session.store';
import { maskedAuditEntry, seesPersonalData } from '../privacy/masked-views';
import { CurrentSession } from '../web/access.decorators';
import { intParam, strParam } from '../web/http';
import { AuditLog } from './audit.log';

/** The audit trail, read-only: this controller (and the whole console) has no route that changes it. */
@Controller('api')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  /** Entries newest first; bodies still kept come along, masked for a viewer. */
  @Get('audit')
  async list(@Query() q: Record<string, unknown>, @CurrentSession() session: Session): Promise<Record<string, unknown>> {
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    const { items, total } = await this.audit.list({
      actor: strParam(q.actor),
      action: strParam(q.action),
      target: strParam(q.target),
      limit: pageSize,
      offset: (page - 1) * pageSize,
    });
    return { items: seesPersonalData(session.role) ? items : items.map(maskedAuditEntry), total, page, pageSize };
  }
}
