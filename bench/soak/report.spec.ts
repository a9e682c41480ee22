import { spans } from './report';
import { toCsv } from './sampler';

describe('soak report', () => {
  it('judges RSS after warm-up, and the tables only once their retention and two pruning rounds have passed', () => {
    // 60 s retention (the soak's default): pruned every 15 s, judged from 90 s.
    expect(spans(5, 1005, 0.2)).toEqual({ span: { fromS: 205, toS: 1005 }, tableSpan: { fromS: 205, toS: 1005 } });
    expect(spans(5, 105, 0.2)).toEqual({ span: { fromS: 25, toS: 105 }, tableSpan: { fromS: 95, toS: 105 } });
  });

  it('writes samples as CSV with a header', () => {
    expect(
      toCsv([
        { t: 1, process: 'orchestrator', rssMiB: 120.5, fds: 31 },
        { t: 2, process: 'orchestrator', rssMiB: 121, fds: 31 },
      ]),
    ).toBe('t,process,rssMiB,fds\n1,orchestrator,120.5,31\n2,orchestrator,121,31\n');
    expect(toCsv([])).toBe('');
  });
});
