/**
 * Formats and length limits shared by the message classes. Each pattern comes with the problem sentence
 * the validator reports when a value does not match it, so the rule and its explanation stay together.
 * Patterns carry no flags: they are copied verbatim into the AsyncAPI JSON Schemas (ECMA-262).
 */

/** Length limits (in characters) for free text, chosen generously above what real dossiers hold. */
export const LIMITS = {
  /** A person's or organisation's name, a position, a department name. */
  name: 200,
  /** A procedure name, a document title, a file name. */
  title: 1000,
  /** A street line or a full address written as one line. */
  addressLine: 500,
  /** A reason, a note, a summary (trích yếu), a progress description. */
  text: 2000,
  /** A URL of a stored file. */
  url: 2048,
  /** An email address (RFC 5321 path limit). */
  email: 254,
  /** A MIME type with parameters. */
  contentType: 255,
  /** An AMQP short string (routing key, message id, app id). */
  amqpShortString: 255,
  /** Documents in one dossier. */
  documents: 200,
  /** Dossiers in one archive-handover batch. */
  batchDossiers: 1000,
  /** Reasons in one rejection (the validator stops listing after 100). */
  reasons: 200,
} as const;

/** A pattern and the sentence that explains it. */
export interface TextRule {
  readonly pattern: RegExp;
  readonly problem: string;
}

const rule = (pattern: RegExp, problem: string): TextRule => ({ pattern, problem });

/** The one-stop system's dossier code (mã hồ sơ), e.g. `000.00.12.H36-260415-0001`; opaque otherwise. */
export const DOSSIER_CODE = rule(/^[A-Za-z0-9.-]{1,64}$/, "must be 1-64 characters, each a letter, a digit, '.' or '-'");

/** A department code (mã đơn vị), e.g. `000.00.12.H36`; same alphabet as dossier codes. */
export const AGENCY_CODE = rule(/^[A-Za-z0-9.-]{1,64}$/, "must be 1-64 characters, each a letter, a digit, '.' or '-'");

/** An administrative-procedure code (mã TTHC), e.g. `1.004227`. */
export const PROCEDURE_CODE = rule(/^[A-Za-z0-9._-]{1,64}$/, "must be 1-64 characters, each a letter, a digit, '.', '_' or '-'");

/** An identifier made by a system (batch id, postal order number, component code, tracking code). */
export const IDENTIFIER = rule(/^[A-Za-z0-9._-]{1,100}$/, "must be 1-100 characters, each a letter, a digit, '.', '_' or '-'");

/** Any required free text: at least one non-space character (length limits are separate). */
export const NOT_BLANK = rule(/\S/, 'must not be blank');

/** Citizen identity card number (CCCD): 12 digits. */
export const CCCD = rule(/^\d{12}$/, 'must be a 12-digit CCCD number');

/** Business tax code (mã số thuế): 10 digits, or 10 digits, '-' and 3 digits for a branch. */
export const TAX_CODE = rule(/^\d{10}(?:-\d{3})?$/, "must be a tax code: 10 digits, or 10 digits, '-' and 3 digits");

/** Vietnamese phone number: `0` or `+84` followed by 9-10 digits (mobile or landline, no spaces). */
export const PHONE = rule(/^(?:0|\+84)\d{9,10}$/, "must be a Vietnamese phone number: '0' or '+84' then 9-10 digits, no spaces");

/** Two-digit province code, e.g. `20` (Lạng Sơn). */
export const PROVINCE_CODE = rule(/^\d{2}$/, 'must be a 2-digit province code');

/** SHA-256 digest in hexadecimal (either case). */
export const SHA256_HEX = rule(/^[0-9A-Fa-f]{64}$/, 'must be a SHA-256 digest: 64 hexadecimal characters');

/** MIME type, e.g. `application/pdf` or `text/plain; charset=utf-8`. */
export const MIME_TYPE = rule(
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*(?:\s*;\s*[A-Za-z0-9!#$&^_.+-]+=(?:[A-Za-z0-9!#$&^_.+-]+|"[^"]*"))*$/,
  "must be a MIME type such as 'application/pdf'",
);

/** Document-type abbreviation (QĐ quyết định, GP giấy phép, GCN giấy chứng nhận, ...). */
export const DOCUMENT_TYPE = rule(/^[A-Za-zĐđ][A-Za-zĐđ0-9]{0,9}$/, "must be a document-type abbreviation such as 'QĐ', 'GP' or 'GCN'");

/**
 * Letters of Vietnamese as written in NFC, as the body of a character class: ASCII letters, Đ/đ, and every
 * precomposed vowel with its marks (Ă Â Ê Ô Ơ Ư and the five tones, Latin-1 and Latin Extended Additional).
 * Written with `\\u` escapes so the pattern's source reads the same in JSON Schema (ECMA-262, with or without `u`).
 */
const VIETNAMESE_LETTERS =
  'A-Za-z\\u00C0-\\u00C3\\u00C8-\\u00CA\\u00CC\\u00CD\\u00D2-\\u00D5\\u00D9\\u00DA\\u00DD\\u00E0-\\u00E3\\u00E8-\\u00EA\\u00EC\\u00ED' +
  '\\u00F2-\\u00F5\\u00F9\\u00FA\\u00FD\\u0102\\u0103\\u0110\\u0111\\u0128\\u0129\\u0168\\u0169\\u01A0\\u01A1\\u01AF\\u01B0\\u1EA0-\\u1EF9';

/**
 * A notation's body: runs of letters (Vietnamese included) and digits, joined by '-' between abbreviations
 * (`QĐ-SKHĐT`, `QĐ-UBND-KT`) or '&' inside one (`SNN&PTNT`, `SGD&ĐT`); neither at an end nor doubled.
 */
const NOTATION_RUN = `[0-9${VIETNAMESE_LETTERS}]+`;
const NOTATION_BODY = `${NOTATION_RUN}(?:[&-]${NOTATION_RUN})*`;

/**
 * Document notation (ký hiệu): the document-type abbreviation and the issuer's, e.g. `QĐ-SXD`, `QĐ-SKHĐT`,
 * `GP-SNN&PTNT`; 1-50 characters, NFC. No spaces, '/' or '.': the notation follows the number after a '/'.
 */
export const NOTATION = rule(
  new RegExp(`^(?=.{1,50}$)${NOTATION_BODY}$`),
  "must be a notation such as 'QĐ-SXD' or 'QĐ-SNN&PTNT': letters (Vietnamese included), digits and '&', in parts joined by '-'",
);

/** Full document number (số, ký hiệu), e.g. `123/QĐ-SXD`, `12/QĐ-SKHĐT`, or `12/2026/QĐ-UBND` with a year. */
export const DOCUMENT_NUMBER = rule(
  new RegExp(`^(?=.{1,64}$)\\d{1,7}\\/(?:\\d{4}\\/)?${NOTATION_BODY}$`),
  "must be a document number such as '123/QĐ-SXD' or '12/QĐ-SKHĐT': number, '/', an optional year and '/', then the notation",
);

/** Two-digit status code of the document-exchange axis, e.g. `02` (refused). */
export const AXIS_STATUS_CODE = rule(/^\d{2}$/, "must be a 2-digit status code such as '02'");
