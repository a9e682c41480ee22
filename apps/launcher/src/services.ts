import { type EnvSource, LAUNCHER_ENV, SHARED_ENV, processEnv } from '@lienthong/config';

/** One process the launcher runs. */
export interface ServiceSpec {
  readonly name: string;
  /** Path of the compiled entry point, relative to the repository root. */
  readonly entry: string;
  /** Simulators are left out by `--bus-only` (a real deployment). */
  readonly simulator: boolean;
  readonly env: Readonly<Record<string, string>>;
  /** Where its health endpoint answers, for the summary. */
  readonly healthUrl?: string;
}

/** Everything `npm start` runs, with the ports each process uses by default. */
export function services(env: EnvSource = processEnv()): ServiceSpec[] {
  const httpPort = LAUNCHER_ENV.HTTP_PORT.read(env);
  return [
    { name: 'sim-ioffice', entry: 'dist/apps/sim-ioffice/src/main.js', simulator: true, env: {}, healthUrl: undefined },
    { name: 'sim-postal', entry: 'dist/apps/sim-postal/src/main.js', simulator: true, env: {}, healthUrl: undefined },
    { name: 'sim-onestop', entry: 'dist/apps/sim-onestop/src/main.js', simulator: true, env: {} },
    {
      name: 'orchestrator',
      entry: 'dist/apps/orchestrator/src/main.js',
      simulator: false,
      env: { HTTP_PORT: String(httpPort + 1) },
      healthUrl: `http://127.0.0.1:${httpPort + 1}/health/ready`,
    },
    {
      name: 'ioffice-adapter',
      entry: 'dist/apps/ioffice-adapter/src/main.js',
      simulator: false,
      // The orchestrator's blobs (drafts, manifests) are fetched with the service token, sent to this origin only.
      env: {
        HTTP_PORT: String(httpPort + 2),
        ORCHESTRATOR_URL: SHARED_ENV.ORCHESTRATOR_URL.given(env) ?? `http://127.0.0.1:${httpPort + 1}`,
      },
      healthUrl: `http://127.0.0.1:${httpPort + 2}/health/ready`,
    },
    {
      // Reached from outside through the console, which forwards POST <bus>/postal/webhook to it byte for byte.
      name: 'postal-adapter',
      entry: 'dist/apps/postal-adapter/src/main.js',
      simulator: false,
      env: { HTTP_PORT: String(httpPort + 3) },
      healthUrl: `http://127.0.0.1:${httpPort + 3}/health/ready`,
    },
    {
      // The bus's public HTTP side on HTTP_PORT: the dashboard, and the postal webhook it forwards.
      name: 'console',
      entry: 'dist/apps/console/src/main.js',
      simulator: false,
      env: {
        HTTP_PORT: String(httpPort),
        POSTAL_ADAPTER_URL: SHARED_ENV.POSTAL_ADAPTER_URL.given(env) ?? `http://127.0.0.1:${httpPort + 3}`,
      },
      healthUrl: `http://127.0.0.1:${httpPort}/health/ready`,
    },
  ];
}
