import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsIn, IsObject, ValidateNested } from 'class-validator';
import { NumberedDecision } from '../common/decisions';
import { IsDossierCode } from '../common/dossier-code';
import { ISSUER_KINDS, IssuerKind } from '../common/enums';

/**
 * `decision.ready-for-issue`: a numbered (and, for online approval, digitally signed) decision is ready to be
 * printed, stamped and released at the Center.
 */
export class DecisionReadyForIssueMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** Who releases it: `center-clerk` exactly when the department delegated reception/return to the Post. */
  @IsIn(ISSUER_KINDS)
  issuer!: IssuerKind;

  /** The numbered decision. */
  @IsObject()
  @ValidateNested()
  @Type(() => NumberedDecision)
  decision!: NumberedDecision;
}
