import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HealthRegistry, ScrapedCounter } from '@lienthong/runtime';
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
    if (report.mode === 'off')
      new Logger('Revocation').warn(
        'TRUST_REVOCATION=off: signer certificates are not checked for revocation; a revoked certificate still verifies',
      );
    this.health.register('revocation', () => {
      const now = checker.report();
      return { up: now.last?.status !== 'unknown', details: { ...now } };
    });
    new ScrapedCounter(
      'lienthong_ioffice_revocation_checks_total',
      'Revocation checks of signer certificate paths, by outcome (good, revoked, unknown: the package waits in iOffice)',
      this.health.metrics,
      () => Object.entries(checker.report().checks).map(([outcome, n]) => [{ outcome }, n] as const),
    );
  }
}
