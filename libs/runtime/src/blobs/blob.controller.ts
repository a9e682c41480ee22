import { createReadStream } from 'node:fs';
import { Controller, Get, Header, NotFoundException, Param, StreamableFile } from '@nestjs/common';
import { AcceptsToken } from '../http/service-auth.guard';
import { BlobStore } from './blob.store';
import { contentDisposition } from './content-disposition';

/**
 * Content types served as themselves; anything else (HTML, SVG, XML, scripts: whatever a sender declared) is served
 * as `application/octet-stream`, so that no stored document runs as a page on this origin.
 */
const SAFE_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/json',
  'text/plain',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'application/zip',
  'application/msword',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.oasis.opendocument.text',
  'application/vnd.oasis.opendocument.spreadsheet',
]);

/** The type a blob is served with: its declared type when that is on the safe list (parameters dropped), else octet-stream. */
export function servedContentType(declared: string): string {
  const essence = declared.split(';')[0].trim().toLowerCase();
  return SAFE_TYPES.has(essence) ? essence : 'application/octet-stream';
}

/**
 * `GET /blobs/:sha256`: a document the service stored (the signed decision of a `dms.decision-received`, a handover
 * manifest), for `SERVICE_TOKEN` or `BLOB_TOKEN` bearers. Always a download (`attachment`), with a content type
 * from a safe list, `nosniff`, and a sandboxing CSP: a stored file never runs as a page of this origin, whatever its
 * sender said it was. Blobs are immutable (the name is the content's digest), but private to their callers.
 */
@AcceptsToken('blobs')
@Controller('blobs')
export class BlobController {
  constructor(private readonly blobs: BlobStore) {}

  @Get(':sha256')
  @Header('X-Content-Type-Options', 'nosniff')
  @Header('Content-Security-Policy', "sandbox; default-src 'none'")
  @Header('Cache-Control', 'private, max-age=31536000, immutable')
  get(@Param('sha256') sha256: string): StreamableFile {
    const blob = this.blobs.get(sha256.toLowerCase());
    if (!blob) throw new NotFoundException(`no blob with sha256 ${sha256}`);
    return new StreamableFile(createReadStream(blob.path), {
      type: servedContentType(blob.contentType),
      length: blob.sizeBytes,
      disposition: contentDisposition(blob.name, 'attachment'),
    });
  }
}
