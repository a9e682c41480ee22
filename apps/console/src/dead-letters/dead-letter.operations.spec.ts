import { sampleDossierReceived } from '@lienthong/contracts';
import { problemsOf } from './dead-letter.operations';

describe('problemsOf (an edited dead-letter body against its contract)', () => {
  it('accepts a valid body and names the fields of an invalid one', () => {
    expect(problemsOf('onestop.dossier.received', JSON.stringify(sampleDossierReceived()))).toEqual([]);
    expect(problemsOf('onestop.dossier.received', JSON.stringify({ ...sampleDossierReceived(), receivedAt: 'hôm qua' }))).toEqual([
      { field: 'receivedAt', problem: expect.stringContaining('ISO 8601') },
    ]);
  });

  it('refuses text that is not JSON, and types outside the contract', () => {
    expect(problemsOf('onestop.dossier.received', '{"a":')).toEqual([
      { field: 'body', problem: expect.stringContaining('not valid JSON') },
    ]);
    expect(problemsOf('ioffice.package', '{}')).toEqual([
      { field: 'type', problem: expect.stringContaining('not a message of contract v1') },
    ]);
  });
});
