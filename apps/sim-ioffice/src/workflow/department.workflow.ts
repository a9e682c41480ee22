import { OrganDirectory, SimDepartment } from '../config/department.directory';
import { STATUS } from '../edxml/edxml.constants';
import { buildEdocPackage, buildStatusPackage } from '../edxml/edxml.builder';
import { ParsedEdxml } from '../edxml/edxml.parser';
import { SigningIdentity, signEdxml } from '../edxml/edxml.signer';
import { minimalPdf } from '../edxml/minimal.pdf';
import { edxmlDate, vietnamYear } from '../edxml/vietnam-time';
import { IofficeFaults } from '../faults/fault.config';
import { SeededRandom } from '../faults/seeded-random';
import { EdocMeta, MessageType } from '../store/edoc.store';
import { codeNotation, DEFAULT_TYPE } from './document-type';
import { DossierRequest } from './dossier-request';
import { NumberingLedger, RegistrationTicket } from './numbering.ledger';
import { CancelledError, Scheduler } from './scheduler';

/** What the workflow needs from the simulator around it. */
export interface WorkflowDeps {
  directory: OrganDirectory;
  scheduler: Scheduler;
  ledger: () => NumberingLedger;
  faults: () => Readonly<IofficeFaults>;
  random: () => SeededRandom;
  stepDelayMs: () => number;
  now: () => Date;
  identity: (organId: string, trusted: boolean) => SigningIdentity;
  /** Stores a package from the department to the Center (it appears in the Center's received list). */
  deliver: (from: SimDepartment, messageType: MessageType, edxml: string, meta: EdocMeta) => void;
  log: (message: string) => void;
}

/** The leader who signs for each department (deterministic, by position in the table). */
const LEADERS = ['Nguyễn Văn Hùng', 'Trần Thị Mai', 'Lê Văn Dũng', 'Phạm Thị Hoa', 'Hoàng Văn Nam', 'Vũ Thị Lan'];

/**
 * One department's handling of a bus package, paced by `stepDelayMs` (ioffice-soap.md):
 * sign → 01, 03, 04, 05, then the leader signs (or declines: 02) and the clerk numbers;
 * number → 01, 03, then the clerk numbers (or declines: 02); archive and handover-manifest → 01, 03.
 */
export class DepartmentWorkflow {
  constructor(private readonly deps: WorkflowDeps) {}

  /** Runs in the background; never rejects (a cancelled workflow just stops). */
  start(department: SimDepartment, request: DossierRequest, parsed: ParsedEdxml): Promise<void> {
    return this.run(department, request, parsed).catch((error: unknown) => {
      if (!(error instanceof CancelledError))
        this.deps.log(`workflow for ${request.documentId} failed: ${(error as Error).stack ?? String(error)}`);
    });
  }

  private async run(department: SimDepartment, request: DossierRequest, parsed: ParsedEdxml): Promise<void> {
    const clerk = 'Văn thư';
    await this.step();
    this.status(department, request, STATUS.arrived, 'Văn bản đã đến văn thư cơ quan.', clerk);
    await this.step();
    const numbered = request.purpose === 'sign' || request.purpose === 'number';
    // Registration and its place in the number book happen together: numbers follow registration order.
    const ticket = numbered ? this.deps.ledger().register(department.organId) : undefined;
    this.status(department, request, STATUS.registered, 'Văn thư đã vào sổ văn bản đến.', clerk);
    if (!ticket) return;
    const decider = request.purpose === 'sign' ? 'Lãnh đạo' : clerk;
    if (request.purpose === 'sign') {
      await this.step();
      this.status(department, request, STATUS.assigned, 'Đã chuyển lãnh đạo xem xét, ký duyệt.', clerk);
      await this.step();
      this.status(department, request, STATUS.inProgress, 'Lãnh đạo đang xem xét dự thảo.', decider);
    }
    await this.step();
    if (this.deps.random().chance(this.deps.faults().declineProbability)) {
      this.deps.ledger().release(ticket);
      this.status(department, request, STATUS.refused, this.deps.faults().declineReason, decider);
      return;
    }
    await this.issueDecision(department, request, parsed, ticket);
  }

