import { validateHeaderValue } from 'node:http';
import { type Department, ConfigError, parseDepartments } from '@lienthong/config';
import {
  DMS_PURPOSES,
  DOCUMENT_NUMBER,
  DOSSIER_CODE,
  IDENTIFIER,
  NOTATION,
  PROCEDURE_CODE,
  type TextRule,
  identifierPart,
  sampleDmsSendRequested,
} from '@lienthong/contracts';
import { contentDisposition } from '@lienthong/runtime';
import { formatDocumentId, parseDocumentId } from '../apps/ioffice-adapter/src/edxml/document-id';
import { parseEdxml } from '../apps/ioffice-adapter/src/edxml/edxml.parser';
import { buildOutgoingPackage } from '../apps/ioffice-adapter/src/sending/outgoing-package';
import { batchIdFor, batchOrderNumber } from '../apps/orchestrator/src/archive/batch-id';
import { FILE_NAMES } from '../apps/orchestrator/src/lifecycle/file-names';
import { proceduresOf } from '../apps/sim-onestop/src/generator/procedure.catalog';
import { codeNotation } from '../apps/sim-ioffice/src/workflow/document-type';

/**
 * Property: for any department the table accepts (random Vietnamese names and abbreviations, NFC or NFD, with '&',
 * '-', spaces and marks) and any dossier code the contract accepts, every identifier the bus and the simulators
 * derive passes the rule of the contract it goes into. A department the table refuses is refused naming its line
 * and field. Seeded: a failure names the seed and the input, and replays.
 *
 * Adding a derivation is one line in DERIVATIONS.
 */

/** Everything a derivation may draw on: one department as the table gave it, one dossier, one decision. */
interface Input {
  readonly department: Department;
  readonly centerOrganId: string;
  readonly dossierCode: string;
  readonly documentTypeName: string;
  readonly number: number;
  readonly requestedAt: Date;
}

/** A portable file name (POSIX portable character set, not starting with '.' or '-'), at most 255 characters. */
const FILE_NAME: TextRule = { pattern: /^(?=.{1,255}$)[A-Za-z0-9_][A-Za-z0-9._-]*$/, problem: 'must be a portable file name' };

/** An edXML DocumentId the bus can read back: `<from>,<yyyy/MM/dd>,<reference>/<purpose>`, reference intact. */
const roundTrip = (reference: (x: Input) => string) => (x: Input, documentId: string) =>
  parseDocumentId(documentId)?.reference === reference(x);

type Check = TextRule | ((x: Input, value: string) => boolean);

const DERIVATIONS: ReadonlyArray<{ readonly name: string; readonly derive: (x: Input) => string; readonly check: Check }> = [
  {
    name: 'notation the clerk writes (QĐ-<abbreviation>)',
    derive: (x) => codeNotation(x.documentTypeName, x.department.abbreviation),
    check: NOTATION,
  },
  {
    name: 'document number (<n>/<notation>)',
    derive: (x) => `${x.number}/${codeNotation(x.documentTypeName, x.department.abbreviation)}`,
    check: DOCUMENT_NUMBER,
  },
  { name: 'archive batch id part of the abbreviation', derive: (x) => identifierPart(x.department.abbreviation), check: IDENTIFIER },
  {
    name: 'edXML DocumentId of a sign package',
    derive: (x) => formatDocumentId(x.centerOrganId, x.requestedAt, x.dossierCode, 'sign'),
    check: roundTrip((x) => x.dossierCode),
  },
  ...DMS_PURPOSES.map((purpose) => ({
    name: `edXML DocumentId of a ${purpose} package`,
    derive: (x: Input) => formatDocumentId(x.centerOrganId, x.requestedAt, x.dossierCode, purpose),
    check: roundTrip((x) => x.dossierCode),
  })),
  { name: 'file name of the draft', derive: (x) => FILE_NAMES.draft(x.dossierCode), check: FILE_NAME },
  { name: 'file name of the paper decision', derive: (x) => FILE_NAMES.paperDecision(x.dossierCode), check: FILE_NAME },
  { name: 'file name of the result', derive: (x) => FILE_NAMES.result(x.dossierCode), check: FILE_NAME },
  { name: 'postal order number of a result (KQ-<dossierCode>)', derive: (x) => `KQ-${x.dossierCode}`, check: IDENTIFIER },
  {
    name: "Content-Disposition of a department's result file",
    derive: (x) => contentDisposition(`${x.number}-${codeNotation(x.documentTypeName, x.department.abbreviation)}.pdf`),
    check: (_, header) => headerSends(header),
  },
  {
    name: 'procedure code of a generic procedure (one-stop simulator)',
    derive: (x) => proceduresOf(x.department).at(-1)!.code,
    check: PROCEDURE_CODE,
  },
  { name: 'archive batch id', derive: (x) => batchIdOf(x), check: IDENTIFIER },
  { name: 'postal order number of a batch (LT-<batchId>)', derive: (x) => batchOrderNumber(batchIdOf(x)), check: IDENTIFIER },
  {
    name: 'postal order number of a batch sent again (LT-<batchId>-R<n>)',
    derive: (x) => batchOrderNumber(batchIdOf(x), 99),
    check: IDENTIFIER,
  },
  { name: 'file name of a handover manifest', derive: (x) => `bien-ban-ban-giao-${batchIdOf(x)}.pdf`, check: FILE_NAME },
  {
    name: 'edXML DocumentId of a handover manifest',
    derive: (x) => formatDocumentId(x.centerOrganId, x.requestedAt, batchIdOf(x), 'handover-manifest'),
    check: roundTrip(batchIdOf),
  },
];

