import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsString, MaxLength, ValidateNested } from 'class-validator';
import { DraftDecision } from '../common/decisions';
import { IsDossierCode } from '../common/dossier-code';
import { APPRAISAL_MODES, APPRAISAL_OUTCOMES, AppraisalMode, AppraisalOutcome } from '../common/enums';
import { Appraiser } from '../common/persons';
import { LIMITS } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';
import { RequiredWhen } from '../rules/required-when.rule';

/** `onestop.dossier.appraised`: appraisal finished. */
export class DossierAppraisedMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** When the appraisal finished, with offset. */
  @IsOffsetDateTime()
  appraisedAt!: string;

  /** Where it was appraised: `at-center` or `online`. */
  @IsIn(APPRAISAL_MODES)
  mode!: AppraisalMode;

  /** `approve` (proceed to a decision), `supplement` (ask for more documents) or `reject`. */
  @IsIn(APPRAISAL_OUTCOMES)
  outcome!: AppraisalOutcome;

  /** Who appraised. */
  @IsObject()
  @ValidateNested()
  @Type(() => Appraiser)
  appraiser!: Appraiser;

  /** Appraisal note (what to supplement, why refused); at most 2000 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.text)
  note?: string;

  /** The draft result; required when `outcome` is `approve`. */
  @RequiredWhen('outcome', 'approve')
  @IsObject()
  @ValidateNested()
  @Type(() => DraftDecision)
  draftDecision?: DraftDecision;
}
