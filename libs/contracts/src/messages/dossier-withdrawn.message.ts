import { IsString, Matches, MaxLength } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { LIMITS, NOT_BLANK } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** `onestop.dossier.withdrawn`: the applicant withdrew the dossier. */
export class DossierWithdrawnMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** When it was withdrawn, with offset. */
  @IsOffsetDateTime()
  withdrawnAt!: string;

  /** Why; at most 2000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.text)
  reason!: string;
}
