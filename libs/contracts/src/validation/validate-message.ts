import { FieldProblem } from '../envelope';
import { ContractError } from '../errors';
import { isMessageType, MESSAGE_TYPES, MESSAGES, MessageType } from '../routing';
import { compileValidator, CompiledValidator } from './compile-validator';

const validators = new Map<MessageType, CompiledValidator>();

/** The compiled validator of a message type (compiled on first use, then cached). */
export function validatorFor(type: MessageType): CompiledValidator {
  let validator = validators.get(type);
  if (validator === undefined) {
    if (!isMessageType(type))
      throw new ContractError('CONTRACT.UNKNOWN_MESSAGE_TYPE', `'${String(type)}' is not a message type of contract v1`);
    validator = compileValidator(MESSAGES[type].messageClass);
    validators.set(type, validator);
  }
  return validator;
}

/** Problems of a parsed JSON body against its message type's contract (empty when valid). */
export function validateMessage(type: MessageType, body: unknown): FieldProblem[] {
  return validatorFor(type)(body);
}

/** Compiles every message type's validator now, so an unsupported decorator fails at start-up, not on first use. */
export function precompileValidators(): void {
  for (const type of MESSAGE_TYPES) validatorFor(type);
}
