import { IsEmail, IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { IsApplicantIdNumber } from '../rules/applicant-id-number.rule';
import { APPLICANT_KINDS, ApplicantKind, ISSUER_KINDS, IssuerKind, RECEIVER_KINDS, ReceiverKind } from './enums';
import { LIMITS, NOT_BLANK, PHONE } from './text-rules';

/** Who received a dossier at the Center. */
export class DossierReceiver {
  /** `department-officer` or `postal-staff` (when the department delegated reception to the Post). */
  @IsIn(RECEIVER_KINDS)
  kind!: ReceiverKind;

  /** Full name; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  fullName!: string;
}

/** The person or business that submitted a dossier. */
export class Applicant {
  /** `citizen` (identified by CCCD) or `business` (identified by tax code). */
  @IsIn(APPLICANT_KINDS)
  kind!: ApplicantKind;

  /** Full name of the person or the business; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  fullName!: string;

  /** Citizen: 12-digit CCCD. Business: tax code, 10 digits or 10 digits + `-` + 3 digits. */
  @IsString()
  @IsApplicantIdNumber()
  idNumber!: string;

  /** Phone: `0` or `+84` then 9-10 digits. */
  @IsOptional()
  @IsString()
  @Matches(PHONE.pattern, { message: PHONE.problem })
  phone?: string;

  /** Email address; at most 254 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.email)
  @IsEmail({}, { message: 'must be an email address' })
  email?: string;

  /** Address as one line of free text (the one-stop system keeps it unstructured); at most 500 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.addressLine)
  address?: string;
}

/** A named official, with an optional position (chức vụ). */
export class Appraiser {
  /** Full name; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  fullName!: string;

  /** Position, e.g. `Chuyên viên`; at most 200 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.name)
  position?: string;
}

/** A named official with a position: the leader who approves or signs. */
export class Official {
  /** Full name; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  fullName!: string;

  /** Position, e.g. `Phó Giám đốc`; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  position!: string;
}

/** Who printed, stamped and released a result at the Center. */
export class ResultIssuer {
  /** `department-officer`, or `center-clerk` when the department delegated to the Post. */
  @IsIn(ISSUER_KINDS)
  kind!: IssuerKind;

  /** Full name; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  fullName!: string;
}
