import type { Department } from '@lienthong/config';
import type {
  AppraisalOutcome,
  DecisionApprovedAtCenterMessage,
  DecisionIssuedMessage,
  DossierAppraisedMessage,
  DossierReceivedMessage,
  DossierResultReturnedMessage,
  DossierWithdrawnMessage,
  FileRef,
  IssuerKind,
} from '@lienthong/contracts';
import { minimalPdf } from '../files/minimal-pdf';
import type { FileSink } from '../files/document.store';
import type { SeededRandom } from '../shared/seeded-random';
import { addWorkingDays, toVietnamIso } from '../shared/vietnam-time';
import { leaderTitle, type StaffDirectory } from './center.staff';
import { documentOf } from './dossier.generator';
import type { Procedure } from './procedure.catalog';

/**
 * The bodies the Center's staff produce as a dossier moves on: appraisal, approval on paper, release,
 * return at the counter, withdrawal, and the dossier re-sent after a supplement. Pure apart from
 * `files.put` (draft and scanned decisions are served by the simulator's document server).
 */

/** What the Center knows of a dossier when it acts on it. */
export interface DossierFacts {
  readonly dossierCode: string;
  readonly department: Department;
  /** Absent for a dossier the simulator did not submit itself (adopted from the bus's messages). */
  readonly procedure?: Procedure;
  /** How the result's title addresses the applicant; absent when adopted. */
  readonly addressee?: string;
}

/** The result's document type and title. */
export function resultOf(facts: DossierFacts): { documentType: string; title: string } {
  const addressee = facts.addressee ?? `hồ sơ ${facts.dossierCode}`;
  if (facts.procedure) return { documentType: facts.procedure.resultType, title: facts.procedure.resultTitle(addressee) };
  return { documentType: 'QĐ', title: `Quyết định giải quyết thủ tục hành chính của ${facts.department.name} cho ${addressee}` };
}

/** `onestop.dossier.appraised`; an approval carries a draft decision whose PDF goes to `files`. */
export function appraisedBody(
  facts: DossierFacts,
  outcome: AppraisalOutcome,
  ctx: { rng: SeededRandom; staff: StaffDirectory; files: FileSink; now: Date },
): DossierAppraisedMessage {
  const staff = ctx.staff.of(facts.department);
  const appraiser = ctx.rng.pick(staff.appraisers);
  const body: DossierAppraisedMessage = {
    dossierCode: facts.dossierCode,
    appraisedAt: toVietnamIso(ctx.now),
    mode: facts.department.appraisal,
    outcome,
    appraiser: { fullName: appraiser.fullName, position: appraiser.position },
  };
  if (outcome === 'approve') {
    const result = resultOf(facts);
    const head = leaderTitle(facts.department);
    const signerPosition = ctx.rng.chance(0.3) ? head : `Phó ${head}`;
    body.note = 'Hồ sơ đầy đủ, hợp lệ; đủ điều kiện giải quyết, trình lãnh đạo phê duyệt';
    body.draftDecision = {
      ...result,
      signerPosition,
      file: decisionPdf(ctx.files, `${facts.dossierCode}.du-thao.pdf`, [
        'DU THAO',
        result.title,
        `Ho so ${facts.dossierCode}`,
        `Nguoi ky: ${signerPosition}`,
      ]),
    };
  } else if (outcome === 'supplement') {
    body.note = facts.procedure?.supplement ?? 'Đề nghị bổ sung giấy tờ theo quy định';
  } else {
    body.note = facts.procedure?.refusal ?? 'Hồ sơ không đủ điều kiện giải quyết theo quy định';
  }
  return body;
}

/** `onestop.decision.approved-at-center`: a leader signed on paper at the Center; the scan goes to `files`. */
export function approvedAtCenterBody(
  facts: DossierFacts,
  draft: { documentType: string; title: string } | undefined,
  ctx: { rng: SeededRandom; staff: StaffDirectory; files: FileSink; now: Date },
): DecisionApprovedAtCenterMessage {
  const approver = ctx.rng.pick(ctx.staff.of(facts.department).leaders);
  const result = draft ?? resultOf(facts);
  return {
    dossierCode: facts.dossierCode,
    approvedAt: toVietnamIso(ctx.now),
    approver: { ...approver },
    decision: {
      documentType: result.documentType,
      title: result.title,
      file: decisionPdf(ctx.files, `${facts.dossierCode}.ban-ky.pdf`, [
        'BAN KY GIAY (SCAN)',
        result.title,
        `Ho so ${facts.dossierCode}`,
        `${approver.position}: ${approver.fullName}`,
      ]),
    },
  };
}

/** `onestop.decision.issued`: printed, stamped with the second seal and released under `documentNumber`. */
export function issuedBody(
  facts: DossierFacts,
  issuer: IssuerKind,
  documentNumber: string,
  ctx: { rng: SeededRandom; staff: StaffDirectory; now: Date },
): DecisionIssuedMessage {
  return {
    dossierCode: facts.dossierCode,
    issuedAt: toVietnamIso(ctx.now),
    issuedBy: { kind: issuer, fullName: ctx.staff.issuer(facts.department, issuer, ctx.rng) },
    documentNumber,
  };
}

/** `onestop.dossier.result-returned`: handed over at the counter, mostly to the applicant in person. */
export function resultReturnedBody(dossierCode: string, ctx: { rng: SeededRandom; now: Date }): DossierResultReturnedMessage {
  return { dossierCode, returnedAt: toVietnamIso(ctx.now), receivedBy: ctx.rng.chance(0.85) ? 'applicant' : 'authorized-person' };
}

const WITHDRAWAL_REASONS = [
  'Công dân xin rút hồ sơ để hoàn thiện thêm giấy tờ',
  'Tổ chức đề nghị rút hồ sơ do thay đổi phương án đầu tư',
  'Người nộp hồ sơ không còn nhu cầu giải quyết',
  'Người nộp hồ sơ xin rút để nộp lại theo hình thức trực tuyến',
];

/** `onestop.dossier.withdrawn`. */
export function withdrawnBody(dossierCode: string, ctx: { rng: SeededRandom; now: Date }): DossierWithdrawnMessage {
  return { dossierCode, withdrawnAt: toVietnamIso(ctx.now), reason: ctx.rng.pick(WITHDRAWAL_REASONS) };
}

/**
 * The dossier re-sent after a supplement: same code, received again now, due time counted afresh, and one
 * more document (the supplement the appraiser asked for).
 */
export function resubmittedBody(
  previous: DossierReceivedMessage,
  procedure: Procedure | undefined,
  ctx: { files: FileSink; now: Date },
): DossierReceivedMessage {
  const round = previous.documents.filter((d) => d.name.startsWith(SUPPLEMENT_DOCUMENT)).length + 1;
  const extra = documentOf(
    ctx.files,
    previous.dossierCode,
    procedure ?? { code: previous.procedureCode, name: previous.procedureName },
    undefined,
    `${SUPPLEMENT_DOCUMENT} (lần ${round})`,
    previous.channel === 'online' ? 'electronic' : 'original',
    previous.applicant.fullName,
    previous.documents.length + 1,
  );
  return {
    ...previous,
    receivedAt: toVietnamIso(ctx.now),
    dueAt: toVietnamIso(addWorkingDays(ctx.now, procedure?.workingDays ?? 10)),
    documents: [...previous.documents, extra],
  };
}

const SUPPLEMENT_DOCUMENT = 'Văn bản giải trình, bổ sung hồ sơ';

function decisionPdf(files: FileSink, name: string, lines: readonly string[]): FileRef {
  return files.put(name, minimalPdf(lines), 'application/pdf');
}
