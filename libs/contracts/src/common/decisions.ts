import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsOffsetDateTime } from '../rules/date-time.rule';
import { IsDocumentNumberOf } from '../rules/document-number.rule';
import { FileRef } from './file-ref';
import { Official } from './persons';
import { DOCUMENT_NUMBER, DOCUMENT_TYPE, LIMITS, NOT_BLANK, NOTATION } from './text-rules';

/** The draft result an appraisal proposes (online approval sends it for signing). */
export class DraftDecision {
  /** Document-type abbreviation: `QĐ`, `GP`, `GCN`, ... (1-10 letters or digits). */
  @IsString()
  @Matches(DOCUMENT_TYPE.pattern, { message: DOCUMENT_TYPE.problem })
  documentType!: string;

  /** Title (trích yếu) of the decision; at most 1000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  title!: string;

  /** Position of the leader expected to sign; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  signerPosition!: string;

  /** The draft document (PDF). */
  @IsObject()
  @ValidateNested()
  @Type(() => FileRef)
  file!: FileRef;
}

/** A decision approved and signed on paper at the Center, scanned, still without a number. */
export class PaperDecision {
  /** Document-type abbreviation: `QĐ`, `GP`, `GCN`, ... (1-10 letters or digits). */
  @IsString()
  @Matches(DOCUMENT_TYPE.pattern, { message: DOCUMENT_TYPE.problem })
  documentType!: string;

  /** Title (trích yếu) of the decision; at most 1000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  title!: string;

  /** The scanned signed paper decision. */
  @IsObject()
  @ValidateNested()
  @Type(() => FileRef)
  file!: FileRef;
}

/** Result of verifying the department's digital signature on a numbered decision. */
export class DecisionSignature {
  /** Whether the XML-DSig signature and its certificate chain verified against the trust anchors. */
  @IsBoolean()
  verified!: boolean;

  /** Subject DN of the signing certificate; at most 1000 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.title)
  signerCertificateSubject?: string;

  /** When the document was signed, with offset. */
  @IsOptional()
  @IsOffsetDateTime()
  signedAt?: string;
}

/** A numbered (and, for online approval, digitally signed) decision, ready to be printed and released. */
export class NumberedDecision {
  /** Number within the department and year (số), from 1. */
  @IsInt()
  @Min(1)
  @Max(9_999_999)
  number!: number;

  /**
   * Notation (ký hiệu), e.g. `QĐ-SXD`, `QĐ-SKHĐT`, `GP-SNN&PTNT`: letters (Vietnamese included), digits, '&' inside an
   * abbreviation and '-' between abbreviations; at most 50 characters.
   */
  @IsString()
  @Matches(NOTATION.pattern, { message: NOTATION.problem })
  notation!: string;

  /** `<number>/<notation>`, e.g. `123/QĐ-SXD`, `12/QĐ-SKHĐT`. */
  @IsString()
  @Matches(DOCUMENT_NUMBER.pattern, { message: DOCUMENT_NUMBER.problem })
  @IsDocumentNumberOf()
  documentNumber!: string;

  /** Promulgation date-time (ngày ban hành), with offset. */
  @IsOffsetDateTime()
  promulgatedAt!: string;

  /** The leader who signed. */
  @IsObject()
  @ValidateNested()
  @Type(() => Official)
  signer!: Official;

  /**
   * The signed result document. The bus serves it at this URL to authenticated callers only: send
   * `Authorization: Bearer <token>` with the token the bus's operators gave you (`BLOB_TOKEN`).
   */
  @IsObject()
  @ValidateNested()
  @Type(() => FileRef)
  file!: FileRef;

  /** What the bus verified about the signature. */
  @IsObject()
  @ValidateNested()
  @Type(() => DecisionSignature)
  signature!: DecisionSignature;
}