/** The department's batch id at the input's time; the random part is fixed so that the check replays. */
function batchIdOf(x: Input): string {
  return batchIdFor(x.department, x.requestedAt.getTime(), new Uint8Array(16).fill(x.number % 256));
}

function headerSends(value: string): boolean {
  try {
    validateHeaderValue('Content-Disposition', value);
    return true;
  } catch {
    return false;
  }
}

/** mulberry32: small, seeded, good enough to draw test inputs. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Words of department names as Vietnamese writes them (every tone, Đ/đ, Ư/Ơ). */
const WORDS = [
  'Sở',
  'Ban',
  'Kế',
  'hoạch',
  'Đầu',
  'tư',
  'Lao',
  'động',
  'Thương',
  'binh',
  'Xã',
  'hội',
  'Giáo',
  'dục',
  'Đào',
  'tạo',
  'Văn',
  'hóa',
  'Thể',
  'thao',
  'Du',
  'lịch',
  'Nông',
  'nghiệp',
  'Phát',
  'triển',
  'nông',
  'thôn',
  'Tài',
  'nguyên',
  'Môi',
  'trường',
  'Y',
  'tế',
  'Ngoại',
  'vụ',
  'Quản',
  'lý',
  'Khu',
  'kinh',
  'cửa',
  'khẩu',
  'Đồng',
  'Đăng',
  'Lạng',
  'Sơn',
  'Dân',
  'tộc',
  'Thanh',
  'tra',
  'tỉnh',
  'Hữu',
  'Nghị',
  'Ủy',
  'ban',
];
/** Letters an abbreviation is made of: initials of those words, with their marks or without. */
const LETTERS = [...'ABCDĐEGHIKLMNOPQRSTUVXYĐĂÂÊÔƠƯÁÀẢÃẠẮẦỂỖỢỨỳabcdđeghiklmnopqrstuvxyươ0123456789'];
const DOCUMENT_TYPES = [
  'Quyết định',
  'Giấy phép',
  'Giấy chứng nhận',
  'Quy định',
  'Tờ trình',
  'Đề án',
  'Hướng dẫn',
  'Giấy đăng ký hoạt động',
  'Văn bản',
];
const CODE_CHARS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789.-'];

function drawInput(next: () => number): {
  name: string;
  abbreviation: string;
  wellFormed: boolean;
  dossierCode: string;
  documentTypeName: string;
  number: number;
  requestedAt: Date;
} {
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)];
  const nfd = (text: string) => (next() < 0.4 ? text.normalize('NFD') : text);
  const words = Array.from({ length: 1 + int(8) }, () => pick(WORDS));
  const separators = [' ', ' ', ' ', ', ', ' - ', ' & '];
  const name = words.map((w, i) => (i === 0 ? w : `${pick(separators)}${w}`)).join('');
  // The initials of the name, as offices abbreviate (Sở Kế hoạch và Đầu tư → SKHĐT, marks kept), or runs of any letters;
  // joined by '&' or '-' (a notation's shape); sometimes broken on purpose (a space, a dot, a dangling '&').
  const initials = () => words.map((w) => w.normalize('NFC')[0].toLocaleUpperCase('vi')).join('');
  const runs = Array.from({ length: 1 + int(3) }, (_, i) =>
    i === 0 && next() < 0.5 ? initials() : Array.from({ length: 1 + int(6) }, () => pick(LETTERS)).join(''),
  );
  let abbreviation = runs
    .map((r, i) => (i === 0 ? r : `${next() < 0.5 ? '&' : '-'}${r}`))
    .join('')
    .slice(0, 20)
    .replace(/[&-]+$/, '');
  const broken = next() < 0.15;
  if (broken)
    abbreviation = pick([
      `${abbreviation} X`,
      `${abbreviation}.`,
      `${abbreviation}&`,
      `&${abbreviation}`,
      `${abbreviation}/1`,
      `${abbreviation}--Đ`,
    ]);
  const dossierCode = Array.from({ length: 1 + int(64) }, () => pick(CODE_CHARS)).join('');
  return {
    name: nfd(name),
    abbreviation: nfd(abbreviation),
    wellFormed: !broken && abbreviation.length > 0,
    dossierCode,
    documentTypeName: pick(DOCUMENT_TYPES),
    number: 1 + int(9_999_999),
    requestedAt: new Date(Date.UTC(2026, int(12), 1 + int(28), int(24), int(60))),
  };
}

