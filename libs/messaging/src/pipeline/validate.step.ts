import { validateMessage } from '@lienthong/contracts';
import { ContractViolation } from '../errors';
import type { InboundMessage } from './inbound-message';

/** Second step: checks the body against its contract class (compiled rules, no class instances). */
export function validate(message: InboundMessage): void {
  const problems = validateMessage(message.type, message.body);
  if (problems.length > 0) throw new ContractViolation(problems, 'CONTRACT.INVALID_FIELD');
}
