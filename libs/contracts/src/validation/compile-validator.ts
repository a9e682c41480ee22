import { getMetadataStorage, ValidationArguments } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';
import { FieldProblem } from '../envelope';
import { isContractRuleName } from '../rules/rule-names';
import { builtinCheckFor, TYPE_CONSTRAINTS } from './builtin-checks';
import { ClassType, PropertyRules, readClassRules, unsupported } from './class-metadata';

/** Checks a parsed JSON body; returns its problems (empty when valid). Never throws for any input. */
export type CompiledValidator = (plain: unknown) => FieldProblem[];

/** Problems listed before validation stops (a rejection should stay readable and bounded). */
export const MAX_PROBLEMS = 100;

/** Nesting (objects and arrays inside nested properties) below which the validator stops descending. */
const MAX_DEPTH = 32;

type Plain = Record<string, unknown>;
type ObjectValidator = (object: Plain, out: FieldProblem[], depth: number) => void;

interface Constraint {
  readonly test: (value: unknown, object: Plain) => boolean;
  readonly problem: (value: unknown, object: Plain) => string;
  /** A presence rule: its own sentence explains an absent value (for others an absent value "is required"). */
  readonly explainsAbsence: boolean;
  /** 0: presence, 1: type, 2: finer rules. The first failing constraint in this order is the one reported. */
  readonly rank: number;
}

/** Thrown (and caught in the entry point) to stop once MAX_PROBLEMS are listed. */
const TOO_MANY = new (class TooManyProblems {})();

/**
 * Path from the body to the object being validated. Segments are pushed and popped while descending and
 * joined only when a problem is reported, so a valid body builds no path strings. Module-level because
 * validation is synchronous and never re-entered; the entry point resets it (a TOO_MANY unwind skips pops).
 */
const path: Array<string | number> = [];

function report(out: FieldProblem[], key: string | number | undefined, problem: string): void {
  const field = key === undefined ? path.join('.') : path.length === 0 ? String(key) : `${path.join('.')}.${key}`;
  out.push({ field, problem });
  // eslint-disable-next-line @typescript-eslint/only-throw-error -- a sentinel that unwinds the recursion, caught at the entry point
  if (out.length >= MAX_PROBLEMS) throw TOO_MANY;
}

const compiled = new WeakMap<ClassType, ObjectValidator>();
const NO_OBJECT: Plain = Object.freeze({});

/**
 * Compiles a decorated class into a validator of plain parsed JSON that accepts and rejects exactly what
 * class-validator does with `plainToInstance` + `validate({ whitelist: true, forbidNonWhitelisted: true })`,
 * reporting the same failing paths (dotted, array indexes included), but without creating instances.
 * One problem per failing path: the first failing rule, presence first, then type, then the others in
 * source order; an absent value "is required". Unknown properties are reported as "is not allowed".
 * Reads the metadata once; throws `CONTRACT.UNSUPPORTED_DECORATOR` for any decorator it cannot honour.
 */
export function compileValidator(cls: ClassType): CompiledValidator {
  const validate = objectValidatorFor(cls);
  return (plain) => {
    if (plain === null || typeof plain !== 'object' || Array.isArray(plain)) return [{ field: 'body', problem: 'must be a JSON object' }];
    const out: FieldProblem[] = [];
    path.length = 0;
    try {
      validate(plain as Plain, out, 0);
    } catch (error) {
      if (error !== TOO_MANY) throw error;
      out.push({ field: 'body', problem: `has more problems; only the first ${MAX_PROBLEMS} are listed` });
    }
    return out;
  };
}

function objectValidatorFor(cls: ClassType): ObjectValidator {
  const existing = compiled.get(cls);
  if (existing !== undefined) return existing;
  // Registered before compiling the properties so that a class nested in itself compiles.
  let built: ObjectValidator | undefined;
  compiled.set(cls, (object, out, depth) => built!(object, out, depth));
  try {
    built = buildObjectValidator(cls);
  } catch (error) {
    compiled.delete(cls);
    throw error;
  }
  compiled.set(cls, built);
  return built;
}

function buildObjectValidator(cls: ClassType): ObjectValidator {
  const rules = readClassRules(cls);
  const allowed = new Set(rules.map((rule) => rule.name));
  const properties = rules.map((rule) => compileProperty(cls, rule));
  return (object, out, depth) => {
    // forbidNonWhitelisted: every property without a decorator is refused, so typos do not pass silently.
    for (const key in object) if (!allowed.has(key)) report(out, key, 'is not allowed');
    for (let i = 0; i < properties.length; i++) properties[i](object, out, depth);
  };
}

