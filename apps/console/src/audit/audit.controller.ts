import { Controller, Get, Query } from '@nestjs/common';
import { intParam, strParam } from '../web/http';
import { AuditLog } from './audit.log';

/** The audit trail, read-only: this controller (and the whole console) has no route that changes it. */
@Controller('api')
export class AuditController {
  constructor(private readonly audit: AuditLog) {}

  @Get('audit')
  async list(@Query() q: Record<string, unknown>): Promise<Record<string, unknown>> {
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    const result = await this.audit.list({ actor: strParam(q.actor), action: strParam(q.action), target: strParam(q.target), limit: pageSize, offset: (page - 1) * pageSize });
    return { ...result, page, pageSize };
  }
}
