import { type ClosedReason, type MessageBody, Stage, portalStatusOf } from '@lienthong/contracts';
import { vietnamTimestamp } from '@lienthong/messaging';

/** Who did what, as the national portal's progress line shows it. */
export interface Progress {
  readonly actor: string;
  readonly position?: string;
  readonly department: string;
  readonly content: string;
}

/** The progress text of each stage (Vietnamese, as the portal shows it). */
export const STAGE_CONTENT: Record<Exclude<Stage, Stage.CLOSED>, string> & Record<ClosedReason, string> = {
  RECEIVED: 'Tiếp nhận hồ sơ',
  SUPPLEMENT_REQUESTED: 'Yêu cầu bổ sung hồ sơ',
  AWAITING_APPROVAL: 'Thẩm định xong, chờ phê duyệt',
  SENT_FOR_SIGNING: 'Trình lãnh đạo phê duyệt, ký số',
  SIGNED: 'Lãnh đạo đã ký số',
  NUMBER_REQUESTED: 'Đề nghị văn thư cấp số văn bản',
  NUMBERED: 'Văn thư đã cấp số văn bản',
  READY_FOR_ISSUE: 'Kết quả sẵn sàng in, đóng dấu, phát hành',
  ISSUED: 'Đã phát hành kết quả',
  RETURNED: 'Đã trả kết quả tại Trung tâm',
  DELIVERY_ORDERED: 'Chuyển kết quả qua dịch vụ bưu chính công ích',
  DELIVERED: 'Bưu điện đã phát kết quả',
  DELIVERY_FAILED: 'Phát kết quả không thành công, chuyển về Trung tâm',
  AWAITING_HANDOVER: 'Chờ bàn giao hồ sơ về lưu trữ',
  HANDOVER_DISPATCHED: 'Đã gửi hồ sơ về lưu trữ qua bưu điện',
  HANDOVER_DELIVERED: 'Bưu điện đã giao hồ sơ lưu trữ',
  ARCHIVED: 'Văn thư đã tiếp nhận hồ sơ lưu trữ',
  withdrawn: 'Công dân rút hồ sơ',
  refused: 'Từ chối giải quyết hồ sơ',
  stopped: 'Dừng xử lý hồ sơ',
};

/** The `dossier.status-changed` body for a transition. */
export function statusChanged(
  dossier: { dossierCode: string; dueAt: string },
  stage: Stage,
  previousStage: Stage | null,
  progress: Omit<Progress, 'content'> & { content?: string },
  closedReason?: ClosedReason,
  now = new Date(),
): MessageBody<'dossier.status-changed'> {
  const closed = stage === Stage.CLOSED;
  if (closed && !closedReason) throw new Error('a CLOSED status needs its reason');
  return {
    dossierCode: dossier.dossierCode,
    stage,
    ...(previousStage ? { previousStage } : {}),
    portalStatus: closed ? portalStatusOf(Stage.CLOSED, closedReason!) : portalStatusOf(stage as Exclude<Stage, Stage.CLOSED>),
    occurredAt: vietnamTimestamp(now),
    dueAt: dossier.dueAt,
    overdue: now.getTime() > Date.parse(dossier.dueAt),
    progress: {
      ...progress,
      content: progress.content ?? (closed ? STAGE_CONTENT[closedReason!] : STAGE_CONTENT[stage as Exclude<Stage, Stage.CLOSED>]),
    },
  } as MessageBody<'dossier.status-changed'>;
}
