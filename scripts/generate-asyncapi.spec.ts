import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Parser } from '@asyncapi/parser';
import { CONTRACT_MESSAGE_TYPES, MESSAGES } from '@lienthong/contracts';
import { parse } from 'yaml';
import { ASYNCAPI_FILE, buildAsyncApiDocument, renderAsyncApiYaml } from './asyncapi.document';

describe('docs/asyncapi.yaml', () => {
  const generated = renderAsyncApiYaml();

  it('is up to date with the contract classes', () => {
    const checkedIn = readFileSync(join(__dirname, '..', ASYNCAPI_FILE), 'utf8');
    if (checkedIn !== generated) throw new Error(`${ASYNCAPI_FILE} is out of date with libs/contracts: run npm run asyncapi`);
  });

  it('is generated deterministically', () => {
    expect(renderAsyncApiYaml()).toBe(generated);
  });

  it('is a valid AsyncAPI 3.0.0 document (no error diagnostics from @asyncapi/parser)', async () => {
    const diagnostics = await new Parser().validate(generated);
    const errors = diagnostics.filter((d) => d.severity === 0).map((d) => `${d.code} at ${d.path.join('.')}: ${d.message}`);
    expect(errors).toEqual([]);
  });

  it('has one channel per routing key on lienthong.events, received from onestop and sent by the bus', () => {
    const document = parse(generated) as {
      channels: Record<string, { address: string; bindings: { amqp: { exchange: { name: string; type: string; durable: boolean } } } }>;
      operations: Record<string, { action: string; channel: { $ref: string } }>;
    };
    const addresses = Object.values(document.channels).map((channel) => channel.address);
    expect(addresses).toEqual([...CONTRACT_MESSAGE_TYPES]);
    for (const channel of Object.values(document.channels)) {
      expect(channel.bindings.amqp.exchange).toMatchObject({ name: 'lienthong.events', type: 'topic', durable: true });
    }
    const actions = Object.values(document.operations).map((operation) => {
      const channel = document.channels[operation.channel.$ref.replace('#/channels/', '')];
      return [channel.address, operation.action];
    });
    expect(actions).toEqual(CONTRACT_MESSAGE_TYPES.map((type) => [type, MESSAGES[type].producer === 'onestop' ? 'receive' : 'send']));
  });

  it('describes every payload with the rules of its class', () => {
    const schemas = (buildAsyncApiDocument().components as { schemas: Record<string, Record<string, unknown>> }).schemas;
    expect(schemas.DossierReceivedMessage).toMatchObject({
      additionalProperties: false,
      required: expect.arrayContaining(['dossierCode', 'documents']),
    });
    expect(schemas.FileRef.properties).toMatchObject({
      sha256: { pattern: '^[0-9A-Fa-f]{64}$' },
      sizeBytes: { type: 'integer', exclusiveMinimum: 0 },
    });
    expect(schemas.DossierStatusChangedMessage.properties).toMatchObject({
      stage: { enum: expect.arrayContaining(['RECEIVED', 'CLOSED']) },
    });
  });
});
