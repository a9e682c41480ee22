import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { IsBoolean, IsEnum, IsInt, IsObject, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { IsDossierCode } from '../common/dossier-code';
import { LIMITS, NOT_BLANK } from '../common/text-rules';
import { Stage } from '../lifecycle/stage';
import { IsOffsetDateTime } from '../rules/date-time.rule';
import { IsPortalStatusOfStage } from '../rules/status-consistency.rule';

/** One line of a dossier's processing history (quá trình xử lý), as the national portal shows it. */
export class DossierProgress {
  /** Who acted (a person or a system); at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  actor!: string;

  /** The actor's position; at most 200 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  position?: string;

  /** The actor's department or unit; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  department!: string;

  /** What happened, in words; at most 2000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.text)
  content!: string;
}

/** `dossier.status-changed`: a lifecycle transition of a dossier; per dossier, published in lifecycle order. */
export class DossierStatusChangedMessage {
  /** The dossier's code. */
  @IsDossierCode()
  dossierCode!: string;

  /** The stage the dossier entered. */
  @IsEnum(Stage)
  stage!: Stage;

  /** The stage it left; absent for the first transition (into RECEIVED). */
  @IsOptional()
  @IsEnum(Stage)
  previousStage?: Stage;

  /** National-portal status (TrangThaiHoSo) 1-10 of `stage` (see `portalStatusOf`). */
  @IsInt()
  @Min(1)
  @Max(10)
  @IsPortalStatusOfStage()
  portalStatus!: number;

  /** When the transition happened, with offset. */
  @IsOffsetDateTime()
  occurredAt!: string;

  /** The dossier's due time (ngày hẹn trả), with offset. */
  @IsOffsetDateTime()
  dueAt!: string;

  /** Whether the dossier is past its due time at `occurredAt` (and not yet resolved then). */
  @IsBoolean()
  overdue!: boolean;

  /** The history line for the portal. */
  @IsObject()
  @ValidateNested()
  @Type(() => DossierProgress)
  progress!: DossierProgress;
}
