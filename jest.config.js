/**
 * Three tiers (STYLE.md): unit specs beside the code (no I/O), integration specs beside the code named
 * `*.int-spec.ts` (real RabbitMQ / PostgreSQL / SQLite), end-to-end suites in `test/e2e`. A unit spec whose
 * subject spans apps (the property test of derived identifiers) lives in `test/` as `*.spec.ts`.
 */
const moduleNameMapper = {
  '^@lienthong/(contracts|messaging|persistence|config|runtime)$': '<rootDir>/libs/$1/src',
  '^@lienthong/(contracts|messaging|persistence|config|runtime)/(.*)$': '<rootDir>/libs/$1/src/$2',
};
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json', diagnostics: false }] };
const common = { moduleFileExtensions: ['ts', 'js', 'json'], rootDir: '.', testEnvironment: 'node', transform, moduleNameMapper };
module.exports = {
  testTimeout: 60000,
  globalSetup: '<rootDir>/test/global-setup.ts',
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,scripts,bench,test}/**/*.spec.ts'] },
    { ...common, displayName: 'integration', testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'], testTimeout: 120000 },
    { ...common, displayName: 'e2e', testMatch: ['<rootDir>/test/e2e/**/*.e2e-spec.ts'], testTimeout: 300000 },
  ],
};
