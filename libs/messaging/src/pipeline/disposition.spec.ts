import { ContractViolation, PermanentFailure, TransientFailure } from '../errors';
import { dispositionFor } from './disposition';

describe('the disposition table', () => {
  const levels = 3;
  it.each([
    ['a contract violation, first try', new ContractViolation([{ field: 'dueAt', problem: 'must be after receivedAt' }]), 1, 'reject'],
    ['a contract violation, even with retries left', new ContractViolation([{ field: 'x', problem: 'y' }]), 2, 'reject'],
    ['a permanent failure', new PermanentFailure('BUG', 'bad'), 1, 'dead-letter'],
    ['a transient failure with retries left', new TransientFailure('IOFFICE.BUSY', 'busy'), 1, 'retry'],
    ['a transient failure on the last retry', new TransientFailure('IOFFICE.BUSY', 'busy'), 3, 'retry'],
    ['a transient failure with retries exhausted', new TransientFailure('IOFFICE.BUSY', 'busy'), 4, 'dead-letter'],
    ['an unknown error with retries left', new Error('boom'), 2, 'retry'],
    ['an unknown error with retries exhausted', new Error('boom'), 4, 'dead-letter'],
    ['a thrown string', 'boom', 1, 'retry'],
  ])('%s → %s', (_label, error, attempt, kind) => {
    expect(dispositionFor(error, attempt as number, levels).kind).toBe(kind);
  });

  it('retries at the level of the attempt, so the delay grows', () => {
    expect(dispositionFor(new Error('x'), 1, levels)).toMatchObject({ kind: 'retry', level: 0 });
    expect(dispositionFor(new Error('x'), 3, levels)).toMatchObject({ kind: 'retry', level: 2 });
  });

  it('keeps the reasons of a rejection and explains an exhausted retry', () => {
    const reasons = [{ field: 'applicant.idNumber', problem: 'must be a 12-digit CCCD number' }];
    expect(dispositionFor(new ContractViolation(reasons), 1, levels)).toEqual({ kind: 'reject', code: 'CONTRACT.INVALID_FIELD', reasons });
    const exhausted = dispositionFor(new TransientFailure('IOFFICE.BUSY', 'iOffice is busy'), 4, levels);
    expect(exhausted).toMatchObject({ kind: 'dead-letter', code: 'BUS.RETRIES_EXHAUSTED' });
    expect(exhausted.kind === 'dead-letter' && exhausted.reasons[0].problem).toContain(
      'failed 4 times; last error: IOFFICE.BUSY: iOffice is busy',
    );
  });
});
