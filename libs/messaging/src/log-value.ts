// Besides what JSON escapes (quotes, backslash, C0 controls): DEL and C1 controls (some terminals act on them),
// the line and paragraph separators (line breaks to many log viewers), and the bidirectional controls, which can
// make a line read differently from what it holds.
const INVISIBLE = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * A value that came from outside (a username, a header, a field of a request) as it goes into a log line: quoted
 * and escaped as a JSON string, so that a newline in it cannot start a forged line and a quote cannot end the value
 * early; invisible controls escaped too; cut after `maxChars` characters. Letters of any script, Vietnamese tones
 * in composed or decomposed form included, are kept as they are.
 */
export function logValue(value: unknown, maxChars = 200): string {
  const text = typeof value === 'string' ? value : String(value);
  const cut = text.length > maxChars ? `${text.slice(0, maxChars)}…(${text.length} characters)` : text;
  return JSON.stringify(cut).replace(INVISIBLE, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
