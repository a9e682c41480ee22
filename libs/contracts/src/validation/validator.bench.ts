/**
 * Micro-benchmark (not a test): µs per `onestop.dossier.received` body (~1.3 KiB, 3 documents), compiled
 * validator vs class-validator (plainToInstance + validateSync with whitelist/forbidNonWhitelisted).
 * Run: npx ts-node --transpile-only -r tsconfig-paths/register libs/contracts/src/validation/validator.bench.ts
 */
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { DossierReceivedMessage } from '../messages/dossier-received.message';
import { sampleDossierReceived } from '../testing/samples';
import { validateMessage } from './validate-message';

function bench(label: string, iterations: number, run: (body: unknown) => number): void {
  const bodies = Array.from({ length: 64 }, () => JSON.parse(JSON.stringify(sampleDossierReceived())) as unknown);
  let sink = 0;
  for (let i = 0; i < Math.min(iterations, 20_000); i++) sink += run(bodies[i & 63]); // warm-up
  const start = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) sink += run(bodies[i & 63]);
  const micros = Number(process.hrtime.bigint() - start) / 1000 / iterations;
  console.log(`${label.padEnd(40)} ${micros.toFixed(2).padStart(8)} µs/msg  (problems seen: ${sink})`);
}

const bytes = Buffer.byteLength(JSON.stringify(sampleDossierReceived()));
console.log(`onestop.dossier.received sample: ${bytes} bytes`);
bench('compiled validateMessage', 200_000, (body) => validateMessage('onestop.dossier.received', body).length);
bench(
  'class-validator plainToInstance+validate',
  20_000,
  (body) => validateSync(plainToInstance(DossierReceivedMessage, body), { whitelist: true, forbidNonWhitelisted: true }).length,
);
