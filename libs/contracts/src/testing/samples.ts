import { PostalAddress } from '../common/address';
import { FileRef } from '../common/file-ref';
import { Stage } from '../lifecycle/stage';
import {
  ArchiveHandoverUpdatedMessage,
  DecisionApprovedAtCenterMessage,
  DecisionIssuedMessage,
  DecisionReadyForIssueMessage,
  DecisionSigningDeclinedMessage,
  DossierAppraisedMessage,
  DossierReceivedMessage,
  DossierResultReturnedMessage,
  DossierStatusChangedMessage,
  DossierWithdrawnMessage,
  MessageRejectedMessage,
  PostalShipmentUpdatedMessage,
} from '../messages';
import {
  DmsDecisionReceivedMessage,
  DmsPackageSentMessage,
  DmsSendRequestedMessage,
  DmsStatusReceivedMessage,
  PostalOrderCreatedMessage,
  PostalOrderRequestedMessage,
  PostalTrackingReceivedMessage,
  OrchestratorBatchStepRequestedMessage,
  OrchestratorDossierStepRequestedMessage,
} from '../internal';
import { MessageBody, MessageType } from '../routing';

/**
 * Realistic, valid sample bodies of every message type, as plain JSON-ready objects (not class instances).
 * Every call returns a fresh deep copy, so tests may mutate what they get. `overrides` replace top-level
 * fields. The dossier is `SAMPLE_DOSSIER_CODE` of Sở Xây dựng (`000.00.12.H36`, see config/departments.yaml).
 */

/** The dossier code every sample refers to. */
export const SAMPLE_DOSSIER_CODE = '000.00.12.H36-260415-0001';

/** The department (Sở Xây dựng) every sample refers to. */
export const SAMPLE_AGENCY_CODE = '000.00.12.H36';

const FILES = 'https://files.langson.gov.vn/hs/2604';

/** A file reference with a plausible digest; `n` varies the digest and size. */
export function sampleFile(name: string, n = 1, contentType = 'application/pdf'): FileRef {
  return {
    url: `${FILES}/${name}`,
    sha256: `9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a0${n % 10}`,
    sizeBytes: 184_320 + n * 7_919,
    contentType,
  };
}

/** A delivery address in Lạng Sơn. */
export function sampleAddress(): PostalAddress {
  return {
    recipient: 'Nguyễn Thị Hương',
    phone: '0912345678',
    line: 'Số 18 đường Bà Triệu',
    ward: 'Phường Hoàng Văn Thụ',
    province: 'Lạng Sơn',
    provinceCode: '20',
  };
}

/**
 * `onestop.dossier.received`: a construction-permit dossier with 3 documents, result returned at the Center
 * (~1.3 KiB). For delivery by post: `sampleDossierReceived({ returnMethod: 'postal', deliveryAddress: sampleAddress() })`.
 */
export function sampleDossierReceived(overrides: Partial<DossierReceivedMessage> = {}): DossierReceivedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    procedureCode: '1.009794',
    procedureName: 'Cấp giấy phép xây dựng mới đối với nhà ở riêng lẻ',
    agencyCode: SAMPLE_AGENCY_CODE,
    receivedAt: '2026-04-15T08:30:00+07:00',
    dueAt: '2026-05-06T17:00:00+07:00',
    channel: 'direct',
    receivedBy: { kind: 'department-officer', fullName: 'Hoàng Văn Đức' },
    applicant: {
      kind: 'citizen',
      fullName: 'Nguyễn Thị Hương',
      idNumber: '020190001234',
      phone: '0912345678',
    },
    returnMethod: 'center',
    documents: [
      { componentCode: 'TP01', name: 'Đơn đề nghị cấp giấy phép xây dựng', copyType: 'original', file: sampleFile('don-de-nghi.pdf', 1) },
      { componentCode: 'TP02', name: 'Giấy chứng nhận quyền sử dụng đất', copyType: 'copy', file: sampleFile('gcn-qsdd.pdf', 2) },
      { name: 'Bản vẽ thiết kế xây dựng', copyType: 'electronic', file: sampleFile('ban-ve.pdf', 3) },
    ],
    ...overrides,
  };
}

