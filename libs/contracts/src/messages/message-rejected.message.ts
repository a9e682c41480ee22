import 'reflect-metadata'; // class-transformer's @Type reads design-time types through it
import { Type } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, Matches, MaxLength, ValidateNested } from 'class-validator';
import { LIMITS, NOT_BLANK } from '../common/text-rules';
import { IsOffsetDateTime } from '../rules/date-time.rule';

/** One reason a message was rejected (the body form of `FieldProblem`). */
export class RejectionReason {
  /** Dotted path into the body (`applicant.idNumber`), or `body` / `x-schema-version`; at most 1000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.title)
  field!: string;

  /** What is wrong, as a short sentence; at most 2000 characters. */
  @IsString()
  @Matches(NOT_BLANK.pattern, { message: NOT_BLANK.problem })
  @MaxLength(LIMITS.text)
  problem!: string;
}

/**
 * `lienthong.message-rejected`: a message the bus could not accept. The whole message is also kept in the
 * bus's dead-letter store, where an operator can inspect, fix and replay it.
 */
export class MessageRejectedMessage {
  /** `message_id` of the rejected message; absent when it had none. At most 255 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.amqpShortString)
  rejectedMessageId?: string;

  /** Routing key the rejected message was published with; at most 255 characters. */
  @IsString()
  @MaxLength(LIMITS.amqpShortString)
  routingKey!: string;

  /** `app_id` of the rejected message; absent when it had none. At most 255 characters. */
  @IsOptional()
  @IsString()
  @MaxLength(LIMITS.amqpShortString)
  producer?: string;

  /** Why it was rejected, 1 to 200 reasons. */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.reasons)
  @ValidateNested({ each: true })
  @Type(() => RejectionReason)
  reasons!: RejectionReason[];

  /** When the bus rejected it, with offset. */
  @IsOffsetDateTime()
  rejectedAt!: string;
}