function compileProperty(cls: ClassType, rule: PropertyRules): ObjectValidator {
  const name = rule.name;
  const conditions = rule.conditions.map((metadata) => metadata.constraints[0] as (object: Plain, value: unknown) => boolean);
  const constraints = rule.constraints
    .map((metadata) => compileConstraint(cls, name, metadata))
    .map((constraint, index) => ({ constraint, index }))
    .sort((a, b) => a.constraint.rank - b.constraint.rank || a.index - b.index)
    .map(({ constraint }) => constraint);
  const nested = rule.nested === undefined ? undefined : objectValidatorFor(rule.nested());
  return (object, out, depth) => {
    const value = object[name];
    for (let i = 0; i < conditions.length; i++) if (!conditions[i](object, value)) return;
    let failed = false;
    for (let i = 0; i < constraints.length; i++) {
      const constraint = constraints[i];
      if (!constraint.test(value, object)) {
        const absent = value === undefined || value === null;
        report(out, name, absent && !constraint.explainsAbsence ? 'is required' : constraint.problem(value, object));
        failed = true;
        break;
      }
    }
    if (nested !== undefined && value !== undefined) {
      path.push(name);
      validateNested(nested, value, failed, out, depth + 1);
      path.pop();
    }
  };
}

/**
 * class-validator's `@ValidateNested()` semantics: an object is validated as the nested class, an array's
 * elements are (recursively), anything else is an error unless the property already reported one.
 */
function validateNested(validate: ObjectValidator, value: unknown, reported: boolean, out: FieldProblem[], depth: number): void {
  if (depth > MAX_DEPTH) return report(out, undefined, 'is nested too deeply');
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const element: unknown = value[i];
      if (element === undefined) continue;
      path.push(i);
      if (Array.isArray(element)) validateNested(validate, element, false, out, depth + 1);
      else if (element !== null && typeof element === 'object') validate(element as Plain, out, depth + 1);
      else report(out, undefined, 'must be an object');
      path.pop();
    }
  } else if (value !== null && typeof value === 'object') {
    validate(value as Plain, out, depth);
  } else if (!reported) {
    report(out, undefined, 'must be an object');
  }
}

function compileConstraint(cls: ClassType, property: string, metadata: ValidationMetadata): Constraint {
  const where = `${cls.name}.${property}`;
  const builtin = builtinCheckFor(metadata);
  const custom = builtin === undefined ? customCheckFor(cls, property, metadata, where) : undefined;
  const test = builtin?.test ?? custom!.test;
  const name = metadata.type === 'isDefined' ? 'isDefined' : (metadata.name ?? '');
  const argsFor = (value: unknown, object: Plain): ValidationArguments => ({
    value,
    constraints: metadata.constraints,
    targetName: cls.name,
    object,
    property,
  });
  const { message } = metadata;
  const problem: (value: unknown, object: Plain) => string =
    typeof message === 'string' && message !== ''
      ? () => message
      : typeof message === 'function'
        ? (value, object) => message(argsFor(value, object))
        : builtin !== undefined
          ? () => builtin.problem
          : custom!.problem;
  const presence = name === 'isDefined' || name === 'requiredWhen';
  const base: Constraint = { test, problem, explainsAbsence: presence, rank: presence ? 0 : TYPE_CONSTRAINTS.has(name) ? 1 : 2 };
  return metadata.each ? eachOf(base) : base;
}

/** `{ each: true }`: an array passes when every item does (reported on the array, naming the item). */
function eachOf(base: Constraint): Constraint {
  return {
    ...base,
    test: (value, object) => {
      if (!Array.isArray(value)) return base.test(value, object);
      for (let i = 0; i < value.length; i++) if (!base.test(value[i], object)) return false;
      return true;
    },
    problem: (value, object) => {
      if (!Array.isArray(value)) return base.problem(value, object);
      const index = value.findIndex((item) => !base.test(item, object));
      const item: unknown = value[index];
      return `item ${index} ${(item === undefined || item === null) && !base.explainsAbsence ? 'is required' : base.problem(item, object)}`;
    },
  };
}

/** A custom constraint of this library, called directly through its constraint instance. */
function customCheckFor(
  cls: ClassType,
  property: string,
  metadata: ValidationMetadata,
  where: string,
): { test: Constraint['test']; problem: Constraint['problem'] } {
  if (metadata.type !== 'customValidation' || !isContractRuleName(metadata.name)) {
    throw unsupported(where, `constraint '${metadata.name ?? metadata.type}'`);
  }
  const implementations = getMetadataStorage().getTargetValidatorConstraints(metadata.constraintCls);
  if (implementations.length !== 1 || implementations[0].async)
    throw unsupported(where, `constraint '${metadata.name}' (async or ambiguous)`);
  const instance = implementations[0].instance;
  // One arguments object per constraint, refilled on each call: validation is synchronous and the rules
  // never keep it, so this saves an allocation per check on the hot path. It is emptied after each call
  // so that it keeps no body alive.
  const args: ValidationArguments = {
    value: undefined,
    constraints: metadata.constraints,
    targetName: cls.name,
    object: NO_OBJECT,
    property,
  };
  const call = <R>(fn: (args: ValidationArguments) => R, value: unknown, object: Plain): R => {
    args.value = value;
    args.object = object;
    const result = fn(args);
    args.value = undefined;
    args.object = NO_OBJECT;
    return result;
  };
  const validate = (a: ValidationArguments): boolean => Boolean(instance.validate(a.value, a));
  const message = (a: ValidationArguments): string => instance.defaultMessage?.(a) ?? 'is invalid';
  return {
    test: (value, object) => call(validate, value, object),
    problem: (value, object) => call(message, value, object),
  };
}
