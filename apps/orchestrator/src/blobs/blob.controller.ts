import { Controller, Get, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { BlobStore } from './blob.store';

/** `GET /blobs/:sha256`: documents the bus produced (handover manifests), for the DMS adapter and operators. */
@Controller('blobs')
export class BlobController {
  constructor(private readonly blobs: BlobStore) {}

  @Get(':sha256')
  get(@Param('sha256') sha256: string, @Res() res: Response): void {
    const blob = this.blobs.get(sha256.toLowerCase());
    if (!blob) throw new NotFoundException(`no document with sha256 ${sha256}`);
    res.setHeader('Content-Type', blob.contentType);
    res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    res.send(blob.content);
  }
}
