import { ServiceCode } from './order.model';

/** Base price in VND for the first 500 g; archive handovers are heavier boxes, hence dearer. */
const BASE_FEE: Readonly<Record<ServiceCode, number>> = { 'BCCI-KQ': 22_000, 'BCCI-LT': 30_000, 'BCCI-HS': 22_000 };
const PER_EXTRA_500G = 5_000;
const COD_RATE = 0.01;
const COD_MINIMUM = 10_000;

/** Total fee in VND (integer): base + weight surcharge + cash-on-delivery fee when `codAmount` > 0. */
export function computeTotalFee(serviceCode: ServiceCode, weightGrams: number, codAmount: number): number {
  const extraSteps = Math.max(0, Math.ceil((weightGrams - 500) / 500));
  const codFee = codAmount > 0 ? Math.max(COD_MINIMUM, Math.round(codAmount * COD_RATE)) : 0;
  return BASE_FEE[serviceCode] + extraSteps * PER_EXTRA_500G + codFee;
}
