import { Injectable } from '@nestjs/common';
import { Departments, type Department } from '@lienthong/config';
import { type DossierStep, Stage } from '@lienthong/contracts';
import { PermanentFailure, vietnamTimestamp } from '@lienthong/messaging';
import { ArchiveBatches } from '../archive/archive.batches';
import { type DossierRecord, DossierRepository } from '../dossiers/dossier.repository';
import { FILE_NAMES } from './file-names';
import type { UnitOfWork } from './unit-of-work';

const DOCUMENT_TYPE_NAMES: Record<string, string> = {
  QĐ: 'Quyết định',
  GP: 'Giấy phép',
  GCN: 'Giấy chứng nhận',
  CV: 'Công văn',
  TB: 'Thông báo',
};

/**
 * What entering a stage sets in motion. The bus's own announcements go out with the transition (through the unit
 * of work, so exactly when it commits). Commands to other systems (DMS packages, the result's postal order) are
 * only requested there (`orchestrator.dossier-step-requested`) and built and sent by `follow`, as a step of its
 * own: a command that cannot be built (a fact missing, the bus's own outgoing validation) fails that step, never
 * the transition. Archive batches do the same for their dispatch (`ArchiveBatches`).
 */
@Injectable()
export class StageEffects {
  constructor(
    private readonly departments: Departments,
    private readonly dossiers: DossierRepository,
    private readonly batches: ArchiveBatches,
  ) {}

  async onEnter(uow: UnitOfWork, dossier: DossierRecord, department: Department): Promise<DossierRecord> {
    const code = dossier.dossierCode;
    switch (dossier.stage) {
      case Stage.SENT_FOR_SIGNING:
        await this.request(uow, code, 'send-for-signing');
        return dossier;
      case Stage.NUMBER_REQUESTED:
        await this.request(uow, code, 'send-for-numbering');
        return dossier;
      case Stage.READY_FOR_ISSUE: {
        const decision = need(dossier.facts.numberedDecision, code, 'numbered decision');
        await uow.publish(
          'decision.ready-for-issue',
          { dossierCode: code, issuer: department.delegatedToPost ? 'center-clerk' : 'department-officer', decision },
          code,
        );
        return dossier;
      }
      case Stage.ISSUED:
        // The issued result's electronic copy goes to the department clerk's archive, once per dossier.
        await this.request(uow, code, 'send-to-archive');
        if (dossier.returnMethod === 'postal') {
          await this.request(uow, code, 'order-delivery');
          return this.dossiers.addFacts(uow.tx, dossier, { delivery: { orderNumber: `KQ-${code}` } });
        }
        return dossier;
      case Stage.CLOSED:
        if (dossier.closedReason === 'stopped' && dossier.facts.decline) {
          await uow.publish(
            'decision.signing-declined',
            { dossierCode: code, reason: dossier.facts.decline.reason, statusCode: dossier.facts.decline.statusCode },
            code,
          );
        }
        return dossier;
      case Stage.AWAITING_HANDOVER: {
        const batchId = await this.batches.add(uow, dossier, department);
        return this.dossiers.addFacts(uow.tx, dossier, { batchId });
      }
      default:
        return dossier;
    }
  }

