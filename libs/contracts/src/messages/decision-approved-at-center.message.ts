import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsObject, ValidateNested } from 'class-validator';
import { PaperDecision } from '../common/decisions';
import { IsDossierCode } from '../common/dossier-code';
import { Official } from '../common/persons';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/**
 * `onestop.decision.approved-at-center`: the leader approved and signed on paper at the Center; the bus
 * must obtain the document number from the department's clerk.
 */
export class DecisionApprovedAtCenterMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** When the leader approved, with offset. */
  @IsOffsetDateTime()
  approvedAt!: string;

  /** The leader who approved. */
  @IsObject()
  @ValidateNested()
  @Type(() => Official)
  approver!: Official;

  /** The signed paper decision, scanned. */
  @IsObject()
  @ValidateNested()
  @Type(() => PaperDecision)
  decision!: PaperDecision;
}
