import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { STAGES } from '../lifecycle/stage';
import { MESSAGE_TYPES, MESSAGES, MessageType } from '../routing';
import { sampleAddress, sampleMessage } from '../testing/samples';
import { compileValidator } from './compile-validator';

/**
 * Differential test: the compiled validator against class-validator itself (plainToInstance + validateSync
 * with whitelist and forbidNonWhitelisted), over seeded random valid and mutated bodies of every message
 * type. They must agree on valid/invalid and on the exact set of failing paths.
 * Out of scope by construction: keys naming Object.prototype members (class-transformer drops them
 * silently, the compiled validator reports them), more than MAX_PROBLEMS problems, absurd nesting depth.
 */

/** mulberry32: small, fast, seeded. */
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

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Container = Json[] | { [key: string]: Json };

const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** Values a mutation may put anywhere: wrong types, edge lengths, and valid values of other fields. */
const POOL: Json[] = [
  null,
  0,
  1,
  -1,
  1.5,
  2,
  4,
  7,
  10,
  11,
  14,
  15,
  123,
  2 ** 53,
  true,
  false,
  '',
  ' ',
  'x',
  'Nguyễn Thị Hương',
  'Ư'.repeat(201),
  'ư'.repeat(1001),
  '😀'.repeat(150),
  '😀'.repeat(1001),
  'a'.repeat(2001),
  {},
  [],
  [{}],
  [null],
  ['x'],
  [[{}]],
  { x: 1 },
  [1, 2],
  '2026-04-15T08:30:00+07:00',
  '2026-04-14T08:30:00+07:00',
  '2026-06-01T00:00:00Z',
  '2026-04-15T08:30:00',
  '2026-02-30T08:30:00+07:00',
  '2026-04-15 08:30:00+07:00',
  '2026-04-15T08:30:00.123456+07:00',
  'https://files.langson.gov.vn/a.pdf',
  'http://minio:9000/x',
  'ftp://x/y',
  'https://a b',
  'https://',
  'ab'.repeat(32),
  'AB'.repeat(32),
  'g'.repeat(64),
  'a'.repeat(63),
  '000.00.12.H36',
  '000.00.12.H36-260415-0001',
  'H36 0001',
  '1.004227',
  '020190001234',
  '0101234567',
  '0101234567-001',
  '0912345678',
  '+84912345678',
  '0912 345 678',
  'huong.nt@example.vn',
  'huong@',
  'application/pdf',
  'pdf',
  'QĐ',
  'GP',
  'Quyết định',
  '123/QĐ-SXD',
  '12/2026/QĐ-UBND',
  'GP-SXD',
  '12/QĐ-SKHĐT',
  'QĐ-SNN&PTNT',
  'QĐ-SNN&',
  'Sở Kế hoạch và Đầu tư'.normalize('NFD'),
  '02',
  '2',
  '20',
  '020',
  'direct',
  'online',
  'postal',
  'center',
  'citizen',
  'business',
  'department-officer',
  'postal-staff',
  'center-clerk',
  'original',
  'copy',
  'electronic',
  'at-center',
  'approve',
  'supplement',
  'reject',
  'applicant',
  'authorized-person',
  'result-delivery',
  'archive-handover',
  'dispatched',
  'delivered',
  'acknowledged',
  'in-transit',
  'delivery-failed',
  ...STAGES,
  sampleAddress() as unknown as Json,
];

const UNKNOWN_KEYS = ['extra', 'dossiercode', 'Kind', 'file_url', 'x-schema-version'];

/** Every container (object or array) in a body, with its path. */
function containers(root: Container, path: string[] = [], out: Array<{ path: string[]; node: Container }> = []) {
  out.push({ path, node: root });
  const entries: Array<[string, Json]> = Array.isArray(root) ? root.map((v, i) => [String(i), v]) : Object.entries(root);
  for (const [key, value] of entries) if (value !== null && typeof value === 'object') containers(value, [...path, key], out);
  return out;
}

/** Every value (leaves and containers, not the root) in a body. */
function values(root: Container): Json[] {
  return containers(root).flatMap(({ node }) => (Array.isArray(node) ? node : Object.values(node)));
}

function mutate(body: Container, next: () => number): void {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const { node } = pick(containers(body));
  const keys = Array.isArray(node) ? node.map((_, i) => String(i)) : Object.keys(node);
  const key = keys.length > 0 ? pick(keys) : undefined;
  const set = (value: Json): void => {
    if (key === undefined) return;
    if (Array.isArray(node)) node[Number(key)] = value;
    else node[key] = value;
  };
  switch (Math.floor(next() * 6)) {
    case 0: // remove a property or an item
      if (key === undefined) return;
      if (Array.isArray(node)) node.splice(Number(key), 1);
      else delete node[key];
      return;
    case 1:
    case 2: // replace with a pool value
      return set(clone(pick(POOL)));
    case 3: // replace with another value of the same body (often valid, sometimes inconsistent)
      return set(clone(pick(values(body))));
    case 4: // add an unknown property, or duplicate an item
      if (Array.isArray(node)) node.push(clone(node[0] ?? null));
      else node[pick(UNKNOWN_KEYS)] = 'x';
      return;
    default: {
      // a valid-looking value of the same kind: keeps many bodies valid
      if (key === undefined) return;
      const current = Array.isArray(node) ? node[Number(key)] : node[key];
      if (typeof current === 'string') set(current.length > 3 ? current.slice(0, -1) + current.slice(-1).toUpperCase() : current);
      else if (typeof current === 'number') set(current + 1);
    }
  }
}

/** Failing paths as class-validator reports them. */
function classValidatorPaths(type: MessageType, body: unknown): string[] {
  const instance = plainToInstance(MESSAGES[type].messageClass as new () => object, body);
  const errors = validateSync(instance, { whitelist: true, forbidNonWhitelisted: true });
  const paths = new Set<string>();
  const walk = (list: ValidationError[], prefix: string): void => {
    for (const error of list) {
      const path = prefix + error.property;
      if (error.constraints !== undefined && Object.keys(error.constraints).length > 0) paths.add(path);
      if (error.children !== undefined) walk(error.children, `${path}.`);
    }
  };
  walk(errors, '');
  return [...paths].sort();
}

const PER_TYPE = 400;

describe('compiled validator agrees with class-validator', () => {
  it.each(MESSAGE_TYPES.map((type) => [type]))('%s', (type) => {
    const next = random([...type].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261));
    const validate = compileValidator(MESSAGES[type].messageClass);
    let valid = 0;
    for (let i = 0; i < PER_TYPE; i++) {
      const body = clone(sampleMessage(type)) as unknown as Container;
      const mutations = i < 5 ? 0 : 1 + Math.floor(next() * 3);
      for (let m = 0; m < mutations; m++) mutate(body, next);
      const expected = classValidatorPaths(type, clone(body));
      const actual = [...new Set(validate(body).map((p) => p.field))].sort();
      if (actual.join('|') !== expected.join('|')) {
        throw new Error(`disagreement on ${JSON.stringify(body)}\ncompiled: ${actual.join(', ')}\nclass-validator: ${expected.join(', ')}`);
      }
      if (expected.length === 0) valid++;
    }
    // Both outcomes must be well represented, or the comparison proves little.
    expect(valid).toBeGreaterThan(PER_TYPE * 0.05);
    expect(valid).toBeLessThan(PER_TYPE * 0.95);
  });
});