  /** Builds and sends one command of a dossier: its own step (`orchestrator.dossier-step-requested`), in its own transaction. */
  async follow(uow: UnitOfWork, step: DossierStep, dossier: DossierRecord, department: Department, requestedAt: string): Promise<void> {
    const code = dossier.dossierCode;
    switch (step) {
      case 'send-for-signing':
        return this.requestDecision(
          uow,
          dossier,
          department,
          'sign',
          need(dossier.facts.draftDecision, code, 'draft decision'),
          FILE_NAMES.draft(code),
          requestedAt,
        );
      case 'send-for-numbering':
        return this.requestDecision(
          uow,
          dossier,
          department,
          'number',
          need(dossier.facts.paperDecision, code, 'approved paper decision'),
          FILE_NAMES.paperDecision(code),
          requestedAt,
        );
      case 'send-to-archive': {
        const decision = need(dossier.facts.numberedDecision, code, 'numbered decision');
        const received = need(await this.dossiers.received(uow.tx, code), code, 'reception');
        await uow.publish(
          'dms.send-requested',
          {
            agencyCode: department.agencyCode,
            purpose: 'archive',
            dossierCode: code,
            requestedAt,
            procedureCode: dossier.procedureCode,
            subject: `Lưu trữ kết quả ${decision.documentNumber}: ${received.procedureName}`,
            documentType: {
              type: decision.notation.split('-')[0] || 'QĐ',
              typeName: DOCUMENT_TYPE_NAMES[decision.notation.split('-')[0]] ?? 'Văn bản',
            },
            attachments: [{ name: FILE_NAMES.result(code), file: decision.file }],
          },
          code,
        );
        return;
      }
      case 'order-delivery': {
        const decision = need(dossier.facts.numberedDecision, code, 'numbered decision');
        const address = need((await this.dossiers.received(uow.tx, code))?.deliveryAddress, code, 'delivery address');
        const center = this.departments.center;
        await uow.publish(
          'postal.order-requested',
          {
            orderNumber: dossier.facts.delivery?.orderNumber ?? `KQ-${code}`,
            purpose: 'result-delivery',
            dossierCode: code,
            serviceCode: 'BCCI-KQ',
            sender: {
              name: center.name,
              phone: center.address.phone ?? '02053812345',
              line: center.address.line,
              ...(center.address.ward ? { ward: center.address.ward } : {}),
              province: center.address.province,
              ...(center.address.provinceCode ? { provinceCode: center.address.provinceCode } : {}),
            },
            receiver: {
              name: address.recipient,
              phone: address.phone,
              line: address.line,
              ward: address.ward,
              province: address.province,
              provinceCode: address.provinceCode,
            },
            parcel: { itemCount: 1, weightGrams: 200, contentNote: `Kết quả giải quyết TTHC ${decision.documentNumber}` },
          },
          code,
        );
        return;
      }
    }
  }

  /** Requests one of the dossier's commands as a step of its own. */
  private async request(uow: UnitOfWork, dossierCode: string, step: DossierStep): Promise<void> {
    await uow.publish('orchestrator.dossier-step-requested', { dossierCode, step, requestedAt: vietnamTimestamp(new Date()) }, dossierCode);
  }

  /** Asks the department's DMS to sign (online approval) or number (approval on paper) the decision. */
  private async requestDecision(
    uow: UnitOfWork,
    dossier: DossierRecord,
    department: Department,
    purpose: 'sign' | 'number',
    document: DecisionDocument,
    fileName: string,
    requestedAt: string,
  ): Promise<void> {
    await uow.publish(
      'dms.send-requested',
      {
        agencyCode: department.agencyCode,
        purpose,
        dossierCode: dossier.dossierCode,
        requestedAt,
        procedureCode: dossier.procedureCode,
        subject: document.title,
        documentType: { type: document.documentType, typeName: DOCUMENT_TYPE_NAMES[document.documentType] ?? document.documentType },
        dueAt: dossier.dueAt,
        attachments: [{ name: fileName, file: document.file }],
      },
      dossier.dossierCode,
    );
  }
}

/** A decision document the department must act on: the draft to sign, or the paper decision to number. */
interface DecisionDocument {
  readonly documentType: string;
  readonly title: string;
  readonly file: { url: string; sha256: string; sizeBytes: number; contentType: string };
}

function need<T>(value: T | undefined, dossierCode: string, what: string): T {
  if (value === undefined)
    throw new PermanentFailure('BUS.MISSING_FACT', `dossier ${dossierCode} has no ${what}; the step before it never recorded one`);
  return value;
}
