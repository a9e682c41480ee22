/**
 * Path helpers for tests that break one field of a sample body. Paths are the validator's dotted paths
 * (`documents.0.file.sha256`); intermediate objects must exist.
 */

type Node = Record<string, unknown> | unknown[];

function parentOf(body: object, path: string): { parent: Node; key: string } {
  const keys = path.split('.');
  const key = keys.pop()!;
  let parent = body as Node;
  for (const k of keys) parent = (parent as Record<string, unknown>)[k] as Node;
  return { parent, key };
}

/** Sets the value at a dotted path (mutates `body`) and returns `body`. */
export function setPath<T extends object>(body: T, path: string, value: unknown): T {
  const { parent, key } = parentOf(body, path);
  (parent as Record<string, unknown>)[key] = value;
  return body;
}

/** Deletes the property at a dotted path (mutates `body`) and returns `body`. */
export function deletePath<T extends object>(body: T, path: string): T {
  const { parent, key } = parentOf(body, path);
  delete (parent as Record<string, unknown>)[key];
  return body;
}

/**
 * A deep copy of a JSON body with every string decomposed (NFD), as some clients write Vietnamese (`ệ` as `e` + two
 * marks); the bus NFC-normalizes what it receives, so this must validate and mean the same as the original.
 */
export function decomposed<T>(body: T): T {
  return JSON.parse(JSON.stringify(body).normalize('NFD')) as T;
}
