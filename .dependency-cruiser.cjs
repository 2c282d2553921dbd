/**
 * Module boundaries (docs/ARCHITECTURE.md, "Data ownership"), checked by `npm run lint:deps`
 * (scripts/lint-deps.mjs) and by test/dependencies.test.ts, which `npm test` (and so CI) runs.
 *
 * A module is a folder under src/modules. Its public surface — what other modules may import — is:
 *   <name>.service.ts   a service (its factory and types); a module may have several
 *   <name>.types.ts     types it shares
 *   <name>.module.ts    its manifest (for the composition roots)
 *   <name>.read.ts      a read model it publishes: query fragments or facts other modules compose
 *   index.ts
 * plus two files named below. Repositories, routes, SQL and other files are its internals.
 *
 * Violations that existed when the rules came in are listed in .dependency-cruiser-known-violations.json;
 * scripts/lint-deps.mjs fails on a new one and on a fixed one still listed (regenerate the list with
 * `npm run lint:deps:baseline` only to drop fixed ones, and lower its KNOWN_COUNT).
 */
const SURFACE = [
  '\\.(service|types|module|read)\\.ts$',
  '/index\\.ts$',
  // The Actor every service takes to audit who did what.
  '^src/modules/audit/actor\\.ts$',
  // The mail module is its mailer.
  '^src/modules/mail/mailer\\.ts$',
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'module-internals',
      severity: 'error',
      comment:
        'A module imports another module only through its public surface (service, types, manifest, read model), never its repository, routes or other internals.',
      from: { path: '^src/modules/([^/]+)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^src/modules/[^/]+/', pathNot: ['^src/modules/$1/', ...SURFACE] },
    },
    {
      name: 'web-imports-only-shared',
      severity: 'error',
      comment: 'The web app imports no server code except src/shared (the contract both sides use).',
      from: { path: '^web/' },
      to: { path: '^(src|bin|bench|test)/', pathNot: '^src/shared/' },
    },
    {
      name: 'shared-imports-nothing-of-the-server',
      severity: 'error',
      comment:
        'src/shared is used by the server and the browser: it imports only itself and packages, never modules or other server code.',
      from: { path: '^src/shared/' },
      to: { path: '^(src|web|bin|bench|test)/', pathNot: '^src/shared/' },
    },
    {
      name: 'large-libraries-load-on-use',
      severity: 'error',
      comment:
        'Libraries of megabytes that only some requests, jobs or commands use (spreadsheets, decks, PDFs, connector and messaging SDKs, demo names) are imported where they are used (`await import(…)`), not at start: loaded by every process they would hold ~40 MB of its heap, which each full garbage collection marks again while requests wait (docs/performance.md).',
      // The demo's names (faker) come in with the demo generator, itself loaded on use (next rule).
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '\\.fixtures\\.ts$', '^src/demo/people\\.ts$'] },
      to: {
        path: 'node_modules/(exceljs|pptxgenjs|playwright-core|@faker-js/faker|jsforce|@hubspot/api-client|node-zendesk|twilio|stripe|mailparser)/',
        dependencyTypesNot: ['dynamic-import', 'type-only', 'type-import'],
      },
    },
    {
      name: 'demo-generator-loads-on-use',
      severity: 'error',
      comment:
        'The demo generator (src/demo/plan.ts and the names it draws, people.ts) is imported where a demo is built (src/demo/load.ts: `await import`), so a start without one never loads it.',
      from: { path: '^src/', pathNot: ['\\.test\\.ts$', '^src/demo/plan\\.ts$'] },
      to: { path: '^src/demo/(plan|people)\\.ts$', dependencyTypesNot: ['dynamic-import', 'type-only', 'type-import'] },
    },
    {
      name: 'no-cycles-between-modules',
      severity: 'error',
      comment:
        'No import cycle between module folders: module A imports B and B (directly or through other modules) imports A. Cycles inside one module, and paths through the composition roots (src/services.ts, src/jobs/registry.ts, src/modules/index.ts), are not cycles between modules.',
      scope: 'folder',
      from: { path: '^src/modules/[^/]+$' },
      to: { path: '^src/modules/[^/]+$', circular: true, viaOnly: { path: '^src/modules/[^/]+$' } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests may reach into what they test; the rules are about the product code.
    exclude: { path: ['^web/dist/', '^src/.*\\.test\\.ts$'] },
    // `import type` counts: a type-only import of another module's internals is still coupling.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.depcruise.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
    },
    skipAnalysisNotInRules: true,
  },
};