  private async issueDecision(
    department: SimDepartment,
    request: DossierRequest,
    parsed: ParsedEdxml,
    ticket: RegistrationTicket,
  ): Promise<void> {
    const { number } = await this.deps.ledger().number(ticket, () => vietnamYear(this.deps.now()));
    const at = this.deps.now();
    const faults = this.deps.faults();
    const random = this.deps.random();
    const documentType = parsed.documentType?.typeName
      ? { type: parsed.documentType.type ?? DEFAULT_TYPE.type, typeName: parsed.documentType.typeName }
      : { ...DEFAULT_TYPE };
    const code = { number: String(number), notation: codeNotation(documentType.typeName, department.abbreviation) };
    const documentId = `${department.organId},${edxmlDate(at)},${code.number}/${code.notation}`;
    const source = request.documents[0];
    const extension = source && /\.[A-Za-z0-9]+$/.exec(source.name)?.[0];
    const result = {
      name: `${code.number}-${code.notation}${extension ?? '.pdf'}`,
      contentType: source?.contentType ?? 'application/pdf',
      // The "signed result" is the draft's (or scan's) own bytes: the simulator does not render documents.
      content: source?.content ?? minimalPdf(`${code.number}/${code.notation} ${request.reference}`),
    };
    const index = Math.max(0, this.deps.directory.departments.indexOf(department));
    const unsigned = buildEdocPackage(
      {
        from: { organId: department.organId, organName: department.name },
        to: [{ organId: this.deps.directory.center.organId, organName: this.deps.directory.center.name }],
        responseForDocumentId: request.documentId,
        documentId,
        code,
        promulgation: { place: this.deps.directory.center.province, date: edxmlDate(at) },
        documentType,
        subject: parsed.subject ?? `Kết quả giải quyết hồ sơ ${request.reference}`,
        signer: { ...deputySigner(department.name), fullName: LEADERS[index % LEADERS.length] },
      },
      [result],
      at,
    );
    const trusted = !random.chance(faults.untrustedSignerProbability);
    let signed = signEdxml(unsigned, this.deps.identity(department.organId, trusted));
    if (random.chance(faults.tamperProbability)) signed = tamper(signed);
    this.deps.deliver(department, 'edoc', signed, { documentId, responseForDocumentId: request.documentId, code });
  }

  private status(department: SimDepartment, request: DossierRequest, statusCode: string, description: string, staff: string): void {
    const edxml = buildStatusPackage({
      from: { organId: department.organId, organName: department.name },
      responseForDocumentId: request.documentId,
      staff: { department: department.name, staff },
      statusCode,
      description,
      at: this.deps.now(),
    });
    this.deps.deliver(department, 'status', edxml, {
      documentId: request.documentId,
      responseForDocumentId: request.documentId,
      statusCode,
    });
  }

  private step(): Promise<void> {
    return this.deps.scheduler.delay(this.deps.stepDelayMs());
  }
}

/**
 * A deputy signs on the head's behalf (ký thay, KT.): of a sở the Giám đốc, of a ban the Trưởng ban, of the provincial
 * inspectorate the Chánh Thanh tra.
 */
export function deputySigner(departmentName: string): { competence: string; position: string } {
  const head = /^Ban\s/u.test(departmentName) ? 'TRƯỞNG BAN' : /^Thanh tra\s/u.test(departmentName) ? 'CHÁNH THANH TRA' : 'GIÁM ĐỐC';
  return { competence: `KT. ${head}`, position: `PHÓ ${head}` };
}

/** Changes the signed content (the subject) after signing, as a man in the middle would. */
export function tamper(signedXml: string): string {
  const changed = signedXml.replace(/(<edXML:Subject>)([^<]*)(<\/edXML:Subject>)/, '$1$2 (đã sửa)$3');
  if (changed === signedXml) throw new Error('SIM_IOFFICE.TAMPER_FAILED: the package has no edXML:Subject to alter');
  return changed;
}
