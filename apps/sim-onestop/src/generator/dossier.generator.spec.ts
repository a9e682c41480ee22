import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { loadDepartments, parseDepartments } from '@lienthong/config';
import { validateMessage } from '@lienthong/contracts';
import { DocumentStore } from '../files/document.store';
import { SeededRandom } from '../shared/seeded-random';
import { testDepartments } from '../testing/departments.fixture';
import { appraisedBody, approvedAtCenterBody, issuedBody, resubmittedBody, resultReturnedBody, withdrawnBody } from './center.bodies';
import { StaffDirectory } from './center.staff';
import { generateDossier, GeneratedDossier } from './dossier.generator';
import { proceduresOf } from './procedure.catalog';

const departments = testDepartments();
const staff = new StaffDirectory(departments);
const NOW = new Date('2026-11-28T01:30:00Z'); // Saturday 08:30 in Vietnam

function generate(seed: number, sequence = 1, store = new DocumentStore('http://127.0.0.1:3103')): GeneratedDossier {
  return generateDossier({ rng: new SeededRandom(seed), departments, staffOf: (d) => staff.of(d), files: store, now: NOW, sequence });
}

const SEEDS = Array.from({ length: 400 }, (_, i) => i * 7919 + 1);

describe('generateDossier', () => {
  it('produces a valid onestop.dossier.received for every seed', () => {
    for (const seed of SEEDS) {
      const { body } = generate(seed);
      expect({ seed, problems: validateMessage('onestop.dossier.received', body) }).toEqual({ seed, problems: [] });
    }
  });

  it('follows the department table: agency, receiver kind, code format, dates with +07:00', () => {
    for (const seed of SEEDS) {
      const { body, department } = generate(seed, 42);
      expect(departments.get(body.agencyCode)).toBe(department);
      expect(body.dossierCode).toBe(`${department.agencyCode}-261128-0042`);
      expect(body.receivedBy.kind).toBe(department.delegatedToPost ? 'postal-staff' : 'department-officer');
      expect(body.receivedAt).toBe('2026-11-28T08:30:00+07:00');
      expect(body.dueAt).toMatch(/^\d{4}-\d{2}-\d{2}T08:30:00\+07:00$/);
      expect(Date.parse(body.dueAt)).toBeGreaterThan(Date.parse(body.receivedAt));
      expect(body.documents.length).toBeGreaterThanOrEqual(1);
      expect(body.documents.length).toBeLessThanOrEqual(5);
      expect(body.deliveryAddress !== undefined).toBe(body.returnMethod === 'postal');
      if (body.deliveryAddress) expect(body.deliveryAddress).toMatchObject({ province: 'Lạng Sơn', provinceCode: '20' });
      if (body.applicant.kind === 'citizen') expect(body.applicant.idNumber).toMatch(/^020[0-3]\d{8}$/);
      else expect(body.applicant.idNumber).toMatch(/^49\d{8}(-\d{3})?$/);
      if (body.channel === 'online') expect(body.documents.every((d) => d.copyType === 'electronic')).toBe(true);
    }
  });

  it('covers every department, channel, return method and applicant kind across seeds', () => {
    const bodies = SEEDS.map((seed) => generate(seed).body);
    expect(new Set(bodies.map((b) => b.agencyCode)).size).toBe(departments.all.length);
    expect(new Set(bodies.map((b) => b.channel))).toEqual(new Set(['direct', 'online', 'postal']));
    expect(new Set(bodies.map((b) => b.returnMethod))).toEqual(new Set(['center', 'postal']));
    expect(new Set(bodies.map((b) => b.applicant.kind))).toEqual(new Set(['citizen', 'business']));
    expect(bodies.some((b) => b.procedureCode === '1.009994' && b.procedureName.startsWith('Cấp giấy phép xây dựng'))).toBe(true);
    expect(bodies.some((b) => b.procedureName.startsWith('Cấp Phiếu lý lịch tư pháp'))).toBe(true);
    expect(bodies.every((b) => b.applicant.fullName === b.applicant.fullName.normalize('NFC'))).toBe(true);
  });

  it('draws from the procedures of each department of the shipped table, and every one makes valid bodies', () => {
    const shipped = loadDepartments(join(__dirname, '../../../../config/departments.yaml'));
    const shippedStaff = new StaffDirectory(shipped);
    const files = new DocumentStore('http://127.0.0.1:3103');
    for (const department of shipped.all) {
      const procedures = proceduresOf(department);
      // A department of the province has its own procedures, not the generic stand-in.
      expect(`${department.abbreviation}: ${procedures.map((p) => p.code).join(', ')}`).not.toMatch(/X\./);
      for (const procedure of procedures) {
        for (const applicantKind of ['citizen', 'business'] as const) {
          const generated = generateDossier({
            rng: new SeededRandom(7),
            departments: shipped,
            staffOf: (d) => shippedStaff.of(d),
            files,
            now: NOW,
            sequence: 1,
            hints: { agencyCode: department.agencyCode, procedureCode: procedure.code, applicantKind },
          });
          expect({ code: procedure.code, problems: validateMessage('onestop.dossier.received', generated.body) }).toEqual({
            code: procedure.code,
            problems: [],
          });
          const facts = { dossierCode: generated.body.dossierCode, department, procedure, addressee: generated.addressee };
          const ctx = { rng: new SeededRandom(7), staff: shippedStaff, files, now: NOW };
          expect(validateMessage('onestop.dossier.appraised', appraisedBody(facts, 'approve', ctx))).toEqual([]);
          expect(validateMessage('onestop.decision.approved-at-center', approvedAtCenterBody(facts, undefined, ctx))).toEqual([]);
        }
      }
    }
  });

  it("calls each department's head by the title it has (Giám đốc, Trưởng ban, Chánh Thanh tra)", () => {
    const shipped = loadDepartments(join(__dirname, '../../../../config/departments.yaml'));
    const positions = (abbreviation: string) =>
      new StaffDirectory(shipped).of(shipped.all.find((d) => d.abbreviation === abbreviation)!).leaders.map((l) => l.position);
    expect(positions('SKHĐT')).toEqual(['Giám đốc', 'Phó Giám đốc', 'Phó Giám đốc']);
    expect(positions('BDT')).toEqual(['Trưởng ban', 'Phó Trưởng ban', 'Phó Trưởng ban']);
    expect(positions('TTr')).toEqual(['Chánh Thanh tra', 'Phó Chánh Thanh tra', 'Phó Chánh Thanh tra']);
  });

  it('gives a department it does not know a generic procedure whose code folds the abbreviation to ASCII', () => {
    const [unknown] = parseDepartments(
      'center: { organId: "C", name: "Trung tâm", address: { line: "x", province: "Lạng Sơn" } }\ndepartments:\n  - { agencyCode: "A", organId: "A", name: "Sở Giáo dục và Đào tạo", abbreviation: "SGD&ĐT", appraisal: online, approval: online, delegatedToPost: false, dms: ioffice, archive: { address: { line: "x", province: "Lạng Sơn" }, maxBatch: 5, cutoff: "16:30" } }',
    ).all;
    expect(proceduresOf(unknown).map((p) => p.code)).toEqual(['X.SGD-DT.001']);
  });

  it('is deterministic: the same seed gives the same body and the same file bytes', () => {
    expect(generate(12345).body).toEqual(generate(12345).body);
    expect(generate(12345).body).not.toEqual(generate(12346).body);
  });

  it('stores every document with the sha256 and size its reference states', () => {
    const store = new DocumentStore('http://127.0.0.1:3103');
    const { body } = generate(99, 1, store);
    for (const document of body.documents) {
      const id = decodeURIComponent(document.file.url.replace('http://127.0.0.1:3103/files/', ''));
      const stored = store.get(id)!;
      expect(stored.bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      expect(stored.bytes.length).toBe(document.file.sizeBytes);
      expect(createHash('sha256').update(stored.bytes).digest('hex')).toBe(document.file.sha256);
    }
  });
});

describe('the Center bodies', () => {
  it('are valid for every seed and outcome', () => {
    const files = new DocumentStore('http://127.0.0.1:3103');
    for (const seed of SEEDS.slice(0, 150)) {
      const generated = generate(seed, 1, files);
      const rng = new SeededRandom(seed);
      const facts = {
        dossierCode: generated.body.dossierCode,
        department: generated.department,
        procedure: generated.procedure,
        addressee: generated.addressee,
      };
      const ctx = { rng, staff, files, now: new Date(NOW.getTime() + 3_600_000) };
      for (const outcome of ['approve', 'supplement', 'reject'] as const) {
        expect(validateMessage('onestop.dossier.appraised', appraisedBody(facts, outcome, ctx))).toEqual([]);
      }
      const draft = appraisedBody(facts, 'approve', ctx).draftDecision!;
      expect(draft.file.url).toContain('/files/');
      expect(validateMessage('onestop.decision.approved-at-center', approvedAtCenterBody(facts, draft, ctx))).toEqual([]);
      expect(
        validateMessage(
          'onestop.decision.approved-at-center',
          approvedAtCenterBody({ dossierCode: facts.dossierCode, department: facts.department }, undefined, ctx),
        ),
      ).toEqual([]);
      for (const issuer of ['department-officer', 'center-clerk'] as const) {
        const issued = issuedBody(facts, issuer, '123/GP-SXD', ctx);
        expect(validateMessage('onestop.decision.issued', issued)).toEqual([]);
        expect(issued.issuedBy.kind).toBe(issuer);
      }
      expect(validateMessage('onestop.dossier.result-returned', resultReturnedBody(facts.dossierCode, ctx))).toEqual([]);
      expect(validateMessage('onestop.dossier.withdrawn', withdrawnBody(facts.dossierCode, ctx))).toEqual([]);
      const again = resubmittedBody(generated.body, generated.procedure, ctx);
      expect(validateMessage('onestop.dossier.received', again)).toEqual([]);
      expect(again.documents).toHaveLength(generated.body.documents.length + 1);
      expect(again.dossierCode).toBe(generated.body.dossierCode);
    }
  });

  it('appraises in the department mode, with a draft decision only on approval', () => {
    const files = new DocumentStore('http://127.0.0.1:3103');
    const ctx = { rng: new SeededRandom(1), staff, files, now: NOW };
    for (const department of departments.all) {
      const facts = { dossierCode: `${department.agencyCode}-261128-0001`, department };
      expect(appraisedBody(facts, 'approve', ctx)).toMatchObject({
        mode: department.appraisal,
        outcome: 'approve',
        draftDecision: expect.any(Object),
      });
      expect(appraisedBody(facts, 'reject', ctx).draftDecision).toBeUndefined();
    }
  });
});
