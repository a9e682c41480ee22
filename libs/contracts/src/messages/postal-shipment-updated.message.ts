import { IsIn, IsInt, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { POSTAL_STATUS_CODES, POSTAL_STATUSES, PostalStatus, PostalStatusCode, SHIPMENT_PURPOSES, ShipmentPurpose } from '../common/enums';
import { IDENTIFIER, LIMITS } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';
import { RequiredWhen } from '../rules/required-when.rule';
import { IsPostalStatusOfCode } from '../rules/status-consistency.rule';

/** `postal.shipment-updated`: a postal shipment (result delivery or archive handover) changed status. */
export class PostalShipmentUpdatedMessage {
  /** The dossier whose result is delivered; required when `purpose` is `result-delivery`. */
  @RequiredWhen('purpose', 'result-delivery')
  @IsDossierCode()
  dossierCode?: string;

  /** The archive batch carried; required when `purpose` is `archive-handover`; 1-100 of `[A-Za-z0-9._-]`. */
  @RequiredWhen('purpose', 'archive-handover')
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  batchId?: string;

  /** `result-delivery` or `archive-handover`. */
  @IsIn(SHIPMENT_PURPOSES)
  purpose!: ShipmentPurpose;

  /** The bus's order number at the postal service (idempotency key); 1-100 of `[A-Za-z0-9._-]`. */
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  orderNumber!: string;

  /** The postal tracking code, e.g. `EJ012345678VN`; 1-100 of `[A-Za-z0-9._-]`. */
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  trackingCode!: string;

  /** Stable name of `statusCode`, e.g. `delivered` (see `POSTAL_STATUS_BY_CODE`). */
  @IsIn(POSTAL_STATUSES)
  @IsPostalStatusOfCode()
  status!: PostalStatus;

  /** Postal status code: 1, 2, 4, 6, 7, 10, 11, 12, 14, 15, 19, 20 or 22. */
  @IsInt()
  @IsIn(POSTAL_STATUS_CODES)
  statusCode!: PostalStatusCode;

  /** When the postal event happened, with offset. */
  @IsOffsetDateTime()
  occurredAt!: string;

  /** Where it happened (post office); at most 500 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.addressLine)
  location?: string;
}
