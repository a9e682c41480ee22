import { IsString, Matches, MaxLength } from 'class-validator';
import { LIMITS, NOT_BLANK, PHONE, PROVINCE_CODE } from './text-rules';

/** A postal address with its recipient, as the postal service needs it for a delivery. */
export class PostalAddress {
  /** Who receives the parcel; at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  recipient!: string;

  /** Recipient's phone: `0` or `+84` then 9-10 digits. */
  @IsString()
  @Matches(PHONE.pattern, { message: PHONE.problem })
  phone!: string;

  /** House number, street, hamlet; at most 500 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.addressLine)
  line!: string;

  /** Ward or commune (phường, xã); at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  ward!: string;

  /** Province or city (tỉnh, thành phố); at most 200 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.name)
  province!: string;

  /** Two-digit province code, e.g. `20` for Lạng Sơn. */
  @IsString()
  @Matches(PROVINCE_CODE.pattern, { message: PROVINCE_CODE.problem })
  provinceCode!: string;
}
