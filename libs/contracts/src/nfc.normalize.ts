/** Any character outside ASCII: ASCII-only strings are already NFC and are skipped without normalizing. */
const NON_ASCII = /[^\x00-\x7f]/;

/**
 * Deep Unicode NFC normalization of every string in a parsed JSON value (object keys are left as they
 * are: contract keys are ASCII). Copy-on-write: returns the same value, and the same objects and arrays,
 * wherever nothing changed, so an already-normalized body costs one scan and no allocation.
 */
export function normalizeNfc<T>(value: T): T {
  return normalizeValue(value) as T;
}

function normalizeValue(value: unknown): unknown {
  if (typeof value === 'string') return NON_ASCII.test(value) ? value.normalize('NFC') : value;
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const item: unknown = value[i];
      const normalized = normalizeValue(item);
      if (normalized !== item) {
        copy ??= value.slice();
        copy[i] = normalized;
      }
    }
    return copy ?? value;
  }
  const object = value as Record<string, unknown>;
  let copy: Record<string, unknown> | undefined;
  for (const key of Object.keys(object)) {
    const item = object[key];
    const normalized = normalizeValue(item);
    if (normalized !== item) {
      copy ??= { ...object };
      copy[key] = normalized;
    }
  }
  return copy ?? object;
}
