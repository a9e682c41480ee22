import { readFileSync } from 'node:fs';
import { LineCounter, isMap, isSeq, parseDocument, type Node } from 'yaml';
import { ConfigError } from './config.error';
import { isProduction } from './schema/variable';
import {
  MAX_ABBREVIATION,
  TEXT_LIMITS,
  abbreviationProblem,
  codeProblem,
  departmentTableProblems,
  phoneProblem,
  provinceCodeProblem,
  textProblem,
  type PlacedDepartment,
} from './department.rules';

export type Mode = 'online' | 'at-center';

/** A postal address as the routing table and the postal API write it. */
export interface Address {
  readonly recipient?: string;
  readonly phone?: string;
  readonly line: string;
  readonly ward?: string;
  readonly province: string;
  readonly provinceCode?: string;
}

/** One department (sở, ban, ngành) and how its dossiers are routed. */
export interface Department {
  readonly agencyCode: string;
  readonly organId: string;
  readonly name: string;
  readonly abbreviation: string;
  readonly appraisal: Mode;
  readonly approval: Mode;
  /** True: the Center's clerk issues results and postal staff receive/return (the Post acts for the department). */
  readonly delegatedToPost: boolean;
  readonly dms: string;
  readonly archive: { readonly address: Address; readonly maxBatch: number; readonly cutoff: string };
  /**
   * A regular expression the subject of the certificate that signs this department's decisions must match,
   * written on one line as the bus shows it (`CN=..., O=..., ST=..., C=VN`), e.g. `^CN=So Xay dung(,|$)`.
   * Required when `NODE_ENV=production`; elsewhere, without it any certificate the trust anchors vouch for is
   * accepted (and `Departments.warnings` says so).
   */
  readonly signerSubject?: string;
}

export interface Center {
  readonly organId: string;
  readonly name: string;
  readonly address: Address;
}

/** The department routing table (`DEPARTMENTS_FILE`). */
export class Departments {
  private readonly byAgency: ReadonlyMap<string, Department>;
  private readonly byOrgan: ReadonlyMap<string, Department>;

  constructor(
    readonly center: Center,
    readonly all: readonly Department[],
    /** What is accepted but weakens the bus (file and line first), for the services to log at start-up. */
    readonly warnings: readonly string[] = [],
  ) {
    this.byAgency = new Map(all.map((d) => [d.agencyCode, d]));
    this.byOrgan = new Map(all.map((d) => [d.organId, d]));
  }

  /** The department with this one-stop agency code, if configured. */
  get(agencyCode: string): Department | undefined {
    return this.byAgency.get(agencyCode);
  }

  /** The department with this DMS organ id, if configured. */
  byOrganId(organId: string): Department | undefined {
    return this.byOrgan.get(organId);
  }
}

const MODES = ['online', 'at-center'];

/** A problem with a regular expression written in the file, or undefined when it compiles. */
function regularExpression(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > 500) return 'must be a regular expression of 1–500 characters';
  try {
    new RegExp(value, 'u');
    return undefined;
  } catch (error) {
    return `is not a valid regular expression (${(error as Error).message})`;
  }
}
const CUTOFF = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Reads and checks the routing table; every mistake is reported with the file and line. */
export function loadDepartments(file: string, options: DepartmentsOptions = {}): Departments {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`DEPARTMENTS_FILE: cannot read ${file} (${(error as Error).message})`);
  }
  return parseDepartments(text, file, options);
}

/** How strictly the table is read: in production every department must name its signer (`signerSubject`). */
export interface DepartmentsOptions {
  readonly production?: boolean;
}

/**
 * Parses the routing table from YAML or JSON text (JSON is YAML). Text is read as NFC (a file typed in NFD, as some
 * editors write Vietnamese, gives the same table), and checked against what the bus derives from it (department.rules).
 */
