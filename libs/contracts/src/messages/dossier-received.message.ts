import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
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
import { PostalAddress } from '../common/address';
import { IsDossierCode } from '../common/dossier-code';
import { Channel, CHANNELS, COPY_TYPES, CopyType, RETURN_METHODS, ReturnMethod } from '../common/enums';
import { FileRef } from '../common/file-ref';
import { Applicant, DossierReceiver } from '../common/persons';
import { AGENCY_CODE, IDENTIFIER, LIMITS, NOT_BLANK, PROCEDURE_CODE } from '../common/text-rules';
import { IsAfterField, IsOffsetDateTime } from '../rules/date-time.rule';
import { RequiredWhen } from '../rules/required-when.rule';

/** One component of a dossier (thành phần hồ sơ) and its digitized file. */
export class DossierDocument {
  /** Component code in the procedure's list of components, when it has one; 1-100 of `[A-Za-z0-9._-]`. */
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  componentCode?: string;

  /** Component name, e.g. `Đơn đề nghị cấp giấy phép xây dựng`; at most 1000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  name!: string;

  /** `original`, `copy` or `electronic`. */
  @IsIn(COPY_TYPES)
  copyType!: CopyType;

  /** The digitized file. */
  @IsObject()
  @ValidateNested()
  @Type(() => FileRef)
  file!: FileRef;
}

/** `onestop.dossier.received`: a dossier was received and digitized (also re-sent after a supplement). */
export class DossierReceivedMessage {
  /** The one-stop system's dossier code (mã hồ sơ), e.g. `000.00.12.H36-260415-0001`. */
  @IsDossierCode()
  dossierCode!: string;

  /** Administrative-procedure code (mã TTHC), e.g. `1.004227`; 1-64 of `[A-Za-z0-9._-]`. */
  @IsString()
  @Matches(PROCEDURE_CODE.pattern, { message: PROCEDURE_CODE.problem })
  procedureCode!: string;

  /** Procedure name; at most 1000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  procedureName!: string;

  /** Department code, e.g. `000.00.12.H36`; the bus also checks it is a configured department. */
  @IsString()
  @Matches(AGENCY_CODE.pattern, { message: AGENCY_CODE.problem })
  agencyCode!: string;

  /** When the dossier was received, with offset. */
  @IsOffsetDateTime()
  receivedAt!: string;

  /** Due time of the result (ngày hẹn trả), with offset; after `receivedAt`. */
  @IsOffsetDateTime()
  @IsAfterField('receivedAt')
  dueAt!: string;

  /** Reception channel: `direct`, `online` or `postal`. */
  @IsIn(CHANNELS)
  channel!: Channel;

  /** Who received the dossier. */
  @IsObject()
  @ValidateNested()
  @Type(() => DossierReceiver)
  receivedBy!: DossierReceiver;

  /** The applicant. */
  @IsObject()
  @ValidateNested()
  @Type(() => Applicant)
  applicant!: Applicant;

  /** Where the result is returned: `center` or `postal`. */
  @IsIn(RETURN_METHODS)
  returnMethod!: ReturnMethod;

  /** Delivery address of the result; required when `returnMethod` is `postal`. */
  @RequiredWhen('returnMethod', 'postal')
  @IsObject()
  @ValidateNested()
  @Type(() => PostalAddress)
  deliveryAddress?: PostalAddress;

  /** Dossier components, 1 to 200. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.documents)
  @ValidateNested({ each: true })
  @Type(() => DossierDocument)
  documents!: DossierDocument[];

  /** Summary (trích yếu); at most 2000 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  summary?: string;
}
