/** One rejected field, named by its dotted path (`sender.phone`, `parcel.weightGrams`). */
export interface FieldProblem {
  field: string;
  problem: string;
}

/** Either a checked value or every problem found (never only the first). */
export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldProblem[] };

/** Plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Joins a parent path and a key into a dotted field path. */
export function fieldPath(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}
