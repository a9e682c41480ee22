import type { Department, Departments } from '@lienthong/config';
import type { Applicant, Channel, DossierDocument, DossierReceivedMessage, ReturnMethod } from '@lienthong/contracts';
import { minimalPdf } from '../files/minimal-pdf';
import type { FileSink } from '../files/document.store';
import type { SeededRandom } from '../shared/seeded-random';
import { addWorkingDays, toVietnamIso, vietnamYear, vietnamYymmdd } from '../shared/vietnam-time';
import type { DepartmentStaff } from './center.staff';
import { findProcedure, Procedure, proceduresOf } from './procedure.catalog';
import * as vn from './vietnamese.data';

/** Choices a caller may fix; everything else is drawn. */
export interface DossierHints {
  readonly agencyCode?: string;
  readonly procedureCode?: string;
  readonly channel?: Channel;
  readonly returnMethod?: ReturnMethod;
  readonly applicantKind?: Applicant['kind'];
}

/** Everything a generated dossier needs. */
export interface GenerationInput {
  readonly rng: SeededRandom;
  readonly departments: Departments;
  readonly staffOf: (department: Department) => DepartmentStaff;
  readonly files: FileSink;
  readonly now: Date;
  /** Sequence number of the day, the code's last part (`…-0001`). */
  readonly sequence: number;
  readonly hints?: DossierHints;
}

/** A generated `onestop.dossier.received` body, with what it was drawn from. */
export interface GeneratedDossier {
  readonly body: DossierReceivedMessage;
  readonly department: Department;
  readonly procedure: Procedure;
  /** `ông` / `bà` + name, or the business name: how the result's title addresses the applicant. */
  readonly addressee: string;
}

/** The dossier code of the one-stop system: `<agencyCode>-<yyMMdd>-<sequence, 4 digits or more>`. */
export function dossierCodeOf(agencyCode: string, now: Date, sequence: number): string {
  return `${agencyCode}-${vietnamYymmdd(now)}-${String(sequence).padStart(4, '0')}`;
}

/**
 * A realistic dossier as the Center receives it: a procedure of the department, an applicant (citizen with
 * a CCCD, or business with a tax code), 1-5 documents whose PDFs go to `files`, and the due time in
 * working days. Pure apart from `files.put`: the same seed and inputs give the same body.
 */
export function generateDossier(input: GenerationInput): GeneratedDossier {
  const { rng, departments, now, hints = {} } = input;
  const department = pickDepartment(rng, departments, hints.agencyCode);
  const procedures = proceduresOf(department);
  const procedure = findProcedure(department, hints.procedureCode) ?? rng.weighted(procedures.map((p) => [p, p.weight] as const));
  const dossierCode = dossierCodeOf(department.agencyCode, now, input.sequence);

  const kind = hints.applicantKind ?? (procedure.applicant === 'business' && rng.chance(0.9) ? 'business' : 'citizen');
  const home = vn.localAddress(rng);
  let applicant: Applicant;
  let addressee: string;
  let contact: string;
  if (kind === 'business') {
    const firm = vn.business(rng);
    applicant = { kind, fullName: firm.fullName, idNumber: firm.taxCode, phone: vn.landline(rng), address: vn.addressLine(home) };
    if (rng.chance(0.6)) applicant.email = vn.email(rng, firm.fullName, true);
    addressee = firm.fullName;
    contact = firm.fullName;
  } else {
    const who = vn.person(rng);
    applicant = {
      kind,
      fullName: who.fullName,
      idNumber: vn.cccd(rng, who, vietnamYear(now)),
      phone: vn.mobilePhone(rng),
      address: vn.addressLine(home),
    };
    if (rng.chance(0.4)) applicant.email = vn.email(rng, who.fullName, false);
    addressee = `${vn.honorific(who)} ${who.fullName}`;
    contact = who.fullName;
  }

  const channel =
    hints.channel ??
    rng.weighted<Channel>([
      ['direct', 55],
      ['online', 35],
      ['postal', 10],
    ]);
  const staff = input.staffOf(department);
  // Where the department delegated reception to the Post, its postal staff receive at the counter.
  const receivedBy = department.delegatedToPost
    ? { kind: 'postal-staff' as const, fullName: rng.pick(staff.postalStaff) }
    : { kind: 'department-officer' as const, fullName: rng.pick(staff.officers) };
  const returnMethod = hints.returnMethod ?? (rng.chance(0.4) ? 'postal' : 'center');

  const count = rng.int(1, Math.min(5, procedure.components.length));
  const components = [procedure.components[0], ...rng.subset(procedure.components.slice(1), count - 1)];
  const documents = components.map((component, i) =>
    documentOf(
      input.files,
      dossierCode,
      procedure,
      component.code,
      component.name,
      channel === 'online' ? 'electronic' : component.copyType,
      applicant.fullName,
      i + 1,
    ),
  );

  const body: DossierReceivedMessage = {
    dossierCode,
    procedureCode: procedure.code,
    procedureName: procedure.name,
    agencyCode: department.agencyCode,
    receivedAt: toVietnamIso(now),
    dueAt: toVietnamIso(addWorkingDays(now, procedure.workingDays)),
    channel,
    receivedBy,
    applicant,
    returnMethod,
    documents,
    summary: `${procedure.name} (${addressee})`,
  };
  if (returnMethod === 'postal') body.deliveryAddress = vn.deliveryAddress(contact, applicant.phone ?? vn.mobilePhone(rng), home);
  return { body, department, procedure, addressee };
}

/**
 * One digitized document: a PDF naming the dossier, procedure, component and applicant, stored in `files`.
 * `n` numbers the documents of a dossier (and makes each file distinct).
 */
export function documentOf(
  files: FileSink,
  dossierCode: string,
  procedure: Pick<Procedure, 'code' | 'name'>,
  componentCode: string | undefined,
  name: string,
  copyType: DossierDocument['copyType'],
  applicantName: string,
  n: number,
): DossierDocument {
  const pdf = minimalPdf([
    `Ho so ${dossierCode} - thanh phan ${n}${componentCode ? ` (${componentCode})` : ''}`,
    `Thu tuc ${procedure.code}: ${procedure.name}`,
    `Thanh phan: ${name}`,
    `Nguoi nop: ${applicantName}`,
    `Loai ban: ${copyType}`,
  ]);
  const file = files.put(`${dossierCode}.tp${String(n).padStart(2, '0')}.pdf`, pdf, 'application/pdf');
  return componentCode ? { componentCode, name, copyType, file } : { name, copyType, file };
}

function pickDepartment(rng: SeededRandom, departments: Departments, agencyCode: string | undefined): Department {
  if (agencyCode !== undefined) {
    const department = departments.get(agencyCode);
    if (department) return department;
  }
  return rng.pick(departments.all);
}
