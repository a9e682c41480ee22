import { LAUNCHER_SCHEMA, declareReads } from '@lienthong/config';
import { ServiceAuth } from '@lienthong/runtime';
import { services } from './services';

/**
 * The launcher declares LAUNCHER_SCHEMA at start-up; what it calls in the libraries must read nothing else (a read
 * outside it is CONFIG.UNDECLARED and would stop `npm start` or the demo half-way).
 */
describe('the launcher reads only its schema', () => {
  beforeAll(() => declareReads(LAUNCHER_SCHEMA));
  afterAll(() => declareReads(undefined));

  it('to place the services on their ports and to call the orchestrator during the demo', () => {
    expect(services().map((s) => s.name)).toEqual([
      'sim-ioffice',
      'sim-postal',
      'sim-onestop',
      'orchestrator',
      'ioffice-adapter',
      'postal-adapter',
      'console',
    ]);
    expect(ServiceAuth.callerHeaders().authorization).toMatch(/^Bearer \S{32,}$/);
    // A service's own reading of the tokens needs METRICS_TOKEN and BLOB_TOKEN, which the launcher does not declare.
    expect(() => ServiceAuth.fromEnv()).toThrow(expect.objectContaining({ code: 'CONFIG.UNDECLARED' }));
  });

  it('places the services from HTTP_PORT, and refuses a port that is not one', () => {
    const spec = services({ HTTP_PORT: '4000' });
    expect(spec.find((s) => s.name === 'orchestrator')?.env).toEqual({ HTTP_PORT: '4001' });
    expect(spec.find((s) => s.name === 'console')?.env).toEqual({ HTTP_PORT: '4000', POSTAL_ADAPTER_URL: 'http://127.0.0.1:4003' });
    expect(() => services({ HTTP_PORT: '30OO' })).toThrow(/^HTTP_PORT must be an integer from 0 to 65535/);
  });
});
