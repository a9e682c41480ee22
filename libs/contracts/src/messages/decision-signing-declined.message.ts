import { IsString, Matches, MaxLength } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { AXIS_STATUS_CODE, LIMITS, NOT_BLANK } from '../common/text-rules';

/** `decision.signing-declined`: the leader declined to sign, or the clerk refused the document, in the DMS. */
export class DecisionSigningDeclinedMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** Why, as the DMS reported it; at most 2000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.text)
  reason!: string;

  /** The document-exchange status code the DMS sent, e.g. `02` (refused). */
  @IsString()
  @Matches(AXIS_STATUS_CODE.pattern, { message: AXIS_STATUS_CODE.problem })
  statusCode!: string;
}
