import { IsInt, IsPositive, IsString, Matches, Max, MaxLength } from 'class-validator';
import { IsHttpUrl } from '../rules/http-url.rule';
import { LIMITS, MIME_TYPE, SHA256_HEX } from './text-rules';

/** A file stored by its producer and fetched by URL; the digest lets the receiver verify what it fetched. */
export class FileRef {
  /** http(s) URL the file can be fetched from, at most 2048 characters. */
  @IsHttpUrl()
  url!: string;

  /** SHA-256 of the file's bytes, 64 hex characters (either case). */
  @IsString()
  @Matches(SHA256_HEX.pattern, { message: SHA256_HEX.problem })
  sha256!: string;

  /** Size of the file in bytes: a positive integer. */
  @IsInt()
  @IsPositive()
  @Max(Number.MAX_SAFE_INTEGER)
  sizeBytes!: number;

  /** MIME type, e.g. `application/pdf`; at most 255 characters. */
  @IsString()
  @MaxLength(LIMITS.contentType)
  @Matches(MIME_TYPE.pattern, { message: MIME_TYPE.problem })
  contentType!: string;
}
