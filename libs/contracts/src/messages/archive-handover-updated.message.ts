import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { HANDOVER_STATES, HandoverState } from '../common/enums';
import { AGENCY_CODE, DOSSIER_CODE, IDENTIFIER, LIMITS } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** `archive.handover-updated`: an archive-handover batch was dispatched, delivered, or acknowledged by the clerk. */
export class ArchiveHandoverUpdatedMessage {
  /** The batch's id; 1-100 of `[A-Za-z0-9._-]`. */
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  batchId!: string;

  /** The department the batch goes to. */
  @IsString()
  @Matches(AGENCY_CODE.pattern, { message: AGENCY_CODE.problem })
  agencyCode!: string;

  /** The dossiers in the batch, 1 to 1000 dossier codes. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.batchDossiers)
  @IsString({ each: true })
  @Matches(DOSSIER_CODE.pattern, { each: true, message: DOSSIER_CODE.problem })
  dossierCodes!: string[];

  /** `dispatched` (handed to the post), `delivered` (to the department) or `acknowledged` (clerk registered it). */
  @IsIn(HANDOVER_STATES)
  state!: HandoverState;

  /** When the state was reached, with offset. */
  @IsOffsetDateTime()
  occurredAt!: string;

  /** Postal tracking code once dispatched; 1-100 of `[A-Za-z0-9._-]`. */
  @IsOptional()
  @IsString()
  @Matches(IDENTIFIER.pattern, { message: IDENTIFIER.problem })
  trackingCode?: string;
}