/** `onestop.dossier.appraised`: approved online, with its draft decision. */
export function sampleDossierAppraised(overrides: Partial<DossierAppraisedMessage> = {}): DossierAppraisedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    appraisedAt: '2026-04-20T10:15:00+07:00',
    mode: 'online',
    outcome: 'approve',
    appraiser: { fullName: 'Trần Minh Quân', position: 'Chuyên viên Phòng Quản lý xây dựng' },
    note: 'Hồ sơ đầy đủ, đủ điều kiện cấp phép',
    draftDecision: {
      documentType: 'GP',
      title: 'Giấy phép xây dựng nhà ở riêng lẻ cho bà Nguyễn Thị Hương',
      signerPosition: 'Phó Giám đốc',
      file: sampleFile('du-thao-gpxd.pdf', 4),
    },
    ...overrides,
  };
}

/** `onestop.decision.approved-at-center`. */
export function sampleDecisionApprovedAtCenter(overrides: Partial<DecisionApprovedAtCenterMessage> = {}): DecisionApprovedAtCenterMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    approvedAt: '2026-04-22T15:40:00+07:00',
    approver: { fullName: 'Lương Thị Thảo', position: 'Phó Giám đốc' },
    decision: {
      documentType: 'QĐ',
      title: 'Quyết định cấp giấy phép xây dựng cho bà Nguyễn Thị Hương',
      file: sampleFile('quyet-dinh-scan.pdf', 5),
    },
    ...overrides,
  };
}

/** `onestop.decision.issued`. */
export function sampleDecisionIssued(overrides: Partial<DecisionIssuedMessage> = {}): DecisionIssuedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    issuedAt: '2026-04-24T09:05:00+07:00',
    issuedBy: { kind: 'department-officer', fullName: 'Hoàng Văn Đức' },
    documentNumber: '123/GP-SXD',
    ...overrides,
  };
}

/** `onestop.dossier.result-returned`. */
export function sampleDossierResultReturned(overrides: Partial<DossierResultReturnedMessage> = {}): DossierResultReturnedMessage {
  return { dossierCode: SAMPLE_DOSSIER_CODE, returnedAt: '2026-04-24T10:30:00+07:00', receivedBy: 'applicant', ...overrides };
}

/** `onestop.dossier.withdrawn`. */
export function sampleDossierWithdrawn(overrides: Partial<DossierWithdrawnMessage> = {}): DossierWithdrawnMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    withdrawnAt: '2026-04-16T14:00:00+07:00',
    reason: 'Công dân xin rút hồ sơ để bổ sung bản vẽ',
    ...overrides,
  };
}

/** `dossier.status-changed`: the dossier entered AWAITING_APPROVAL. */
export function sampleDossierStatusChanged(overrides: Partial<DossierStatusChangedMessage> = {}): DossierStatusChangedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    stage: Stage.AWAITING_APPROVAL,
    previousStage: Stage.RECEIVED,
    portalStatus: 4,
    occurredAt: '2026-04-20T10:15:02+07:00',
    dueAt: '2026-05-06T17:00:00+07:00',
    overdue: false,
    progress: {
      actor: 'Trần Minh Quân',
      position: 'Chuyên viên',
      department: 'Sở Xây dựng',
      content: 'Thẩm định xong, trình lãnh đạo phê duyệt',
    },
    ...overrides,
  };
}

