import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { Controller, Get, NotFoundException, Param, Query, StreamableFile } from '@nestjs/common';
import { SHARED_ENV } from '@lienthong/config';
import { BlobStore, contentDisposition } from '@lienthong/runtime';
import { intParam, strParam } from '../web/http';
import { ArchiveBatchesQuery, type ArchiveBatchPage } from './archive-batches.query';

/** Archive handover batches (when the orchestrator keeps them in this database). */
@Controller('api')
export class ArchiveController {
  // The orchestrator keeps manifests under BLOB_DIR (shared with the console, like the database).
  private readonly blobs = new BlobStore(resolve(SHARED_ENV.BLOB_DIR.read()));

  constructor(private readonly batches: ArchiveBatchesQuery) {}

  /** The printable handover manifest (PDF) of a dispatched batch. */
  @Get('archive-batches/:batchId/manifest.pdf')
  async manifest(@Param('batchId') batchId: string): Promise<StreamableFile> {
    const sha256 = await this.batches.manifestOf(batchId);
    const blob = sha256 ? this.blobs.get(sha256) : undefined;
    if (!blob) throw new NotFoundException(`batch ${batchId} has no manifest yet (it is made when the batch is dispatched)`);
    return new StreamableFile(createReadStream(blob.path), {
      type: 'application/pdf',
      length: blob.sizeBytes,
      disposition: contentDisposition(`bien-ban-ban-giao-${batchId}.pdf`),
    });
  }

  /** `?status=` filters on the batch state, `?stalled=true` keeps the batches waiting on an open dead letter. */
  @Get('archive-batches')
  async page(@Query() q: Record<string, unknown>): Promise<ArchiveBatchPage & { page: number; pageSize: number }> {
    const pageSize = intParam(q.pageSize, 50, 1, 200);
    const page = intParam(q.page, 1, 1, 1_000_000);
    const stalled = ['true', '1'].includes(strParam(q.stalled) ?? '');
    return {
      ...(await this.batches.page({ status: strParam(q.status), stalled, limit: pageSize, offset: (page - 1) * pageSize })),
      page,
      pageSize,
    };
  }
}
