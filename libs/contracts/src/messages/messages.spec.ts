import { MessageType } from '../routing';
import { deletePath, setPath } from '../testing/mutate';
import { sampleAddress, sampleMessage } from '../testing/samples';
import { validateMessage } from '../validation/validate-message';

/**
 * Every rule of every message: the valid sample passes, and breaking exactly one rule reports exactly one
 * problem, at the exact path, with the expected sentence.
 */
type Body = Record<string, unknown>;
interface Case {
  readonly name: string;
  readonly mutate: (body: Body) => void;
  /** Undefined: the mutated body is still valid. */
  readonly field?: string;
  readonly problem?: string | RegExp;
}

const set = (path: string, value: unknown) => (body: Body) => void setPath(body, path, value);
const del = (path: string) => (body: Body) => void deletePath(body, path);
const all =
  (...mutations: Array<(body: Body) => void>) =>
  (body: Body) =>
    mutations.forEach((mutate) => mutate(body));
const long = (n: number) => 'Ư'.repeat(n);

const REQUIRED = 'is required';
const DOSSIER_CODE = /^must be 1-64 characters/;
const DATE_TIME = /^must be an ISO 8601 date-time/;

/** Cases shared by every message with a `dossierCode`. */
const dossierCodeCases = (): Case[] => [
  { name: 'dossierCode missing', mutate: del('dossierCode'), field: 'dossierCode', problem: REQUIRED },
  { name: 'dossierCode not a string', mutate: set('dossierCode', 42), field: 'dossierCode', problem: 'must be a string' },
  { name: 'dossierCode empty', mutate: set('dossierCode', ''), field: 'dossierCode', problem: DOSSIER_CODE },
  { name: 'dossierCode with a space', mutate: set('dossierCode', 'H36 0001'), field: 'dossierCode', problem: DOSSIER_CODE },
  { name: 'dossierCode of 65 characters', mutate: set('dossierCode', 'A'.repeat(65)), field: 'dossierCode', problem: DOSSIER_CODE },
  { name: 'dossierCode of 64 characters', mutate: set('dossierCode', 'A.-9'.repeat(16)) },
  { name: 'unknown property (typo)', mutate: set('dossiercode', 'x'), field: 'dossiercode', problem: 'is not allowed' },
];

/** Cases for a required date-time property. */
const dateTimeCases = (field: string): Case[] => [
  { name: `${field} missing`, mutate: del(field), field, problem: REQUIRED },
  { name: `${field} without offset`, mutate: set(field, '2026-04-15T08:30:00'), field, problem: DATE_TIME },
  { name: `${field} impossible date`, mutate: set(field, '2026-02-30T08:30:00+07:00'), field, problem: DATE_TIME },
  { name: `${field} in Vietnamese format`, mutate: set(field, '15/04/2026 08:30:00'), field, problem: DATE_TIME },
  { name: `${field} as epoch number`, mutate: set(field, 1776216600), field, problem: DATE_TIME },
];

/** Cases for a required FileRef at `path`. */
const fileCases = (path: string): Case[] => [
  { name: `${path} missing`, mutate: del(path), field: path, problem: REQUIRED },
  { name: `${path} a string`, mutate: set(path, 'https://x/y.pdf'), field: path, problem: 'must be an object' },
  { name: `${path}.url ftp`, mutate: set(`${path}.url`, 'ftp://files/x.pdf'), field: `${path}.url`, problem: /^must be an http\(s\) URL/ },
  { name: `${path}.url relative`, mutate: set(`${path}.url`, '/files/x.pdf'), field: `${path}.url`, problem: /^must be an http\(s\) URL/ },
  { name: `${path}.url too long`, mutate: set(`${path}.url`, `https://a.vn/${'x'.repeat(2040)}`), field: `${path}.url`, problem: /2048/ },
  { name: `${path}.url internal host`, mutate: set(`${path}.url`, 'http://minio:9000/hs/x.pdf?sig=abc') },
  // URL parsers read these as 127.0.0.1: a host check on the written form would miss them.
  {
    name: `${path}.url IPv4 as one number`,
    mutate: set(`${path}.url`, 'http://2130706433/x.pdf'),
    field: `${path}.url`,
    problem: /^must be an http\(s\) URL/,
  },
  {
    name: `${path}.url IPv4 in hex`,
    mutate: set(`${path}.url`, 'http://0x7f.1/x.pdf'),
    field: `${path}.url`,
    problem: /^must be an http\(s\) URL/,
  },
  {
    name: `${path}.url IPv4 shortened`,
    mutate: set(`${path}.url`, 'http://127.1:3103/x.pdf'),
    field: `${path}.url`,
    problem: /^must be an http\(s\) URL/,
  },
  { name: `${path}.url dotted quad`, mutate: set(`${path}.url`, 'http://10.20.0.15:9000/hs/x.pdf') },
  {
    name: `${path}.sha256 63 hex`,
    mutate: set(`${path}.sha256`, 'a'.repeat(63)),
    field: `${path}.sha256`,
    problem: /^must be a SHA-256 digest/,
  },
  {
    name: `${path}.sha256 non-hex`,
    mutate: set(`${path}.sha256`, 'g'.repeat(64)),
    field: `${path}.sha256`,
    problem: /^must be a SHA-256 digest/,
  },
  { name: `${path}.sha256 upper case`, mutate: set(`${path}.sha256`, 'ABCDEF0123456789'.repeat(4)) },
  { name: `${path}.sizeBytes zero`, mutate: set(`${path}.sizeBytes`, 0), field: `${path}.sizeBytes`, problem: 'must be a positive number' },
  {
    name: `${path}.sizeBytes fractional`,
    mutate: set(`${path}.sizeBytes`, 1.5),
    field: `${path}.sizeBytes`,
    problem: 'must be an integer',
  },
  { name: `${path}.sizeBytes string`, mutate: set(`${path}.sizeBytes`, '100'), field: `${path}.sizeBytes`, problem: 'must be an integer' },
  { name: `${path}.sizeBytes unsafe`, mutate: set(`${path}.sizeBytes`, 2 ** 60), field: `${path}.sizeBytes`, problem: /^must be at most/ },
  {
    name: `${path}.contentType bare word`,
    mutate: set(`${path}.contentType`, 'pdf'),
    field: `${path}.contentType`,
    problem: /^must be a MIME type/,
  },
  { name: `${path}.contentType with charset`, mutate: set(`${path}.contentType`, 'text/plain; charset=utf-8') },
  { name: `${path} extra property`, mutate: set(`${path}.md5`, 'x'), field: `${path}.md5`, problem: 'is not allowed' },
];