/** `decision.ready-for-issue`: decision 123/GP-SXD, signed online and verified. */
export function sampleDecisionReadyForIssue(overrides: Partial<DecisionReadyForIssueMessage> = {}): DecisionReadyForIssueMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    issuer: 'department-officer',
    decision: {
      number: 123,
      notation: 'GP-SXD',
      documentNumber: '123/GP-SXD',
      promulgatedAt: '2026-04-23T16:20:00+07:00',
      signer: { fullName: 'Lương Thị Thảo', position: 'Phó Giám đốc' },
      file: sampleFile('gpxd-123-ky-so.pdf', 6),
      signature: {
        verified: true,
        signerCertificateSubject: 'CN=Sở Xây dựng tỉnh Lạng Sơn,O=UBND tỉnh Lạng Sơn,C=VN',
        signedAt: '2026-04-23T16:19:41+07:00',
      },
    },
    ...overrides,
  };
}

/** `decision.signing-declined`. */
export function sampleDecisionSigningDeclined(overrides: Partial<DecisionSigningDeclinedMessage> = {}): DecisionSigningDeclinedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    reason: 'Lãnh đạo yêu cầu chỉnh sửa trích yếu dự thảo',
    statusCode: '02',
    ...overrides,
  };
}

/** `postal.shipment-updated`: the result was delivered to the applicant. */
export function samplePostalShipmentUpdated(overrides: Partial<PostalShipmentUpdatedMessage> = {}): PostalShipmentUpdatedMessage {
  return {
    dossierCode: SAMPLE_DOSSIER_CODE,
    purpose: 'result-delivery',
    orderNumber: `KQ-${SAMPLE_DOSSIER_CODE}`,
    trackingCode: 'EJ012345678VN',
    status: 'delivered',
    statusCode: 14,
    occurredAt: '2026-04-25T11:02:00+07:00',
    location: 'Bưu cục Thành phố Lạng Sơn',
    ...overrides,
  };
}

/** `archive.handover-updated`: a batch of two dossiers was dispatched to Sở Xây dựng. */
export function sampleArchiveHandoverUpdated(overrides: Partial<ArchiveHandoverUpdatedMessage> = {}): ArchiveHandoverUpdatedMessage {
  return {
    batchId: '01JRZ5K3W8Q4N2M7T9V6X1Y0AB',
    agencyCode: SAMPLE_AGENCY_CODE,
    dossierCodes: [SAMPLE_DOSSIER_CODE, '000.00.12.H36-260415-0002'],
    state: 'dispatched',
    occurredAt: '2026-04-25T16:30:00+07:00',
    trackingCode: 'EJ012345679VN',
    ...overrides,
  };
}

/** `lienthong.message-rejected`: a dossier.received with a bad CCCD. */
export function sampleMessageRejected(overrides: Partial<MessageRejectedMessage> = {}): MessageRejectedMessage {
  return {
    rejectedMessageId: '01JRZ5K3W8Q4N2M7T9V6X1Y0CD',
    routingKey: 'onestop.dossier.received',
    producer: 'onestop',
    reasons: [{ field: 'applicant.idNumber', problem: 'must be a 12-digit CCCD number' }],
    rejectedAt: '2026-04-15T08:30:01+07:00',
    ...overrides,
  };
}

const SAMPLE_DOCUMENT_ID = `000.00.01.H36,2026/04/20,${SAMPLE_DOSSIER_CODE}/sign`;

/** `dms.send-requested`: send the draft decision of the sample dossier to Sở Xây dựng for signing. */
export function sampleDmsSendRequested(overrides: Partial<DmsSendRequestedMessage> = {}): DmsSendRequestedMessage {
  return {
    agencyCode: SAMPLE_AGENCY_CODE,
    purpose: 'sign',
    dossierCode: SAMPLE_DOSSIER_CODE,
    requestedAt: '2026-04-20T09:15:00+07:00',
    procedureCode: '1.009994',
    subject: 'Cấp giấy phép xây dựng nhà ở riêng lẻ cho bà Nguyễn Thị Hương',
    documentType: { type: 'GP', typeName: 'Giấy phép' },
    dueAt: '2026-05-06T17:00:00+07:00',
    attachments: [{ name: 'du-thao-giay-phep.pdf', file: sampleFile('du-thao-giay-phep.pdf', 7) }],
    ...overrides,
  };
}

