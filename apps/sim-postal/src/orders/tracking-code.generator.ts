import { Random } from '../shared/seeded.random';

/** UPU S10 weights for the 8 serial digits. */
const S10_WEIGHTS = [8, 6, 4, 2, 3, 5, 9, 7];

/** UPU S10 check digit of an 8-digit serial (so codes look like real `EJ…VN` item numbers). */
export function s10CheckDigit(serial: string): number {
  const sum = [...serial].reduce((acc, digit, i) => acc + Number(digit) * S10_WEIGHTS[i], 0);
  const check = 11 - (sum % 11);
  if (check === 10) return 0;
  if (check === 11) return 5;
  return check;
}

/** Issues tracking codes `EJ` + 8-digit serial + check digit + `VN`, unique within one simulator. */
export class TrackingCodeGenerator {
  private next: number;

  constructor(random: Random) {
    this.next = 10_000_000 + Math.floor(random() * 80_000_000);
  }

  issue(): string {
    const serial = String(this.next % 100_000_000).padStart(8, '0');
    this.next += 1;
    return `EJ${serial}${s10CheckDigit(serial)}VN`;
  }
}
