#!/usr/bin/env node
// The `tenure` command and `npm start`: runs the compiled server and CLI in dist/ — plain
// JavaScript, no TypeScript tooling at run time. `npm run build` makes dist/ (and web/dist/);
// `npm install` runs it through the prepare script. `npm run dev` runs the source instead.
// Tests never run this file against a dist/ that may be stale: they run src/cli.ts through tsx
// (test/support/tenure.ts), and test/build.test.ts builds dist/ afresh and runs this file on it.
import fs from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!fs.existsSync(cli)) {
  console.error('Tenure is not built yet (no dist/cli.js): run `npm run build` — `npm install` does it too.');
  process.exit(1);
}
// Stack traces name the TypeScript source lines (dist/ carries source maps).
process.setSourceMapsEnabled(true);
await import(cli.href);
