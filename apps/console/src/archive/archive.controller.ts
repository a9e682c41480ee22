import { Controller, Get, Query } from '@nestjs/common';
import { intParam, strParam } from '../web/http';
import { ArchiveBatchesQuery, type ArchiveBatchPage } from './archive-batches.query';

/** Archive handover batches (when the orchestrator keeps them in this database). */
@Controller('api')
export class ArchiveController {
  constructor(private readonly batches: ArchiveBatchesQuery) {}

  @Get('archive-batches')
  async page(@Query() q: Record<string, unknown>): Promise<ArchiveBatchPage & { page: number; pageSize: number }> {
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    return { ...(await this.batches.page({ status: strParam(q.status), limit: pageSize, offset: (page - 1) * pageSize })), page, pageSize };
  }
}