/** `dms.package-sent`: iOffice accepted the sign package. */
export function sampleDmsPackageSent(overrides: Partial<DmsPackageSentMessage> = {}): DmsPackageSentMessage {
  return {
    agencyCode: SAMPLE_AGENCY_CODE,
    purpose: 'sign',
    dossierCode: SAMPLE_DOSSIER_CODE,
    documentId: SAMPLE_DOCUMENT_ID,
    docId: 'EDOC-000123',
    sentAt: '2026-04-20T09:15:02+07:00',
    ...overrides,
  };
}

/** `dms.status-received`: the department's clerk registered the sign package (03). */
export function sampleDmsStatusReceived(overrides: Partial<DmsStatusReceivedMessage> = {}): DmsStatusReceivedMessage {
  return {
    agencyCode: SAMPLE_AGENCY_CODE,
    purpose: 'sign',
    dossierCode: SAMPLE_DOSSIER_CODE,
    documentId: SAMPLE_DOCUMENT_ID,
    docId: 'EDOC-000124',
    statusCode: '03',
    description: 'Văn thư đã tiếp nhận, đăng ký văn bản đến',
    staff: { fullName: 'Hoàng Thị Lan', position: 'Văn thư', department: 'Văn phòng Sở' },
    occurredAt: '2026-04-20T09:40:00+07:00',
    ...overrides,
  };
}

/** `dms.decision-received`: the numbered, signed permit came back and its signature was verified. */
export function sampleDmsDecisionReceived(overrides: Partial<DmsDecisionReceivedMessage> = {}): DmsDecisionReceivedMessage {
  return {
    agencyCode: SAMPLE_AGENCY_CODE,
    purpose: 'sign',
    dossierCode: SAMPLE_DOSSIER_CODE,
    documentId: SAMPLE_DOCUMENT_ID,
    docId: 'EDOC-000131',
    decision: sampleDecisionReadyForIssue().decision,
    // Well-formed, but not made with any key: the orchestrator refuses it until it is sealed (VerdictSeal in libs/runtime).
    verdictSeal: `v1.${'A'.repeat(43)}`,
    ...overrides,
  };
}

const SAMPLE_CENTER_PARTY = {
  name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn',
  phone: '02053812345',
  line: 'Số 2 đường Hùng Vương',
  ward: 'Phường Chi Lăng',
  province: 'Lạng Sơn',
  provinceCode: '20',
};

/** `postal.order-requested`: deliver the sample dossier's result to the applicant's home. */
export function samplePostalOrderRequested(overrides: Partial<PostalOrderRequestedMessage> = {}): PostalOrderRequestedMessage {
  return {
    orderNumber: `KQ-${SAMPLE_DOSSIER_CODE}`,
    purpose: 'result-delivery',
    dossierCode: SAMPLE_DOSSIER_CODE,
    serviceCode: 'BCCI-KQ',
    sender: { ...SAMPLE_CENTER_PARTY },
    receiver: {
      name: 'Nguyễn Thị Hương',
      phone: '0912345678',
      line: 'Số 18 ngõ 3 đường Bà Triệu',
      ward: 'Phường Đông Kinh',
      province: 'Lạng Sơn',
      provinceCode: '20',
    },
    parcel: { itemCount: 1, weightGrams: 200, contentNote: 'Giấy phép xây dựng' },
    ...overrides,
  };
}

/** `postal.order-created`: the operator accepted the result-delivery order. */
export function samplePostalOrderCreated(overrides: Partial<PostalOrderCreatedMessage> = {}): PostalOrderCreatedMessage {
  return {
    orderNumber: `KQ-${SAMPLE_DOSSIER_CODE}`,
    purpose: 'result-delivery',
    dossierCode: SAMPLE_DOSSIER_CODE,
    trackingCode: 'EJ012345678VN',
    status: 1,
    totalFee: 25_000,
    createdAt: '2026-04-24T10:00:00+07:00',
    ...overrides,
  };
}