export function parseDepartments(text: string, file = 'departments.yaml', options: DepartmentsOptions = {}): Departments {
  const production = options.production ?? isProduction();
  const lines = new LineCounter();
  const doc = parseDocument(text.normalize('NFC'), { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    throw new ConfigError(`${file} line ${lines.linePos(e.pos[0]).line}: ${e.message.split('\n')[0]}`);
  }
  const problems: string[] = [];
  const warnings: string[] = [];
  const at = (node: Node | null | undefined): string => {
    const offset = node?.range?.[0];
    return offset === undefined ? file : `${file} line ${lines.linePos(offset).line}`;
  };
  const root = doc.contents;
  if (!isMap(root)) throw new ConfigError(`${file}: must be a mapping with "center" and "departments"`);

  const field = (map: Node, path: string, key: string, check: (v: unknown) => string | undefined, optional = false): unknown => {
    if (!isMap(map)) return undefined;
    const node = map.get(key, true) as Node | undefined;
    const value = node && 'toJSON' in node ? (node as { toJSON(): unknown }).toJSON() : undefined;
    if (value === undefined || value === null) {
      if (!optional) problems.push(`${at(map)}: ${path}.${key} is required`);
      return undefined;
    }
    const problem = check(value);
    if (problem) problems.push(`${at(node)}: ${path}.${key} ${problem}`);
    return value;
  };
  const known = (map: Node, path: string, keys: readonly string[]): void => {
    if (!isMap(map)) {
      problems.push(`${at(map)}: ${path} must be a mapping`);
      return;
    }
    for (const pair of map.items) {
      const key = String((pair.key as { value?: unknown })?.value ?? pair.key);
      if (!keys.includes(key)) problems.push(`${at(pair.key as Node)}: unknown field "${key}" in ${path} (known: ${keys.join(', ')})`);
    }
  };
  const address = (node: Node | undefined, path: string): Address => {
    known(node as Node, path, ['recipient', 'phone', 'line', 'ward', 'province', 'provinceCode']);
    const n = node as Node;
    return {
      recipient: field(n, path, 'recipient', textProblem(TEXT_LIMITS.recipient), true) as string | undefined,
      phone: field(n, path, 'phone', phoneProblem, true) as string | undefined,
      line: field(n, path, 'line', textProblem(TEXT_LIMITS.line)) as string,
      ward: field(n, path, 'ward', textProblem(TEXT_LIMITS.ward), true) as string | undefined,
      province: field(n, path, 'province', textProblem(TEXT_LIMITS.province)) as string,
      provinceCode: field(n, path, 'provinceCode', provinceCodeProblem, true) as string | undefined,
    };
  };

  known(root, 'the file', ['center', 'departments']);
  const centerNode = root.get('center', true) as Node | undefined;
  known(centerNode as Node, 'center', ['organId', 'name', 'address']);
  const center: Center = {
    organId: field(centerNode as Node, 'center', 'organId', codeProblem('000.00.01.H36')) as string,
    name: field(centerNode as Node, 'center', 'name', textProblem(TEXT_LIMITS.name)) as string,
    address: address(isMap(centerNode) ? (centerNode.get('address', true) as Node) : undefined, 'center.address'),
  };

  const list = root.get('departments', true) as Node | undefined;
  const departments: Department[] = [];
  // Each department's mapping, for the line of a problem found between departments.
  const placed: PlacedDepartment[] = [];
  if (!isSeq(list) || list.items.length === 0) problems.push(`${at(list ?? root)}: departments must be a non-empty list`);
  else
    list.items.forEach((item, i) => {
      const path = `departments[${i}]`;
      const node = item as Node;
      known(node, path, [
        'agencyCode',
        'organId',
        'name',
        'abbreviation',
        'appraisal',
        'approval',
        'delegatedToPost',
        'dms',
        'archive',
        'signerSubject',
      ]);
      if (!isMap(node)) return;
      const archiveNode = node.get('archive', true) as Node | undefined;
      known(archiveNode as Node, `${path}.archive`, ['address', 'maxBatch', 'cutoff']);
      departments.push({
        agencyCode: field(node, path, 'agencyCode', codeProblem('000.00.12.H36')) as string,
        organId: field(node, path, 'organId', codeProblem('000.00.12.H36')) as string,
        name: field(node, path, 'name', textProblem(TEXT_LIMITS.name)) as string,
        abbreviation: field(node, path, 'abbreviation', abbreviationProblem) as string,
        appraisal: field(node, path, 'appraisal', (v) =>
          MODES.includes(String(v)) ? undefined : 'must be "online" or "at-center"',
        ) as Mode,
        approval: field(node, path, 'approval', (v) => (MODES.includes(String(v)) ? undefined : 'must be "online" or "at-center"')) as Mode,
        delegatedToPost: field(node, path, 'delegatedToPost', (v) =>
          typeof v === 'boolean' ? undefined : 'must be true or false',
        ) as boolean,
        dms: field(node, path, 'dms', (v) => (v === 'ioffice' ? undefined : 'must name a DMS adapter: "ioffice"')) as string,
        archive: {
          address: address(isMap(archiveNode) ? (archiveNode.get('address', true) as Node) : undefined, `${path}.archive.address`),
          maxBatch: field(archiveNode as Node, `${path}.archive`, 'maxBatch', (v) =>
            Number.isInteger(v) && (v as number) > 0 && (v as number) <= 10_000 ? undefined : 'must be an integer from 1 to 10000',
          ) as number,
          cutoff: field(archiveNode as Node, `${path}.archive`, 'cutoff', (v) =>
            CUTOFF.test(String(v)) ? undefined : 'must be a local time HH:mm, e.g. "16:30"',
          ) as string,
        },
      });
      const signerSubject = field(node, path, 'signerSubject', regularExpression, true) as string | undefined;
      if (signerSubject !== undefined) Object.assign(departments[departments.length - 1], { signerSubject });
      // Without it a certificate of any organization under the trust anchors signs for this department.
      else if (production)
        problems.push(
          `${at(node)}: ${path}.signerSubject is required when NODE_ENV=production (a regular expression over the subject of the certificate that signs this department's decisions, e.g. "^CN=So Xay dung(,|$)")`,
        );
      else
        warnings.push(
          `${at(node)}: ${path}.signerSubject is not set: any certificate the trust anchors vouch for is accepted as this department's signer (required when NODE_ENV=production)`,
        );
      placed.push(placedDepartment(departments[departments.length - 1], i, node, archiveNode, at));
    });
  problems.push(...departmentTableProblems(placed, center.organId));
  if (problems.length > 0) throw new ConfigError(`invalid department routing table:\n  ${problems.join('\n  ')}`);
  return new Departments(center, departments, warnings);
}

/** A department entry with the line of each of its fields, for problems found between entries. */
function placedDepartment(
  d: Department,
  index: number,
  node: Node,
  archiveNode: Node | undefined,
  at: (node: Node | null | undefined) => string,
): PlacedDepartment {
  const fieldNode = (key: string): Node | undefined => (isMap(node) ? ((node.get(key, true) as Node | undefined) ?? node) : undefined);
  const addressNode = isMap(archiveNode) ? (archiveNode.get('address', true) as Node | undefined) : undefined;
  return {
    index,
    agencyCode: typeof d.agencyCode === 'string' ? d.agencyCode : undefined,
    organId: typeof d.organId === 'string' ? d.organId : undefined,
    name: typeof d.name === 'string' ? d.name : undefined,
    abbreviation: typeof d.abbreviation === 'string' && d.abbreviation.length <= MAX_ABBREVIATION ? d.abbreviation : undefined,
    archiveRecipient: isMap(addressNode) ? d.archive.address.recipient : '',
    at: (key) => at(fieldNode(key)),
  };
}
