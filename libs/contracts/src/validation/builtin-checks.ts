import { isEmail } from 'class-validator';
import type { ValidationMetadata } from 'class-validator/types/metadata/ValidationMetadata';

/** A value test equivalent to one class-validator built-in constraint, and its default problem sentence. */
export interface BuiltinCheck {
  readonly test: (value: unknown) => boolean;
  readonly problem: string;
}

/**
 * String length as class-validator's `MinLength`/`MaxLength` count it (validator.js `isLength`): UTF-16
 * length minus surrogate pairs and emoji presentation selectors. Only reached on the rare slow path.
 */
function validatorJsLength(value: string): number {
  const presentation = value.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  const surrogates = value.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return value.length - presentation - surrogates;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Fast equivalents of the class-validator built-ins the contract classes use, keyed by constraint name.
 * Each must accept exactly what class-validator accepts (the differential spec checks this).
 */
export const BUILTIN_CHECKS: Readonly<Record<string, (constraints: readonly unknown[]) => BuiltinCheck>> = {
  isDefined: () => ({ test: (v) => v !== undefined && v !== null, problem: 'is required' }),
  isString: () => ({ test: (v) => typeof v === 'string', problem: 'must be a string' }),
  isBoolean: () => ({ test: (v) => typeof v === 'boolean', problem: 'must be true or false' }),
  isInt: () => ({ test: (v) => typeof v === 'number' && Number.isInteger(v), problem: 'must be an integer' }),
  isArray: () => ({ test: (v) => Array.isArray(v), problem: 'must be an array' }),
  isObject: () => ({
    test: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
    problem: 'must be an object',
  }),
  isPositive: () => ({ test: (v) => typeof v === 'number' && v > 0, problem: 'must be a positive number' }),
  min: ([min]) => {
    const bound = min as number;
    return { test: (v) => typeof v === 'number' && v >= bound, problem: `must be at least ${bound}` };
  },
  max: ([max]) => {
    const bound = max as number;
    return { test: (v) => typeof v === 'number' && v <= bound, problem: `must be at most ${bound}` };
  },
  isIn: ([values]) => {
    const allowed = new Set(values as readonly unknown[]);
    return { test: (v) => allowed.has(v), problem: `must be one of: ${[...allowed].join(', ')}` };
  },
  isEnum: ([entity]) => {
    const allowed = new Set(Object.values(entity as object));
    return { test: (v) => allowed.has(v), problem: `must be one of: ${[...allowed].join(', ')}` };
  },
  matches: ([pattern, modifiers]) => {
    // A global flag would make `test` stateful; class-validator's `match` ignores it for a yes/no answer.
    const regex =
      pattern instanceof RegExp
        ? new RegExp(pattern.source, pattern.flags.replace('g', ''))
        : new RegExp(pattern as string, modifiers as string);
    return { test: (v) => typeof v === 'string' && regex.test(v), problem: `must match ${regex}` };
  },
  minLength: ([min]) => {
    const bound = min as number;
    // validatorJsLength(s) >= s.length / 3, so long strings skip the exact count.
    return {
      test: (v) => typeof v === 'string' && (v.length >= 3 * bound || validatorJsLength(v) >= bound),
      problem: bound === 1 ? 'must not be empty' : `must be at least ${plural(bound, 'character')}`,
    };
  },
  maxLength: ([max]) => {
    const bound = max as number;
    // validatorJsLength(s) <= s.length, so short strings skip the exact count.
    return {
      test: (v) => typeof v === 'string' && (v.length <= bound || validatorJsLength(v) <= bound),
      problem: `must be at most ${plural(bound, 'character')}`,
    };
  },
  arrayMinSize: ([min]) => {
    const bound = min as number;
    return {
      test: (v) => Array.isArray(v) && v.length >= bound,
      problem: bound === 1 ? 'must have at least 1 item' : `must have at least ${plural(bound, 'item')}`,
    };
  },
  arrayMaxSize: ([max]) => {
    const bound = max as number;
    return { test: (v) => Array.isArray(v) && v.length <= bound, problem: `must have at most ${plural(bound, 'item')}` };
  },
  isEmail: ([options]) => ({
    test: (v) => typeof v === 'string' && isEmail(v, options as Parameters<typeof isEmail>[1]),
    problem: 'must be an email address',
  }),
};

/** Constraints that say what type a value has: reported before finer constraints on the same property. */
export const TYPE_CONSTRAINTS: ReadonlySet<string> = new Set([
  'isDefined',
  'isString',
  'isBoolean',
  'isInt',
  'isArray',
  'isObject',
  'isIn',
  'isEnum',
]);

/** The builtin check for a metadata entry, or undefined when it is not a known built-in. */
export function builtinCheckFor(metadata: ValidationMetadata): BuiltinCheck | undefined {
  const name = metadata.type === 'isDefined' ? 'isDefined' : metadata.name;
  if (name === undefined || !Object.prototype.hasOwnProperty.call(BUILTIN_CHECKS, name)) return undefined;
  return BUILTIN_CHECKS[name](metadata.constraints ?? []);
}