/** `postal.tracking-received`: the result was delivered (webhook). */
export function samplePostalTrackingReceived(overrides: Partial<PostalTrackingReceivedMessage> = {}): PostalTrackingReceivedMessage {
  return {
    orderNumber: `KQ-${SAMPLE_DOSSIER_CODE}`,
    purpose: 'result-delivery',
    dossierCode: SAMPLE_DOSSIER_CODE,
    trackingCode: 'EJ012345678VN',
    statusCode: 14,
    statusName: 'Phát thành công',
    location: 'Bưu cục Thành phố Lạng Sơn',
    occurredAt: '2026-04-25T11:02:00+07:00',
    transaction: 'TX-20260425-000981',
    source: 'webhook',
    ...overrides,
  };
}

/** `orchestrator.dossier-step-requested`: send the approved dossier's draft decision for signing. */
export function sampleOrchestratorDossierStepRequested(
  overrides: Partial<OrchestratorDossierStepRequestedMessage> = {},
): OrchestratorDossierStepRequestedMessage {
  return { dossierCode: SAMPLE_DOSSIER_CODE, step: 'send-for-signing', requestedAt: '2026-04-20T09:15:00+07:00', ...overrides };
}

/** `orchestrator.batch-step-requested`: a full archive batch of Sở Kế hoạch và Đầu tư (SKHĐT) to dispatch. */
export function sampleOrchestratorBatchStepRequested(
  overrides: Partial<OrchestratorBatchStepRequestedMessage> = {},
): OrchestratorBatchStepRequestedMessage {
  return {
    batchId: 'SKHDT-260425-163005-7K3QF9',
    agencyCode: '000.00.20.H36',
    step: 'dispatch',
    trigger: 'full',
    orderNumber: 'LT-SKHDT-260425-163005-7K3QF9',
    requestedAt: '2026-04-25T16:30:05+07:00',
    ...overrides,
  };
}

/** One sample factory per message type. */
export const SAMPLES: { readonly [T in MessageType]: () => MessageBody<T> } = {
  'onestop.dossier.received': () => sampleDossierReceived(),
  'onestop.dossier.appraised': () => sampleDossierAppraised(),
  'onestop.decision.approved-at-center': () => sampleDecisionApprovedAtCenter(),
  'onestop.decision.issued': () => sampleDecisionIssued(),
  'onestop.dossier.result-returned': () => sampleDossierResultReturned(),
  'onestop.dossier.withdrawn': () => sampleDossierWithdrawn(),
  'dossier.status-changed': () => sampleDossierStatusChanged(),
  'decision.ready-for-issue': () => sampleDecisionReadyForIssue(),
  'decision.signing-declined': () => sampleDecisionSigningDeclined(),
  'postal.shipment-updated': () => samplePostalShipmentUpdated(),
  'archive.handover-updated': () => sampleArchiveHandoverUpdated(),
  'lienthong.message-rejected': () => sampleMessageRejected(),
  'dms.send-requested': () => sampleDmsSendRequested(),
  'dms.package-sent': () => sampleDmsPackageSent(),
  'dms.status-received': () => sampleDmsStatusReceived(),
  'dms.decision-received': () => sampleDmsDecisionReceived(),
  'postal.order-requested': () => samplePostalOrderRequested(),
  'postal.order-created': () => samplePostalOrderCreated(),
  'postal.tracking-received': () => samplePostalTrackingReceived(),
  'orchestrator.dossier-step-requested': () => sampleOrchestratorDossierStepRequested(),
  'orchestrator.batch-step-requested': () => sampleOrchestratorBatchStepRequested(),
};

/** A fresh valid sample body of any message type. */
export function sampleMessage<T extends MessageType>(type: T): MessageBody<T> {
  return SAMPLES[type]();
}
