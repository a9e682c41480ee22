/**
 * Masking of personal data for the viewer role, who monitors the bus but fixes nothing: citizen id numbers
 * (CCCD, and the older 9-digit CMND), phone numbers, e-mail addresses, postal addresses, and the names of
 * applicants and recipients. Officials' names (who received, appraised, signed) are kept: they act in office.
 *
 * Two nets, because a dead letter's body is by definition something that did not pass the contract: fields are
 * recognised by name wherever they appear (`applicant.idNumber`, `receiver.phone`, `deliveryAddress.*`), and every
 * other string is searched for what looks like an id number, a phone number or an e-mail address.
 */

/** Fields whose value is personal data wherever it appears (compared lower case). */
const PERSONAL_FIELDS = new Set([
  'idnumber',
  'cccd',
  'cmnd',
  'citizenid',
  'phone',
  'phonenumber',
  'mobile',
  'email',
  'address',
  'line',
  'dateofbirth',
  'birthdate',
]);

/** Objects that describe a private person or where they live: every string inside is personal, `provinceCode` excepted. */
const PERSON_OBJECTS = new Set(['applicant', 'receiver', 'recipient', 'deliveryaddress', 'citizen']);

/** Inside a person object, coarse place fields that identify no one. */
const COARSE_FIELDS = new Set(['kind', 'provincecode', 'province']);

const EMAIL = /([A-Za-z0-9._%+-])[A-Za-z0-9._%+-]*@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+)/g;
const PHONE = /(?<![\w+])(?:\+84|0)\d{9,10}(?!\w)/g;
const ID_NUMBER = /(?<![\w.])(?:\d{12}|\d{9})(?![\w.])/g;

export const MASK = '•••';

/** A string with what looks like an id number, phone number or e-mail address masked; the rest unchanged. */
export function maskText(text: string): string {
  return text
    .replace(EMAIL, (_m, first: string, domain: string) => `${first}${MASK}@${domain}`)
    .replace(PHONE, (m) => `${MASK}${m.slice(-3)}`)
    .replace(ID_NUMBER, (m) => `${MASK}${m.slice(-3)}`);
}

/** A personal value, masked whatever it looks like: the last three digits of a number stay, to tell records apart. */
export function maskValue(value: unknown): unknown {
  if (value === null || value === undefined || typeof value === 'boolean') return value;
  const text = String(value);
  if (/^[+\d\s.()-]{4,}$/.test(text)) return `${MASK}${text.replace(/\D/g, '').slice(-3)}`;
  const email = /^([^@\s])[^@\s]*@(\S+)$/.exec(text);
  if (email) return `${email[1]}${MASK}@${email[2]}`;
  return MASK;
}

/** A JSON value with its personal data masked (see the module comment). */
export function maskJson(value: unknown, field = '', inPerson = false): unknown {
  const key = field.toLowerCase();
  if (Array.isArray(value)) return value.map((item) => maskJson(item, field, inPerson));
  if (value !== null && typeof value === 'object') {
    const personal = inPerson || PERSON_OBJECTS.has(key) || PERSONAL_FIELDS.has(key);
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, maskJson(v, k, personal)]));
  }
  if (PERSONAL_FIELDS.has(key) || (inPerson && !COARSE_FIELDS.has(key)))
    return typeof value === 'string' || typeof value === 'number' ? maskValue(value) : value;
  return typeof value === 'string' ? maskText(value) : value;
}

/** A message body as a viewer may see it: JSON with personal data masked; anything else withheld. */
export function maskBody(body: string, encoding: 'utf8' | 'base64' = 'utf8'): { body: string; withheld: boolean } {
  if (encoding === 'utf8') {
    try {
      const parsed: unknown = JSON.parse(body);
      if (parsed !== null && typeof parsed === 'object') return { body: JSON.stringify(maskJson(parsed)), withheld: false };
    } catch {
      // not JSON: withheld below
    }
  }
  const bytes = Buffer.byteLength(body, encoding);
  return {
    body: `(withheld from viewers: ${bytes} bytes that are not a JSON object, where personal data cannot be told apart)`,
    withheld: true,
  };
}
