import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { NumberedDecision } from '../common/decisions';
import { FileRef } from '../common/file-ref';
import {
  AGENCY_CODE,
  AXIS_STATUS_CODE,
  DOCUMENT_TYPE,
  DOSSIER_CODE,
  IDENTIFIER,
  LIMITS,
  NOT_BLANK,
  PROCEDURE_CODE,
} from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/**
 * Bus-internal messages between the orchestrator and the document-management (DMS) adapters. They carry the
 * contract's envelope but travel on `lienthong.internal` (`INTERNAL_EXCHANGE`), and are not part of contract v1
 * (no outside system produces or consumes them; the AsyncAPI document leaves them out).
 */
export const DMS_PURPOSES = ['sign', 'number', 'archive', 'handover-manifest'] as const;
export type DmsPurpose = (typeof DMS_PURPOSES)[number];

/** A document kind as edXML `DocumentType{Type, TypeName}` carries it. */
export class DmsDocumentType {
  /** Abbreviation, e.g. `QĐ`. */
  @IsString()
  @Matches(DOCUMENT_TYPE.pattern, { message: DOCUMENT_TYPE.problem })
  type!: string;

  /** Name, e.g. `Quyết định`. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  typeName!: string;
}

/** One file to attach to a DMS package (fetched by the adapter from `file.url` and checked against its sha256). */
export class DmsAttachment {
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  name!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => FileRef)
  file!: FileRef;
}

/** Fields that say which dossier or archive batch a DMS message is about. */
class DmsSubject {
  /** The department (its one-stop agency code); the adapter maps it to the DMS organ id. */
  @IsString()
  @Matches(AGENCY_CODE.pattern, { message: AGENCY_CODE.problem })
  agencyCode!: string;

  @IsIn(DMS_PURPOSES)
  purpose!: DmsPurpose;

  /** The dossier, for `sign`, `number` and `archive`. */
  @IsOptional()
  @IsDossierCode()
  dossierCode?: string;

  /** The archive-handover batch, for `handover-manifest`. */
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  batchId?: string;
}

/** `dms.send-requested` (command): send one package to a department's DMS. */
export class DmsSendRequestedMessage extends DmsSubject {
  /** When the orchestrator asked; fixes the date in the package's DocumentId, so a resend is recognizable. */
  @IsOffsetDateTime()
  requestedAt!: string;

  @IsOptional()
  @IsString()
  @Matches(PROCEDURE_CODE.pattern, { message: PROCEDURE_CODE.problem })
  procedureCode?: string;

  /** Trích yếu: what the package is about. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  subject!: string;

  @IsObject()
  @ValidateNested()
  @Type(() => DmsDocumentType)
  documentType!: DmsDocumentType;

  /** The dossier's due time (ngày hẹn trả), when there is one. */
  @IsOptional()
  @IsOffsetDateTime()
  dueAt?: string;

  /** The dossiers of a handover batch. */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(10_000)
  @IsString({ each: true })
  @Matches(DOSSIER_CODE.pattern, { each: true, message: DOSSIER_CODE.problem })
  dossierCodes?: string[];

  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => DmsAttachment)
  attachments!: DmsAttachment[];
}

/** A DMS message about one package: which of the bus's packages (DocumentId) and the DMS's own id of the package. */
class DmsPackage extends DmsSubject {
  /** edXML DocumentId of the bus's package: `<fromOrganId>,<yyyy/MM/dd>,<dossierCode|batchId>/<purpose>`. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(300)
  documentId!: string;

  /** The DMS's own id of the package (for a status or a decision: of the package it sent back). */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(200)
  docId!: string;
}

/** `dms.package-sent` (event): the DMS accepted a package. */
export class DmsPackageSentMessage extends DmsPackage {
  @IsOffsetDateTime()
  sentAt!: string;
}

/** Who acted in the department, as the DMS's StaffInfo says. */
export class DmsStaff {
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  fullName?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  position?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  department?: string;
}

/** `dms.status-received` (event): a status package came back for one of the bus's packages. */
export class DmsStatusReceivedMessage extends DmsPackage {
  /** Axis status: 01 arrived, 02 refused, 03 registered, 04 assigned, 05 in progress, 06 done, … */
  @IsString()
  @Matches(AXIS_STATUS_CODE.pattern, { message: AXIS_STATUS_CODE.problem })
  statusCode!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  description?: string;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DmsStaff)
  staff?: DmsStaff;

  @IsOffsetDateTime()
  occurredAt!: string;
}

/**
 * The fields of a `dms.decision-received` that the DMS adapter's verification of the signed package produced or
 * vouches for (dotted paths): which package and dossier it answers, the decision's number, the signed file's digest
 * and size, and the verdict on its signature. `verdictSeal` covers exactly these, in this order; an operator's
 * edited replay may not change any of them (nor the seal).
 */
export const DECISION_VERDICT_FIELDS = [
  'agencyCode',
  'purpose',
  'dossierCode',
  'batchId',
  'documentId',
  'docId',
  'decision.number',
  'decision.notation',
  'decision.documentNumber',
  'decision.file.sha256',
  'decision.file.sizeBytes',
  'decision.signature.verified',
  'decision.signature.signerCertificateSubject',
  'decision.signature.signedAt',
] as const;

/** `v1.` and an HMAC-SHA256 in base64url. */
const VERDICT_SEAL = /^v1\.[A-Za-z0-9_-]{43}$/;

/**
 * `dms.decision-received` (event): the numbered (and signed) decision came back for a `sign` or `number` package.
 * `decision.signature.verified` is false when the XML signature or the certificate chain failed; the reason is in
 * `verificationFailure` and such a decision is never announced as ready for issue.
 */
export class DmsDecisionReceivedMessage extends DmsPackage {
  @IsObject()
  @ValidateNested()
  @Type(() => NumberedDecision)
  decision!: NumberedDecision;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  verificationFailure?: string;

  /**
   * The DMS adapter's seal over `DECISION_VERDICT_FIELDS`: `v1.` + base64url HMAC-SHA256 under a key only the
   * adapter and the orchestrator hold (`VERDICT_SEAL_KEY`). The orchestrator applies a decision only when the seal
   * matches, so a verdict cannot be forged on the broker nor edited in a dead-letter replay.
   */
  @IsString()
  @Matches(VERDICT_SEAL, { message: 'must be a verdict seal: v1. and 43 base64url characters' })
  verdictSeal!: string;
}
