import { IsString, IsUUID } from 'class-validator';
import {
  DossierReceivedMessage,
  PostalShipmentUpdatedMessage,
  ArchiveHandoverUpdatedMessage,
  DossierStatusChangedMessage,
} from '../messages';
import { toJsonSchemas } from './json-schema';

describe('toJsonSchemas', () => {
  const schemas = toJsonSchemas([
    DossierReceivedMessage,
    PostalShipmentUpdatedMessage,
    ArchiveHandoverUpdatedMessage,
    DossierStatusChangedMessage,
  ]);

  it('emits the root classes and every nested class, in declaration order', () => {
    expect(Object.keys(schemas)).toEqual([
      'DossierReceivedMessage',
      'DossierReceiver',
      'Applicant',
      'PostalAddress',
      'DossierDocument',
      'FileRef',
      'PostalShipmentUpdatedMessage',
      'ArchiveHandoverUpdatedMessage',
      'DossierStatusChangedMessage',
      'DossierProgress',
    ]);
  });

  it('makes optional and conditionally required properties non-required, with an if/then for the condition', () => {
    const received = schemas.DossierReceivedMessage;
    expect(received.required).not.toContain('summary');
    expect(received.required).not.toContain('deliveryAddress');
    expect(received.allOf).toContainEqual({
      if: { properties: { returnMethod: { const: 'postal' } }, required: ['returnMethod'] },
      then: { required: ['deliveryAddress'] },
    });
  });

  it('expresses each-item rules on items and nested arrays as $ref items', () => {
    const handover = schemas.ArchiveHandoverUpdatedMessage.properties as Record<string, Record<string, unknown>>;
    expect(handover.dossierCodes).toEqual({
      type: 'array',
      minItems: 1,
      maxItems: 1000,
      items: { type: 'string', pattern: '^[A-Za-z0-9.-]{1,64}$' },
    });
    const received = schemas.DossierReceivedMessage.properties as Record<string, Record<string, unknown>>;
    expect(received.documents.items).toEqual({ $ref: '#/components/schemas/DossierDocument' });
  });

  it('expresses cross-field rules as if/then where JSON Schema can', () => {
    expect(schemas.DossierStatusChangedMessage.allOf).toContainEqual({
      if: { properties: { stage: { enum: ['CLOSED'] } }, required: ['stage'] },
      then: { properties: { portalStatus: { enum: [7, 8] } } },
    });
    expect(schemas.PostalShipmentUpdatedMessage.allOf).toContainEqual({
      if: { properties: { statusCode: { const: 14 } }, required: ['statusCode'] },
      then: { properties: { status: { const: 'delivered' } } },
    });
    expect(schemas.Applicant.allOf).toContainEqual({
      if: { properties: { kind: { const: 'citizen' } }, required: ['kind'] },
      then: { properties: { idNumber: { pattern: '^\\d{12}$' } } },
    });
  });

  it('states the rules it cannot express in x-rule', () => {
    expect((schemas.DossierReceivedMessage.properties as Record<string, Record<string, unknown>>).dueAt['x-rule']).toBe(
      'must be after receivedAt',
    );
  });

  it('refuses a decorator it cannot describe', () => {
    class WithUuid {
      @IsString()
      @IsUUID()
      id!: string;
    }
    expect(() => toJsonSchemas([WithUuid])).toThrow(expect.objectContaining({ code: 'CONTRACT.UNSUPPORTED_DECORATOR' }) as Error);
  });
});