/** A one-department table (line 3 is the department), through the same parser as start-up. */
function table(name: string, abbreviation: string): string {
  const department = {
    agencyCode: '000.00.05.H36',
    organId: '000.00.05.H36',
    name,
    abbreviation,
    appraisal: 'online',
    approval: 'online',
    delegatedToPost: false,
    dms: 'ioffice',
    archive: {
      address: { recipient: 'Văn thư', phone: '02053812503', line: 'Số 16 đường Đinh Tiên Hoàng', province: 'Lạng Sơn' },
      maxBatch: 50,
      cutoff: '16:30',
    },
  };
  return [
    'center: { organId: "000.00.01.H36", name: "Trung tâm", address: { line: "Số 2 đường Hùng Vương", province: "Lạng Sơn" } }',
    'departments:',
    `  - ${JSON.stringify(department)}`,
  ].join('\n');
}

describe('identifiers derived from Vietnamese department names and abbreviations (property, seeded)', () => {
  const SEED = Number(process.env.IDENTIFIERS_SEED ?? 20261128);
  const CASES = 600;

  it(`every id derived from a department the table accepts passes its contract rule (${CASES} cases, seed ${SEED})`, () => {
    const next = random(SEED);
    const failures: string[] = [];
    let accepted = 0;
    for (let i = 0; i < CASES; i++) {
      const drawn = drawInput(next);
      let department: Department;
      try {
        [department] = parseDepartments(table(drawn.name, drawn.abbreviation), 'deps.yaml').all;
      } catch (error) {
        // Refused: only an abbreviation that was broken on purpose may be, and the refusal names its line and field.
        expect(error).toBeInstanceOf(ConfigError);
        if (drawn.wellFormed)
          failures.push(`case ${i}: refused a well-formed abbreviation ${JSON.stringify(drawn.abbreviation)}: ${(error as Error).message}`);
        else expect((error as Error).message).toContain('deps.yaml line 3: departments[0].abbreviation');
        continue;
      }
      accepted++;
      if (!drawn.wellFormed) failures.push(`case ${i}: accepted a broken abbreviation ${JSON.stringify(drawn.abbreviation)}`);
      // The table is read as NFC, whatever the file was typed in.
      expect(department.abbreviation).toBe(drawn.abbreviation.normalize('NFC'));
      const input: Input = {
        department,
        centerOrganId: '000.00.01.H36',
        dossierCode: drawn.dossierCode,
        documentTypeName: drawn.documentTypeName,
        number: drawn.number,
        requestedAt: drawn.requestedAt,
      };
      expect(DOSSIER_CODE.pattern.test(input.dossierCode)).toBe(true);
      for (const { name, derive, check } of DERIVATIONS) {
        const value = derive(input);
        const ok = typeof check === 'function' ? check(input, value) : check.pattern.test(value);
        if (!ok)
          failures.push(
            `case ${i} (${JSON.stringify({ abbreviation: department.abbreviation, name: department.name, dossierCode: input.dossierCode })}): ${name} ${JSON.stringify(value)} ${typeof check === 'function' ? 'fails its check' : check.problem}`,
          );
      }
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The draw mostly makes acceptable departments: the property is exercised, not vacuous.
    expect(accepted).toBeGreaterThan(CASES * 0.7);
  });

  it('edXML built for a department with any Vietnamese name parses back to the same name and DocumentId (seed ' + SEED + ')', () => {
    const next = random(SEED + 1);
    for (let i = 0; i < 100; i++) {
      const drawn = drawInput(next);
      const department = {
        agencyCode: '000.00.05.H36',
        organId: '000.00.05.H36',
        name: drawn.name.normalize('NFC'),
        abbreviation: 'SKHĐT',
      } as Department;
      const center = { organId: '000.00.01.H36', name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn', place: 'Lạng Sơn' };
      const command = sampleDmsSendRequested({
        dossierCode: drawn.dossierCode,
        subject: `${drawn.documentTypeName} của ${drawn.name} <${drawn.abbreviation}>`,
      });
      const { documentId, edxml } = buildOutgoingPackage(
        command,
        center,
        department,
        [{ name: FILE_NAMES.draft(drawn.dossierCode), contentType: 'application/pdf', content: Buffer.from('%PDF') }],
        new Date(),
      );
      const pkg = parseEdxml(edxml);
      expect({ i, organName: pkg.header.to?.[0]?.organName, documentId: pkg.header.documentId, subject: pkg.header.subject }).toEqual({
        i,
        organName: department.name,
        documentId,
        subject: command.subject,
      });
      expect(pkg.attachments[0].name).toBe(FILE_NAMES.draft(drawn.dossierCode));
    }
  });
});
