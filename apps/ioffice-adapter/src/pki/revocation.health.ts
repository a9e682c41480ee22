import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry } from '@lienthong/runtime';
import { Gauge } from 'prom-client';
import { RevocationChecker } from './revocation.checker';

/**
 * Reports revocation checking in readiness (`revocation`: down while the last check could not know a status, with
 * the reason: the decision waits in iOffice until it can) and in metrics (checks by outcome).
 */
@Injectable()
export class RevocationHealth implements OnModuleInit {
  constructor(
    private readonly checker: RevocationChecker,
    private readonly health: HealthRegistry,
  ) {}

  onModuleInit(): void {
    const { checker } = this;
    const report = checker.report();
    if (report.mode === 'off') new Logger('Revocation').warn('TRUST_REVOCATION=off: signer certificates are not checked for revocation; a revoked certificate still verifies');
    this.health.register('revocation', () => {
      const now = checker.report();
      return { up: now.last?.status !== 'unknown', details: { ...now } };
    });
    new Gauge({
      name: 'lienthong_ioffice_revocation_checks_total',
      help: 'Revocation checks of signer certificate paths, by outcome (good, revoked, unknown: the package waits in iOffice)',
      labelNames: ['outcome'],
      registers: [this.health.metrics],
      collect() {
        for (const [outcome, n] of Object.entries(checker.report().checks)) this.set({ outcome }, n);
      },
    });
  }
}
