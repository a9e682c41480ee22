/**
 * Architecture rules checked in `npm test` (STYLE.md "The shape"):
 * apps never import other apps; libs never import apps; libs/contracts imports nothing from Nest
 * (outside teams may vendor it); simulators import no adapter code (they are independent readings of the contracts);
 * what the bus services and the console load at run time needs production dependencies only.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-app-to-app',
      comment: 'Apps are deployable processes; what they share belongs in libs/.',
      severity: 'error',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/([^/]+)/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-lib-to-app',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'contracts-are-framework-free',
      comment: 'libs/contracts is vendorable: class-validator/class-transformer only, no Nest, no other libs.',
      severity: 'error',
      from: { path: '^libs/contracts/' },
      to: { path: ['^node_modules/@nestjs', '^libs/(?!contracts/)'] },
    },
    {
      name: 'no-dev-dependency-at-run-time',
      comment:
        'The bus services, the console and the launcher run with production dependencies only (`npm ci --omit=dev`, ' +
        '`npm run start:bus`): devDependencies (node-forge, playwright-core...) are for the simulators and tests. ' +
        'Test support under testing/ is not loaded at run time.',
      severity: 'error',
      from: { path: '^(apps/(?!sim-)[^/]+|libs)/', pathNot: '/testing/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'node-forge-only-in-simulators',
      comment:
        "node-forge makes the simulators' test certificates; the bus verifies signatures with node:crypto and xml-crypto. " +
        'Checked on everything the entry points of the bus services, the console, its CLI and the launcher load.',
      severity: 'error',
      from: { path: '^apps/(orchestrator|ioffice-adapter|postal-adapter|console|launcher)/src/(main|cli)\\.ts$' },
      to: { path: 'node_modules/node-forge/', reachable: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['\\.spec\\.ts$', '\\.int-spec\\.ts$', '^dist/'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
  },
};
