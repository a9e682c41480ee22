import 'reflect-metadata';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsObject, IsOptional, IsPositive, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { POSTAL_STATUS_CODES, SHIPMENT_PURPOSES, type ShipmentPurpose } from '../common/enums';
import { IDENTIFIER, LIMITS, NOT_BLANK, PHONE, PROVINCE_CODE } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** Bus-internal messages between the orchestrator and the postal adapter (on `lienthong.internal`, not part of contract v1). */
export const POSTAL_SERVICE_CODES = ['BCCI-KQ', 'BCCI-LT', 'BCCI-HS'] as const;
export type PostalServiceCode = (typeof POSTAL_SERVICE_CODES)[number];

/** Sender or receiver of a postal order, as the postal API writes it. */
export class PostalParty {
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  name!: string;

  @IsString()
  @Matches(PHONE.pattern, { message: PHONE.problem })
  phone!: string;

  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.addressLine)
  line!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  ward?: string;

  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  province!: string;

  @IsOptional()
  @IsString()
  @Matches(PROVINCE_CODE.pattern, { message: PROVINCE_CODE.problem })
  provinceCode?: string;
}

export class PostalParcel {
  @IsInt()
  @IsPositive()
  @Max(100_000)
  itemCount!: number;

  @IsInt()
  @IsPositive()
  @Max(1_000_000_000)
  weightGrams!: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  contentNote?: string;
}

/** Fields that say what a postal message is about. */
class PostalSubject {
  /** The client's order number: the idempotency key, e.g. `KQ-<dossierCode>` or `LT-<batchId>`. */
  @IsString()
  @Matches(/^[A-Za-z0-9._-]{1,100}$/, { message: "must be 1-100 characters, each a letter, a digit, '.', '_' or '-'" })
  orderNumber!: string;

  @IsIn(SHIPMENT_PURPOSES)
  purpose!: ShipmentPurpose;

  @IsOptional()
  @IsDossierCode()
  dossierCode?: string;

  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  batchId?: string;
}

/** `postal.order-requested` (command): create a postal order (result delivery or archive handover). */
export class PostalOrderRequestedMessage extends PostalSubject {
  @IsIn(POSTAL_SERVICE_CODES)
  serviceCode!: PostalServiceCode;

  @IsObject()
  @ValidateNested()
  @Type(() => PostalParty)
  sender!: PostalParty;

  @IsObject()
  @ValidateNested()
  @Type(() => PostalParty)
  receiver!: PostalParty;

  @IsObject()
  @ValidateNested()
  @Type(() => PostalParcel)
  parcel!: PostalParcel;

  @IsOptional()
  @IsInt()
  @Min(0)
  codAmount?: number;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  note?: string;
}

/** `postal.order-created` (event): the postal operator accepted the order (or already had it). */
export class PostalOrderCreatedMessage extends PostalSubject {
  @IsString()
  @Matches(/^[A-Z]{2}\d{9}[A-Z]{2}$/, { message: 'must be a tracking code such as EJ012345678VN' })
  trackingCode!: string;

  @IsInt()
  @Min(1)
  @Max(99)
  status!: number;

  @IsOptional()
  @IsInt()
  @Min(0)
  totalFee?: number;

  @IsOffsetDateTime()
  createdAt!: string;
}

/** `postal.tracking-received` (event): a tracking event for an order, from a webhook or a poll. */
export class PostalTrackingReceivedMessage extends PostalSubject {
  @IsString()
  @Matches(/^[A-Z]{2}\d{9}[A-Z]{2}$/, { message: 'must be a tracking code such as EJ012345678VN' })
  trackingCode!: string;

  @IsIn(POSTAL_STATUS_CODES)
  statusCode!: number;

  @IsString()
  @MaxLength(LIMITS.name)
  statusName!: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  note?: string;

  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.addressLine)
  location?: string;

  /** When it happened (from the operator's `dd/MM/yyyy HH:mm:ss` Vietnam time). */
  @IsOffsetDateTime()
  occurredAt!: string;

  /** The operator's `X-Postal-Transaction` (webhook) or `poll:<orderNumber>:<statusCode>` (poll). */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(200)
  transaction!: string;

  @IsIn(['webhook', 'poll'])
  source!: 'webhook' | 'poll';
}
