import { createReadStream } from 'node:fs';
import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { BlobStore } from './blob.store';
import { contentDisposition } from './content-disposition';

/**
 * `GET /blobs/:sha256`: serves a document the adapter stored (the signed decision of a
 * `dms.decision-received`), with its content type. Blobs are immutable: the name is the content's digest.
 */
@Controller('blobs')
export class BlobController {
  constructor(private readonly blobs: BlobStore) {}

  @Get(':sha256')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Cache-Control', 'public, max-age=31536000, immutable')
  get(@Param('sha256') sha256: string): StreamableFile {
    const blob = this.blobs.get(sha256.toLowerCase());
    if (!blob) throw new NotFoundException(`no blob with sha256 ${sha256}`);
    return new StreamableFile(createReadStream(blob.path), {
      type: blob.contentType,
      length: blob.sizeBytes,
      disposition: contentDisposition(blob.name),
    });
  }
}
