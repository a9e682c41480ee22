import { SCHEMAS } from '@lienthong/config';
import { redactSecrets } from './log.record';

/** Start-up writes configuration mistakes through the service logger, which redacts what looks like a secret. */
describe('configuration messages through the service logger', () => {
  it('come out whole: no production rule says anything the redaction takes for a secret ("bearer <word>", "secret=…")', () => {
    const messages = SCHEMAS.flatMap((schema) =>
      Object.values(schema.variables)
        .filter((variable) => !variable.isFamily)
        .map((variable) => variable.productionProblem({ NODE_ENV: 'production' }, variable.spec.default)?.message)
        .filter((message): message is string => message !== undefined),
    );
    expect(messages.length).toBeGreaterThan(10);
    for (const message of messages) expect(redactSecrets(message)).toBe(message);
  });
});
