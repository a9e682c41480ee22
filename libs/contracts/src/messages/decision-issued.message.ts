import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsObject, IsString, Matches, ValidateNested } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { ResultIssuer } from '../common/persons';
import { DOCUMENT_NUMBER } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** `onestop.decision.issued`: the Center printed, stamped (second seal) and released the result. */
export class DecisionIssuedMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** When the result was released, with offset. */
  @IsOffsetDateTime()
  issuedAt!: string;

  /** Who released it. */
  @IsObject()
  @ValidateNested()
  @Type(() => ResultIssuer)
  issuedBy!: ResultIssuer;

  /** The document number it was released under, e.g. `123/QĐ-SXD` or `12/QĐ-SKHĐT` (as `decision.ready-for-issue` gave it). */
  @IsString()
  @Matches(DOCUMENT_NUMBER.pattern, { message: DOCUMENT_NUMBER.problem })
  documentNumber!: string;
}
