import { createHmac, timingSafeEqual } from 'node:crypto';
import { DEVELOPMENT_VERDICT_SEAL_KEY, type EnvSource, SHARED_ENV, processEnv } from '@lienthong/config';
import { DECISION_VERDICT_FIELDS, type MessageBody } from '@lienthong/contracts';

export { DEVELOPMENT_VERDICT_SEAL_KEY };

const DOMAIN = 'lienthong/dms.decision-received/verdict/v1';

type DecisionReceived = MessageBody<'dms.decision-received'>;

/**
 * The seal the DMS adapter puts on its verdict about a signed decision (`dms.decision-received.verdictSeal`): an
 * HMAC-SHA256 under `VERDICT_SEAL_KEY` over `DECISION_VERDICT_FIELDS`. Only the adapter, which verified the
 * package, and the orchestrator, which acts on the verdict, hold the key: anyone else who can publish on the bus,
 * or edit a dead letter, cannot produce a verdict the orchestrator accepts.
 *
 * Invariant: seal and check read the same fields, NFC-normalized (the consuming bus normalizes bodies), so a
 * certificate subject written in NFD by the department seals the same as its NFC form.
 */
export class VerdictSeal {
  private constructor(private readonly key: Buffer) {}

  /** `VERDICT_SEAL_KEY`: required when NODE_ENV=production (the same in the iOffice adapter and the orchestrator). */
  static fromEnv(env: EnvSource = processEnv()): VerdictSeal {
    return new VerdictSeal(Buffer.from(SHARED_ENV.VERDICT_SEAL_KEY.read(env), 'utf8'));
  }

  /** The body with its `verdictSeal` set. */
  seal<T extends Omit<DecisionReceived, 'verdictSeal'>>(body: T): T & { verdictSeal: string } {
    return { ...body, verdictSeal: `v1.${this.mac(body).toString('base64url')}` };
  }

  /** Whether the body's `verdictSeal` was made with this key over exactly these verdict fields. */
  check(body: DecisionReceived): boolean {
    const match = /^v1\.([A-Za-z0-9_-]{43})$/.exec(typeof body.verdictSeal === 'string' ? body.verdictSeal : '');
    if (!match) return false;
    const given = Buffer.from(match[1], 'base64url');
    const expected = this.mac(body);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private mac(body: object): Buffer {
    const values = DECISION_VERDICT_FIELDS.map((path) => {
      const value = path
        .split('.')
        .reduce<unknown>((at, key) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined), body);
      return typeof value === 'string' ? value.normalize('NFC') : (value ?? null);
    });
    return createHmac('sha256', this.key)
      .update(JSON.stringify([DOMAIN, ...values]), 'utf8')
      .digest();
  }
}
