/**
 * Architecture rules checked in `npm test` (STYLE.md "The shape"):
 * apps never import other apps; libs never import apps; libs/contracts imports nothing from Nest
 * (outside teams may vendor it); simulators import no adapter code (they are independent readings of the contracts).
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
