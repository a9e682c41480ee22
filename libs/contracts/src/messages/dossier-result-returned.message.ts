import { IsIn } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { RESULT_RECIPIENTS, ResultRecipient } from '../common/enums';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** `onestop.dossier.result-returned`: the result was handed over at the Center counter. */
export class DossierResultReturnedMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** When it was handed over, with offset. */
  @IsOffsetDateTime()
  returnedAt!: string;

  /** Who collected it: `applicant` or `authorized-person`. */
  @IsIn(RESULT_RECIPIENTS)
  receivedBy!: ResultRecipient;
}
