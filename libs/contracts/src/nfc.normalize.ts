/**
 * Any character outside the ranges whose every string is already NFC: Basic Latin, Latin-1, Latin Extended-A and -B,
 * the IPA and spacing-modifier blocks (U+0000–U+02FF), Latin Extended Additional (U+1E00–U+1EFF: Vietnamese's
 * precomposed letters) and the dashes, quotes and dots of U+2010–U+2027. None of them changes under NFC, composes
 * with the character before it, or has a combining class (the spec checks every one, alone and after each other), so a
 * string of them alone is NFC and is kept without asking ICU; only a string with any other character (a combining
 * mark, a decomposed letter, another script) is normalized.
 */
export const MAY_NEED_NFC = /[^\x00-\u02ff\u1e00-\u1eff\u2010-\u2027]/;

/**
 * Deep Unicode NFC normalization of every string in a parsed JSON value (object keys are left as they
 * are: contract keys are ASCII). Copy-on-write: returns the same value, and the same objects and arrays,
 * wherever nothing changed, so an already-normalized body costs one scan and no allocation.
 */
export function normalizeNfc<T>(value: T): T {
  return normalizeValue(value) as T;
}

function normalizeValue(value: unknown): unknown {
  if (typeof value === 'string') return MAY_NEED_NFC.test(value) ? value.normalize('NFC') : value;
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
