import { AGENCY_CODE, LIMITS, NOTATION, PHONE, PROVINCE_CODE, identifierPart } from '@lienthong/contracts';

/**
 * What the bus derives from the department table, checked when the table is read, so that a department that could
 * not work stops start-up instead of failing on its first dossier: its abbreviation ends every notation its clerk
 * writes (`QĐ-SKHĐT`) and, folded to ASCII, starts its archive batch ids and file names (`SKHDT-…`); its name and
 * addresses go into status messages and postal orders, whose contract rules they must pass.
 */

/** Most characters of an abbreviation: a notation holds at most 50, the document type up to 10 of them. */
export const MAX_ABBREVIATION = 20;

/** A problem with an abbreviation, or undefined: it must form a notation and fold to an ASCII identifier part. */
export function abbreviationProblem(value: unknown): string | undefined {
  const example = 'e.g. SXD, SKHĐT, SNN&PTNT';
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ABBREVIATION)
    return `must be 1–${MAX_ABBREVIATION} characters, ${example}`;
  if (!NOTATION.pattern.test(`QĐ-${value}`)) {
    return `"${value}" cannot end a notation (QĐ-${value}): use letters (Vietnamese included) and digits, with '&' or '-' between parts, ${example}`;
  }
  if (identifierPart(value) === '') return `"${value}" folds to nothing in ASCII, so batch ids and file names cannot be made from it`;
  return undefined;
}

/** A problem with an agency code or organ id (the contract's alphabet; an organ id also goes into edXML DocumentIds). */
export function codeProblem(example: string) {
  return (value: unknown): string | undefined =>
    typeof value === 'string' && AGENCY_CODE.pattern.test(value)
      ? undefined
      : `must be 1–64 characters of A-Z, a-z, 0-9, "." and "-", e.g. ${example}`;
}

/** A problem with text that travels in a contract field of at most `max` characters (a name, a postal party). */
export function textProblem(max: number) {
  return (value: unknown): string | undefined =>
    typeof value === 'string' && value.trim().length > 0 && value.length <= max ? undefined : `must be text of 1–${max} characters`;
}

/** A phone number the postal contract accepts (`PHONE`): the Center's and the archives' numbers go into orders. */
export function phoneProblem(value: unknown): string | undefined {
  return typeof value === 'string' && PHONE.pattern.test(value) ? undefined : `${PHONE.problem}, e.g. 02053870111`;
}

/** A two-digit province code (`PROVINCE_CODE`). */
export function provinceCodeProblem(value: unknown): string | undefined {
  return typeof value === 'string' && PROVINCE_CODE.pattern.test(value) ? undefined : 'must be a 2-digit province code, e.g. "20"';
}

/** Limits of the contract fields the table's texts end up in. */
export const TEXT_LIMITS = {
  /** A department's or the Center's name: `progress.department` of status messages, a postal sender's name. */
  name: LIMITS.name,
  recipient: LIMITS.name,
  line: 300,
  ward: LIMITS.name,
  province: 100,
} as const;

/** One department entry as read, with where each of its fields is written (`file line N`). */
export interface PlacedDepartment {
  readonly index: number;
  readonly agencyCode?: string;
  readonly organId?: string;
  readonly name?: string;
  readonly abbreviation?: string;
  readonly archiveRecipient?: string;
  readonly at: (field: string) => string;
}

/**
 * Problems of the table as a whole: two departments with one agency code or organ id (or one with the Center's organ
 * id), two whose abbreviations fold to the same ASCII part, whatever the case (their batch ids and file names would
 * collide: `SGDĐT` and `SGDDT`), two with one name (their certificates could not be told apart), and a default
 * archive recipient (`Văn thư <name>`) too long for a postal order.
 */
export function departmentTableProblems(entries: readonly PlacedDepartment[], centerOrganId: string | undefined): string[] {
  const problems: string[] = [];
  const keys: Array<{ field: keyof PlacedDepartment & string; key: (e: PlacedDepartment) => string | undefined; why: string }> = [
    { field: 'agencyCode', key: (e) => e.agencyCode, why: 'one-stop messages could not tell them apart' },
    { field: 'organId', key: (e) => e.organId, why: 'iOffice packages could not tell them apart' },
    {
      field: 'abbreviation',
      key: (e) => (e.abbreviation ? identifierPart(e.abbreviation).toUpperCase() : undefined),
      why: 'their archive batch ids and file names would collide',
    },
    {
      field: 'name',
      key: (e) => e.name?.trim().toLocaleLowerCase('vi'),
      why: 'their signing certificates and archive manifests could not tell them apart',
    },
  ];
  for (const { field, key, why } of keys) {
    const first = new Map<string, PlacedDepartment>();
    for (const entry of entries) {
      const value = key(entry);
      if (!value) continue;
      const earlier = first.get(value);
      if (earlier) {
        const folded = field === 'abbreviation' ? ` (folded: ${value})` : '';
        problems.push(
          `${entry.at(field)}: departments[${entry.index}].${field} "${String(entry[field])}"${folded} is the same as departments[${earlier.index}].${field} "${String(earlier[field])}" (${earlier.at(field)}): ${why}`,
        );
      } else first.set(value, entry);
    }
  }
  for (const entry of entries) {
    if (centerOrganId && entry.organId === centerOrganId)
      problems.push(
        `${entry.at('organId')}: departments[${entry.index}].organId ${entry.organId} is the Center's organ id (center.organId)`,
      );
    if (entry.archiveRecipient === undefined && entry.name && `Văn thư ${entry.name}`.length > TEXT_LIMITS.recipient) {
      problems.push(
        `${entry.at('name')}: departments[${entry.index}] has no archive.address.recipient and "Văn thư ${entry.name}" is longer than ${TEXT_LIMITS.recipient} characters: name the recipient`,
      );
    }
  }
  return problems;
}