/** Cases for a required name-like text at `path` (at most `max` characters, not blank). */
const textCases = (path: string, max: number, required = true): Case[] => [
  ...(required
    ? [
        { name: `${path} missing`, mutate: del(path), field: path, problem: REQUIRED },
        { name: `${path} blank`, mutate: set(path, '   '), field: path, problem: 'must not be blank' },
      ]
    : [{ name: `${path} absent`, mutate: del(path) }]),
  { name: `${path} too long`, mutate: set(path, long(max + 1)), field: path, problem: `must be at most ${max} characters` },
  { name: `${path} at the limit`, mutate: set(path, long(max)) },
  { name: `${path} not a string`, mutate: set(path, ['x']), field: path, problem: 'must be a string' },
];

const CASES: { readonly [T in MessageType]: Case[] } = {
  'onestop.dossier.received': [
    ...dossierCodeCases(),
    { name: 'procedureCode missing', mutate: del('procedureCode'), field: 'procedureCode', problem: REQUIRED },
    {
      name: 'procedureCode with a slash',
      mutate: set('procedureCode', '1/004227'),
      field: 'procedureCode',
      problem: /^must be 1-64 characters/,
    },
    ...textCases('procedureName', 1000),
    { name: 'agencyCode missing', mutate: del('agencyCode'), field: 'agencyCode', problem: REQUIRED },
    { name: 'agencyCode with a space', mutate: set('agencyCode', 'Sở XD'), field: 'agencyCode', problem: /^must be 1-64 characters/ },
    ...dateTimeCases('receivedAt'),
    { name: 'receivedAt in UTC with fraction', mutate: all(set('receivedAt', '2026-04-15T01:30:00.250Z')) },
    ...dateTimeCases('dueAt'),
    {
      name: 'dueAt before receivedAt',
      mutate: set('dueAt', '2026-04-14T08:30:00+07:00'),
      field: 'dueAt',
      problem: 'must be after receivedAt',
    },
    {
      name: 'dueAt equal to receivedAt (other offset)',
      mutate: set('dueAt', '2026-04-15T01:30:00Z'),
      field: 'dueAt',
      problem: 'must be after receivedAt',
    },
    { name: 'dueAt one second after receivedAt', mutate: set('dueAt', '2026-04-15T08:30:01+07:00') },
    { name: 'channel unknown', mutate: set('channel', 'email'), field: 'channel', problem: 'must be one of: direct, online, postal' },
    { name: 'channel online', mutate: set('channel', 'online') },
    { name: 'receivedBy missing', mutate: del('receivedBy'), field: 'receivedBy', problem: REQUIRED },
    {
      name: 'receivedBy.kind unknown',
      mutate: set('receivedBy.kind', 'center-clerk'),
      field: 'receivedBy.kind',
      problem: /^must be one of: department-officer, postal-staff/,
    },
    { name: 'receivedBy.kind postal-staff', mutate: set('receivedBy.kind', 'postal-staff') },
    ...textCases('receivedBy.fullName', 200),
    { name: 'applicant missing', mutate: del('applicant'), field: 'applicant', problem: REQUIRED },
    {
      name: 'applicant.kind unknown',
      mutate: set('applicant.kind', 'person'),
      field: 'applicant.kind',
      problem: 'must be one of: citizen, business',
    },
    ...textCases('applicant.fullName', 200),
    { name: 'applicant.idNumber missing', mutate: del('applicant.idNumber'), field: 'applicant.idNumber', problem: REQUIRED },
    {
      name: 'citizen idNumber of 11 digits',
      mutate: set('applicant.idNumber', '02019000123'),
      field: 'applicant.idNumber',
      problem: 'must be a 12-digit CCCD number',
    },
    {
      name: 'citizen idNumber with a letter',
      mutate: set('applicant.idNumber', '02019000123X'),
      field: 'applicant.idNumber',
      problem: 'must be a 12-digit CCCD number',
    },
    {
      name: 'citizen idNumber a tax code',
      mutate: set('applicant.idNumber', '0101234567'),
      field: 'applicant.idNumber',
      problem: 'must be a 12-digit CCCD number',
    },
    { name: 'business with tax code', mutate: all(set('applicant.kind', 'business'), set('applicant.idNumber', '0101234567')) },
    { name: 'business with branch tax code', mutate: all(set('applicant.kind', 'business'), set('applicant.idNumber', '0101234567-001')) },
    {
      name: 'business with a CCCD',
      mutate: set('applicant.kind', 'business'),
      field: 'applicant.idNumber',
      problem: "must be a tax code: 10 digits, or 10 digits, '-' and 3 digits",
    },
    {
      name: 'applicant.phone with spaces',
      mutate: set('applicant.phone', '0912 345 678'),
      field: 'applicant.phone',
      problem: /^must be a Vietnamese phone number/,
    },
    { name: 'applicant.phone international', mutate: set('applicant.phone', '+84912345678') },
    { name: 'applicant.phone absent', mutate: del('applicant.phone') },
    {
      name: 'applicant.email invalid',
      mutate: set('applicant.email', 'huong@'),
      field: 'applicant.email',
      problem: 'must be an email address',
    },
    { name: 'applicant.email valid', mutate: set('applicant.email', 'huong.nt@example.vn') },
    { name: 'applicant.address text', mutate: set('applicant.address', 'Số 18 đường Bà Triệu, Lạng Sơn') },
    ...textCases('applicant.address', 500, false),
    { name: 'returnMethod unknown', mutate: set('returnMethod', 'home'), field: 'returnMethod', problem: 'must be one of: center, postal' },
    {
      name: 'postal without deliveryAddress',
      mutate: set('returnMethod', 'postal'),
      field: 'deliveryAddress',
      problem: "is required when returnMethod is 'postal'",
    },
    {
      name: 'postal with null deliveryAddress',
      mutate: all(set('returnMethod', 'postal'), set('deliveryAddress', null)),
      field: 'deliveryAddress',
      problem: "is required when returnMethod is 'postal'",
    },
    { name: 'postal with deliveryAddress', mutate: all(set('returnMethod', 'postal'), set('deliveryAddress', sampleAddress())) },
    { name: 'center with a deliveryAddress', mutate: set('deliveryAddress', sampleAddress()) },
    {
      name: 'center with a broken deliveryAddress (still validated)',
      mutate: set('deliveryAddress', { ...sampleAddress(), provinceCode: '020' }),
      field: 'deliveryAddress.provinceCode',
      problem: 'must be a 2-digit province code',
    },
    ...(['recipient', 'phone', 'line', 'ward', 'province', 'provinceCode'] as const).map((key): Case => ({
      name: `deliveryAddress.${key} missing`,
      mutate: all(set('returnMethod', 'postal'), set('deliveryAddress', sampleAddress()), del(`deliveryAddress.${key}`)),
      field: `deliveryAddress.${key}`,
      problem: REQUIRED,
    })),
    {
      name: 'deliveryAddress.phone invalid',
      mutate: all(set('deliveryAddress', sampleAddress()), set('deliveryAddress.phone', '12345')),
      field: 'deliveryAddress.phone',
      problem: /^must be a Vietnamese phone number/,
    },
    {
      name: 'deliveryAddress.line too long',
      mutate: all(set('deliveryAddress', sampleAddress()), set('deliveryAddress.line', long(501))),
      field: 'deliveryAddress.line',
      problem: 'must be at most 500 characters',
    },
    { name: 'documents missing', mutate: del('documents'), field: 'documents', problem: REQUIRED },
    { name: 'documents empty', mutate: set('documents', []), field: 'documents', problem: 'must have at least 1 item' },
    { name: 'documents not an array', mutate: set('documents', 'x'), field: 'documents', problem: 'must be an array' },
    {
      name: 'documents: 201',
      mutate: (body) =>
        setPath(
          body,
          'documents',
          Array.from({ length: 201 }, () => (body.documents as unknown[])[0]),
        ),
      field: 'documents',
      problem: 'must have at most 200 items',
    },
    {
      name: 'documents: 200',
      mutate: (body) =>
        setPath(
          body,
          'documents',
          Array.from({ length: 200 }, () => (body.documents as unknown[])[0]),
        ),
    },
    { name: 'documents.1 null', mutate: set('documents.1', null), field: 'documents.1', problem: 'must be an object' },
    { name: 'documents.1 a string', mutate: set('documents.1', 'x'), field: 'documents.1', problem: 'must be an object' },
    {
      name: 'documents.0.componentCode with a space',
      mutate: set('documents.0.componentCode', 'TP 01'),
      field: 'documents.0.componentCode',
      problem: /^must be 1-100 characters/,
    },
    { name: 'documents.0.componentCode absent', mutate: del('documents.0.componentCode') },
    ...textCases('documents.2.name', 1000),
    {
      name: 'documents.1.copyType unknown',
      mutate: set('documents.1.copyType', 'scan'),
      field: 'documents.1.copyType',
      problem: 'must be one of: original, copy, electronic',
    },
    { name: 'documents.2 extra property', mutate: set('documents.2.pages', 3), field: 'documents.2.pages', problem: 'is not allowed' },
    ...fileCases('documents.2.file'),
    ...textCases('summary', 2000, false),
    { name: 'summary empty', mutate: set('summary', '') },
  ],
  'onestop.dossier.appraised': [
    ...dossierCodeCases(),
    ...dateTimeCases('appraisedAt'),
    { name: 'mode unknown', mutate: set('mode', 'remote'), field: 'mode', problem: 'must be one of: at-center, online' },
    { name: 'mode at-center', mutate: set('mode', 'at-center') },
    { name: 'outcome unknown', mutate: set('outcome', 'accept'), field: 'outcome', problem: 'must be one of: approve, supplement, reject' },
    {
      name: 'approve without draftDecision',
      mutate: del('draftDecision'),
      field: 'draftDecision',
      problem: "is required when outcome is 'approve'",
    },
    { name: 'reject without draftDecision', mutate: all(set('outcome', 'reject'), del('draftDecision')) },
    { name: 'supplement without draftDecision', mutate: all(set('outcome', 'supplement'), del('draftDecision')) },
    { name: 'appraiser missing', mutate: del('appraiser'), field: 'appraiser', problem: REQUIRED },
    ...textCases('appraiser.fullName', 200),
    ...textCases('appraiser.position', 200, false),
    ...textCases('note', 2000, false),
    { name: 'draftDecision a string', mutate: set('draftDecision', 'GP'), field: 'draftDecision', problem: 'must be an object' },
    {
      name: 'draftDecision.documentType words',
      mutate: set('draftDecision.documentType', 'Quyết định'),
      field: 'draftDecision.documentType',
      problem: /^must be a document-type abbreviation/,
    },
    { name: 'draftDecision.documentType QĐ', mutate: set('draftDecision.documentType', 'QĐ') },
    { name: 'draftDecision.documentType GCN', mutate: set('draftDecision.documentType', 'GCN') },
    ...textCases('draftDecision.title', 1000),
    ...textCases('draftDecision.signerPosition', 200),
    ...fileCases('draftDecision.file'),
  ],
  'onestop.decision.approved-at-center': [
    ...dossierCodeCases(),
    ...dateTimeCases('approvedAt'),
    { name: 'approver missing', mutate: del('approver'), field: 'approver', problem: REQUIRED },
    ...textCases('approver.fullName', 200),
    ...textCases('approver.position', 200),
    { name: 'decision missing', mutate: del('decision'), field: 'decision', problem: REQUIRED },
    { name: 'decision.documentType missing', mutate: del('decision.documentType'), field: 'decision.documentType', problem: REQUIRED },
    ...textCases('decision.title', 1000),
    ...fileCases('decision.file'),
  ],
  'onestop.decision.issued': [
    ...dossierCodeCases(),
    ...dateTimeCases('issuedAt'),
    { name: 'issuedBy missing', mutate: del('issuedBy'), field: 'issuedBy', problem: REQUIRED },
    {
      name: 'issuedBy.kind postal-staff',
      mutate: set('issuedBy.kind', 'postal-staff'),
      field: 'issuedBy.kind',
      problem: 'must be one of: department-officer, center-clerk',
    },
    { name: 'issuedBy.kind center-clerk', mutate: set('issuedBy.kind', 'center-clerk') },
    ...textCases('issuedBy.fullName', 200),
    { name: 'documentNumber missing', mutate: del('documentNumber'), field: 'documentNumber', problem: REQUIRED },
    {
      name: 'documentNumber without slash',
      mutate: set('documentNumber', '123-QĐ-SXD'),
      field: 'documentNumber',
      problem: /^must be a document number/,
    },
    {
      name: 'documentNumber without number',
      mutate: set('documentNumber', 'QĐ-SXD'),
      field: 'documentNumber',
      problem: /^must be a document number/,
    },
    { name: 'documentNumber with a year', mutate: set('documentNumber', '12/2026/QĐ-UBND') },
    // Real issuers' abbreviations keep Vietnamese letters and '&' (the bus NFC-normalizes before validating).
    { name: 'documentNumber 12/QĐ-SKHĐT', mutate: set('documentNumber', '12/QĐ-SKHĐT') },
    { name: 'documentNumber 7/GP-SNN&PTNT', mutate: set('documentNumber', '7/GP-SNN&PTNT') },
    { name: 'documentNumber 3/QyĐ-SGD&ĐT', mutate: set('documentNumber', '3/QyĐ-SGD&ĐT') },
    { name: 'documentNumber with a Vietnamese vowel', mutate: set('documentNumber', '5/TB-BQLKKTCKĐĐ-LS') },
    {
      name: 'documentNumber with a space',
      mutate: set('documentNumber', '12/QĐ-S KHĐT'),
      field: 'documentNumber',
      problem: /^must be a document number/,
    },
    {
      name: 'documentNumber with a dangling &',
      mutate: set('documentNumber', '12/QĐ-SNN&'),
      field: 'documentNumber',
      problem: /^must be a document number/,
    },
    {
      name: 'documentNumber with a dot',
      mutate: set('documentNumber', '12/QĐ-S.KHĐT'),
      field: 'documentNumber',
      problem: /^must be a document number/,
    },
  ],
  'onestop.dossier.result-returned': [
    ...dossierCodeCases(),
    ...dateTimeCases('returnedAt'),
    {
      name: 'receivedBy unknown',
      mutate: set('receivedBy', 'neighbour'),
      field: 'receivedBy',
      problem: 'must be one of: applicant, authorized-person',
    },
    { name: 'receivedBy missing', mutate: del('receivedBy'), field: 'receivedBy', problem: REQUIRED },
    { name: 'receivedBy authorized-person', mutate: set('receivedBy', 'authorized-person') },
  ],
  'onestop.dossier.withdrawn': [...dossierCodeCases(), ...dateTimeCases('withdrawnAt'), ...textCases('reason', 2000)],
  'dossier.status-changed': [
    ...dossierCodeCases(),
    { name: 'stage lower case', mutate: set('stage', 'received'), field: 'stage', problem: /^must be one of: RECEIVED, / },
    { name: 'stage missing', mutate: del('stage'), field: 'stage', problem: REQUIRED },
    {
      name: 'previousStage absent (first transition)',
      mutate: all(del('previousStage'), set('stage', 'RECEIVED'), set('portalStatus', 2)),
    },
    { name: 'previousStage unknown', mutate: set('previousStage', 'NEW'), field: 'previousStage', problem: /^must be one of: / },
    { name: 'portalStatus 0', mutate: set('portalStatus', 0), field: 'portalStatus', problem: 'must be at least 1' },
    { name: 'portalStatus 11', mutate: set('portalStatus', 11), field: 'portalStatus', problem: 'must be at most 10' },
    { name: 'portalStatus 4.5', mutate: set('portalStatus', 4.5), field: 'portalStatus', problem: 'must be an integer' },
    { name: 'portalStatus "4"', mutate: set('portalStatus', '4'), field: 'portalStatus', problem: 'must be an integer' },
    {
      name: 'portalStatus not the stage’s',
      mutate: set('portalStatus', 2),
      field: 'portalStatus',
      problem: 'must be 4 for stage AWAITING_APPROVAL',
    },
    { name: 'CLOSED with 7', mutate: all(set('stage', 'CLOSED'), set('portalStatus', 7)) },
    { name: 'CLOSED with 8', mutate: all(set('stage', 'CLOSED'), set('portalStatus', 8)) },
    {
      name: 'CLOSED with 9',
      mutate: all(set('stage', 'CLOSED'), set('portalStatus', 9)),
      field: 'portalStatus',
      problem: 'must be 7 or 8 for stage CLOSED',
    },
    { name: 'ARCHIVED with 10', mutate: all(set('stage', 'ARCHIVED'), set('portalStatus', 10)) },
    ...dateTimeCases('occurredAt'),
    ...dateTimeCases('dueAt'),
    { name: 'overdue as string', mutate: set('overdue', 'false'), field: 'overdue', problem: 'must be true or false' },
    { name: 'overdue missing', mutate: del('overdue'), field: 'overdue', problem: REQUIRED },
    { name: 'progress missing', mutate: del('progress'), field: 'progress', problem: REQUIRED },
    ...textCases('progress.actor', 200),
    ...textCases('progress.position', 200, false),
    ...textCases('progress.department', 200),
    ...textCases('progress.content', 2000),
  ],
  'decision.ready-for-issue': [
    ...dossierCodeCases(),
    {
      name: 'issuer unknown',
      mutate: set('issuer', 'clerk'),
      field: 'issuer',
      problem: 'must be one of: department-officer, center-clerk',
    },
    { name: 'decision missing', mutate: del('decision'), field: 'decision', problem: REQUIRED },
    {
      name: 'decision.number 0',
      mutate: all(set('decision.number', 0), set('decision.documentNumber', '0/GP-SXD')),
      field: 'decision.number',
      problem: 'must be at least 1',
    },
    { name: 'decision.number "123"', mutate: set('decision.number', '123'), field: 'decision.number', problem: 'must be an integer' },
    {
      name: 'decision.notation with a lower-case issuer (documentNumber follows)',
      mutate: all(set('decision.notation', 'GP-sxd'), set('decision.documentNumber', '123/GP-sxd')),
    },
    {
      name: 'decision.notation of 51 characters (documentNumber follows)',
      mutate: all(set('decision.notation', `GP-${'S'.repeat(48)}`), set('decision.documentNumber', `123/GP-${'S'.repeat(48)}`)),
      field: 'decision.notation',
      problem: /^must be a notation/,
    },
    {
      name: 'decision.documentNumber not number/notation',
      mutate: set('decision.documentNumber', '124/GP-SXD'),
      field: 'decision.documentNumber',
      problem: "must be '123/GP-SXD' (number/notation)",
    },
    {
      name: 'decision.documentNumber malformed',
      mutate: set('decision.documentNumber', '123 GP-SXD'),
      field: 'decision.documentNumber',
      problem: /^must be a document number/,
    },
    {
      name: 'decision number and notation changed together',
      mutate: all(set('decision.number', 7), set('decision.notation', 'QĐ-SXD'), set('decision.documentNumber', '7/QĐ-SXD')),
    },
    {
      name: 'decision.notation QĐ-SKHĐT',
      mutate: all(set('decision.notation', 'QĐ-SKHĐT'), set('decision.documentNumber', '123/QĐ-SKHĐT')),
    },
    {
      name: 'decision.notation QĐ-SNN&PTNT',
      mutate: all(set('decision.notation', 'QĐ-SNN&PTNT'), set('decision.documentNumber', '123/QĐ-SNN&PTNT')),
    },
    {
      name: 'decision.notation with mixed case (QĐ-SNgV)',
      mutate: all(set('decision.notation', 'QĐ-SNgV'), set('decision.documentNumber', '123/QĐ-SNgV')),
    },
    ...dateTimeCases('decision.promulgatedAt'),
    { name: 'decision.signer missing', mutate: del('decision.signer'), field: 'decision.signer', problem: REQUIRED },
    ...textCases('decision.signer.position', 200),
    ...fileCases('decision.file'),
    { name: 'decision.signature missing', mutate: del('decision.signature'), field: 'decision.signature', problem: REQUIRED },
    {
      name: 'decision.signature.verified "yes"',
      mutate: set('decision.signature.verified', 'yes'),
      field: 'decision.signature.verified',
      problem: 'must be true or false',
    },
    { name: 'decision.signature.verified false', mutate: set('decision.signature.verified', false) },
    {
      name: 'decision.signature.signedAt no offset',
      mutate: set('decision.signature.signedAt', '2026-04-23T16:19:41'),
      field: 'decision.signature.signedAt',
      problem: DATE_TIME,
    },
    { name: 'decision.signature minimal', mutate: set('decision.signature', { verified: false }) },
    ...textCases('decision.signature.signerCertificateSubject', 1000, false),
  ],
  'decision.signing-declined': [
    ...dossierCodeCases(),
    ...textCases('reason', 2000),
    {
      name: 'statusCode one digit',
      mutate: set('statusCode', '2'),
      field: 'statusCode',
      problem: "must be a 2-digit status code such as '02'",
    },
    { name: 'statusCode number', mutate: set('statusCode', 2), field: 'statusCode', problem: 'must be a string' },
  ],
  'postal.shipment-updated': [
    {
      name: 'result-delivery without dossierCode',
      mutate: del('dossierCode'),
      field: 'dossierCode',
      problem: "is required when purpose is 'result-delivery'",
    },
    { name: 'dossierCode malformed', mutate: set('dossierCode', 'a b'), field: 'dossierCode', problem: DOSSIER_CODE },
    {
      name: 'archive-handover without batchId',
      mutate: all(set('purpose', 'archive-handover'), del('dossierCode')),
      field: 'batchId',
      problem: "is required when purpose is 'archive-handover'",
    },
    {
      name: 'archive-handover with batchId',
      mutate: all(set('purpose', 'archive-handover'), del('dossierCode'), set('batchId', '01JRZ5K3W8Q4N2M7T9V6X1Y0AB')),
    },
    { name: 'batchId malformed', mutate: set('batchId', 'lô 1'), field: 'batchId', problem: /^must be 1-100 characters/ },
    {
      name: 'purpose unknown',
      mutate: set('purpose', 'collect'),
      field: 'purpose',
      problem: 'must be one of: result-delivery, archive-handover',
    },
    { name: 'orderNumber missing', mutate: del('orderNumber'), field: 'orderNumber', problem: REQUIRED },
    { name: 'orderNumber with a space', mutate: set('orderNumber', 'KQ 1'), field: 'orderNumber', problem: /^must be 1-100 characters/ },
    { name: 'trackingCode missing', mutate: del('trackingCode'), field: 'trackingCode', problem: REQUIRED },
    { name: 'status unknown', mutate: set('status', 'lost'), field: 'status', problem: /^must be one of: created, assigned/ },
    {
      name: 'status not the code’s',
      mutate: set('status', 'in-transit'),
      field: 'status',
      problem: "must be 'delivered' for statusCode 14",
    },
    { name: 'status and code 15', mutate: all(set('status', 'delivery-failed'), set('statusCode', 15)) },
    { name: 'statusCode unknown', mutate: set('statusCode', 3), field: 'statusCode', problem: /^must be one of: 1, 2, 4, 6/ },
    { name: 'statusCode string', mutate: set('statusCode', '14'), field: 'statusCode', problem: 'must be an integer' },
    ...dateTimeCases('occurredAt'),
    ...textCases('location', 500, false),
  ],
  'archive.handover-updated': [
    { name: 'batchId missing', mutate: del('batchId'), field: 'batchId', problem: REQUIRED },
    { name: 'agencyCode malformed', mutate: set('agencyCode', 'SXD/1'), field: 'agencyCode', problem: /^must be 1-64 characters/ },
    { name: 'dossierCodes empty', mutate: set('dossierCodes', []), field: 'dossierCodes', problem: 'must have at least 1 item' },
    { name: 'dossierCodes missing', mutate: del('dossierCodes'), field: 'dossierCodes', problem: REQUIRED },
    {
      name: 'dossierCodes item malformed',
      mutate: set('dossierCodes.1', 'a b'),
      field: 'dossierCodes',
      problem: /^item 1 must be 1-64 characters/,
    },
    { name: 'dossierCodes item a number', mutate: set('dossierCodes.0', 5), field: 'dossierCodes', problem: 'item 0 must be a string' },
    { name: 'dossierCodes item null', mutate: set('dossierCodes.0', null), field: 'dossierCodes', problem: 'item 0 is required' },
    {
      name: 'dossierCodes: 1001',
      mutate: set(
        'dossierCodes',
        Array.from({ length: 1001 }, (_, i) => `H36-${i}`),
      ),
      field: 'dossierCodes',
      problem: 'must have at most 1000 items',
    },
    { name: 'state unknown', mutate: set('state', 'lost'), field: 'state', problem: 'must be one of: dispatched, delivered, acknowledged' },
    { name: 'acknowledged without tracking code', mutate: all(set('state', 'acknowledged'), del('trackingCode')) },
    ...dateTimeCases('occurredAt'),
    { name: 'trackingCode malformed', mutate: set('trackingCode', 'EJ 1'), field: 'trackingCode', problem: /^must be 1-100 characters/ },
  ],
  'lienthong.message-rejected': [
    { name: 'rejectedMessageId absent', mutate: del('rejectedMessageId') },
    { name: 'producer absent', mutate: del('producer') },
    {
      name: 'rejectedMessageId too long',
      mutate: set('rejectedMessageId', 'x'.repeat(256)),
      field: 'rejectedMessageId',
      problem: 'must be at most 255 characters',
    },
    { name: 'routingKey missing', mutate: del('routingKey'), field: 'routingKey', problem: REQUIRED },
    { name: 'routingKey empty (allowed: the key may be empty)', mutate: set('routingKey', '') },
    { name: 'reasons empty', mutate: set('reasons', []), field: 'reasons', problem: 'must have at least 1 item' },
    { name: 'reasons.0.field missing', mutate: del('reasons.0.field'), field: 'reasons.0.field', problem: REQUIRED },
    { name: 'reasons.0.problem blank', mutate: set('reasons.0.problem', ' '), field: 'reasons.0.problem', problem: 'must not be blank' },
    { name: 'reasons.0 extra', mutate: set('reasons.0.code', 'X'), field: 'reasons.0.code', problem: 'is not allowed' },
    ...dateTimeCases('rejectedAt'),
  ],
  'dms.send-requested': [
    {
      name: 'purpose unknown',
      mutate: set('purpose', 'publish'),
      field: 'purpose',
      problem: 'must be one of: sign, number, archive, handover-manifest',
    },
    {
      name: 'dossierCode absent (a handover batch)',
      mutate: all(del('dossierCode'), set('batchId', 'B-1'), set('purpose', 'handover-manifest')),
    },
    { name: 'attachments empty', mutate: set('attachments', []), field: 'attachments', problem: 'must have at least 1 item' },
    {
      name: 'attachment sha256 bad',
      mutate: set('attachments.0.file.sha256', 'x'),
      field: 'attachments.0.file.sha256',
      problem: /^must be a SHA-256 digest/,
    },
    {
      name: 'documentType.type bad',
      mutate: set('documentType.type', 'Q Đ'),
      field: 'documentType.type',
      problem: /^must be a document-type abbreviation/,
    },
    {
      name: 'dossierCodes item bad',
      mutate: set('dossierCodes', ['ok-1', 'not ok']),
      field: 'dossierCodes',
      problem: /must be 1-64 characters/,
    },
    ...dateTimeCases('requestedAt'),
  ],
  'dms.package-sent': [
    { name: 'docId missing', mutate: del('docId'), field: 'docId', problem: REQUIRED },
    { name: 'documentId blank', mutate: set('documentId', ' '), field: 'documentId', problem: 'must not be blank' },
    ...dateTimeCases('sentAt'),
  ],
  'dms.status-received': [
    { name: 'statusCode one digit', mutate: set('statusCode', '3'), field: 'statusCode', problem: /^must be a 2-digit status code/ },
    { name: 'staff absent', mutate: del('staff') },
    { name: 'staff extra field', mutate: set('staff.email', 'x@y.vn'), field: 'staff.email', problem: 'is not allowed' },
    ...dateTimeCases('occurredAt'),
  ],
  'dms.decision-received': [
    { name: 'decision missing', mutate: del('decision'), field: 'decision', problem: REQUIRED },
    {
      name: 'verification failure recorded',
      mutate: all(set('decision.signature.verified', false), set('verificationFailure', 'certificate not issued by a trust anchor')),
    },
    { name: 'verdictSeal missing', mutate: del('verdictSeal'), field: 'verdictSeal', problem: REQUIRED },
    { name: 'verdictSeal not a seal', mutate: set('verdictSeal', 'verified'), field: 'verdictSeal', problem: /^must be a verdict seal/ },
  ],
  'postal.order-requested': [
    {
      name: 'serviceCode unknown',
      mutate: set('serviceCode', 'EMS'),
      field: 'serviceCode',
      problem: 'must be one of: BCCI-KQ, BCCI-LT, BCCI-HS',
    },
    {
      name: 'receiver.phone bad',
      mutate: set('receiver.phone', '12345'),
      field: 'receiver.phone',
      problem: /^must be a Vietnamese phone number/,
    },
    { name: 'receiver.ward absent', mutate: del('receiver.ward') },
    { name: 'parcel.itemCount zero', mutate: set('parcel.itemCount', 0), field: 'parcel.itemCount', problem: 'must be a positive number' },
    { name: 'orderNumber with a space', mutate: set('orderNumber', 'KQ 1'), field: 'orderNumber', problem: /^must be 1-100 characters/ },
  ],
  'postal.order-created': [
    { name: 'trackingCode bad', mutate: set('trackingCode', 'EJ123VN'), field: 'trackingCode', problem: /^must be a tracking code/ },
    ...dateTimeCases('createdAt'),
  ],
  'postal.tracking-received': [
    { name: 'statusCode unknown', mutate: set('statusCode', 3), field: 'statusCode', problem: /^must be one of/ },
    { name: 'source unknown', mutate: set('source', 'email'), field: 'source', problem: 'must be one of: webhook, poll' },
    { name: 'transaction missing', mutate: del('transaction'), field: 'transaction', problem: REQUIRED },
    ...dateTimeCases('occurredAt'),
  ],
  'orchestrator.dossier-step-requested': [
    {
      name: 'step unknown',
      mutate: set('step', 'send-twice'),
      field: 'step',
      problem: 'must be one of: send-for-signing, send-for-numbering, send-to-archive, order-delivery',
    },
    { name: 'dossierCode missing', mutate: del('dossierCode'), field: 'dossierCode', problem: REQUIRED },
    ...dateTimeCases('requestedAt'),
  ],
  'orchestrator.batch-step-requested': [
    {
      name: 'batchId with a Vietnamese letter',
      mutate: set('batchId', 'SKHĐT-260425-163005-7K3QF9'),
      field: 'batchId',
      problem: /^must be 1-100 characters/,
    },
    {
      name: 'orderNumber too long',
      mutate: set('orderNumber', `LT-${'A'.repeat(98)}`),
      field: 'orderNumber',
      problem: /^must be 1-100 characters/,
    },
    { name: 'step unknown', mutate: set('step', 'cancel'), field: 'step', problem: 'must be one of: dispatch, resend' },
    {
      name: 'trigger unknown',
      mutate: set('trigger', 'whim'),
      field: 'trigger',
      problem: 'must be one of: full, cutoff, operator, returned',
    },
    {
      name: 'resend',
      mutate: (b) => Object.assign(b, { step: 'resend', trigger: 'returned', orderNumber: 'LT-SKHDT-260425-163005-7K3QF9-R1' }),
    },
    ...dateTimeCases('requestedAt'),
  ],
};

describe('contract v1 message rules', () => {
  describe.each(Object.keys(CASES) as MessageType[])('%s', (type) => {
    it('accepts the sample', () => {
      expect(validateMessage(type, sampleMessage(type))).toEqual([]);
    });

    it.each(CASES[type].map((c) => [c.name, c] as const))('%s', (_, c) => {
      const body = JSON.parse(JSON.stringify(sampleMessage(type))) as Body;
      c.mutate(body);
      const problems = validateMessage(type, body);
      if (c.field === undefined) {
        expect(problems).toEqual([]);
        return;
      }
      expect(problems.map((p) => p.field)).toEqual([c.field]);
      if (c.problem instanceof RegExp) expect(problems[0].problem).toMatch(c.problem);
      else expect(problems[0].problem).toBe(c.problem);
    });
  });

  it('reports a body that is not a JSON object', () => {
    for (const body of [null, 'x', 42, [], [sampleMessage('onestop.dossier.withdrawn')]]) {
      expect(validateMessage('onestop.dossier.withdrawn', body)).toEqual([{ field: 'body', problem: 'must be a JSON object' }]);
    }
  });
});
