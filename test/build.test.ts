import { type ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { separateDatabase, testBackend } from './support/db.js';

/**
 * The compiled server, as `npm start` and the Docker image run it. The one test that runs
 * bin/tenure.js (every other test runs the source, test/support/tenure.ts): it builds src/ afresh with
 * scripts/build-server.mjs into a temporary install laid out like a production one — package.json,
 * bin/, dist/, web/dist/ and a node_modules holding only the packages `npm ci --omit=dev` installs
 * (the lockfile's entries not marked dev) — and starts it there. The build skips type checking
 * (--noCheck): `npm run build` and `npm run typecheck` check types; this test is about the layout.
 */
const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '..');

let install: string;
let env: Record<string, string>;
let server: ChildProcess | undefined;
let cleanup = async () => {};

interface LockEntry {
  dev?: boolean;
}

/** node_modules of a production install: a link to each installed package the lockfile does not mark dev-only. */
function linkProductionPackages(target: string) {
  const lock = JSON.parse(fs.readFileSync(path.join(ROOT, 'package-lock.json'), 'utf8')) as {
    packages: Record<string, LockEntry>;
  };
  const linked: string[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    const name = /^node_modules\/((?:@[^/]+\/)?[^/]+)$/.exec(key)?.[1];
    // Optional packages for other platforms (…-darwin-arm64) are in the lockfile but not installed here.
    if (!name || entry.dev || !fs.existsSync(path.join(ROOT, key))) continue;
    fs.mkdirSync(path.dirname(path.join(target, name)), { recursive: true });
    fs.symlinkSync(path.join(ROOT, key), path.join(target, name), 'dir');
    linked.push(name);
  }
  return linked;
}

/** The packages compiled code imports by name (node: built-ins and relative paths left out). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  const specifiers = [
    /\b(?:import|export)\s*[\w$*{}\s,]*?\s*from\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /^\s*import\s*['"]([^'"]+)['"]/gm,
  ];
  for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!file.endsWith('.js')) continue;
    const code = fs.readFileSync(path.join(dir, file), 'utf8');
    for (const pattern of specifiers) {
      for (const [, specifier] of code.matchAll(pattern)) {
        if (specifier!.startsWith('.') || specifier!.startsWith('node:')) continue;
        names.add(specifier!.startsWith('@') ? specifier!.split('/').slice(0, 2).join('/') : specifier!.split('/')[0]!);
      }
    }
  }
  return names;
}

beforeAll(async () => {
  install = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-build-'));
  await run(
    process.execPath,
    [path.join(ROOT, 'scripts', 'build-server.mjs'), path.join(install, 'dist'), '--noCheck'],
    { cwd: ROOT, timeout: 240_000 },
  );
  fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(install, 'package.json'));
  fs.mkdirSync(path.join(install, 'bin'));
  fs.copyFileSync(path.join(ROOT, 'bin', 'tenure.js'), path.join(install, 'bin', 'tenure.js'));
  // A stand-in for the web build: the compiled server must find web/dist beside dist/.
  fs.mkdirSync(path.join(install, 'web', 'dist'), { recursive: true });
  fs.writeFileSync(
    path.join(install, 'web', 'dist', 'index.html'),
    '<!doctype html><title>compiled-web-marker</title>',
  );
  linkProductionPackages(path.join(install, 'node_modules'));

  env = {
    ...process.env,
    TENURE_DATA_DIR: path.join(install, 'data'),
    TENURE_NOW: '2026-06-15T04:00:00Z',
    TENURE_DEMO: '0',
    LOG_LEVEL: 'silent',
    PORT: '0',
    HOST: '127.0.0.1',
  } as Record<string, string>;
  // Nothing may load TypeScript tooling into the process under test.
  delete env.NODE_OPTIONS;
  delete env.DATABASE_URL;
  if (testBackend === 'postgres') {
    const database = await separateDatabase('tenure_build');
    env.DATABASE_URL = database.url;
    cleanup = database.drop;
  }
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  await cleanup();
  if (install) fs.rmSync(install, { recursive: true, force: true });
});

function start(): Promise<{ stdout: string; url: string }> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    server = spawn(process.execPath, [path.join(install, 'bin', 'tenure.js'), 'start'], {
      cwd: install,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const url = /Tenure is running at (\S+)/.exec(stdout)?.[1];
      if (url && /API docs: /.test(stdout)) resolve({ stdout, url });
    });
    server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    server.once('exit', (code) =>
      reject(new Error(`compiled tenure start exited (${code}) before serving:\n${stdout}\n${stderr}`)),
    );
  });
}

describe('the compiled server', () => {
  it('imports only runtime dependencies: a production install (npm ci --omit=dev) has every one', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    const imported = importedPackages(path.join(install, 'dist'));
    expect(imported).toContain('fastify');
    expect([...imported].filter((name) => !(name in pkg.dependencies)).sort()).toEqual([]);
    expect(fs.readdirSync(path.join(install, 'dist', 'db', 'migrations'))).toContain('checksums.json');
  });

  it('starts from dist/ with production packages only: migrates, serves the API and web/dist', async () => {
    const { url } = await start();
    expect((await (await fetch(`${url}/api/health`)).json()) as unknown).toEqual({ ok: true });
    expect(await (await fetch(`${url}/`)).text()).toContain('compiled-web-marker');
    // Errors speak from the i18n catalogs (JSON imports, emitted into dist/ by tsc).
    const en = JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'i18n', 'en.json'), 'utf8')) as {
      errors: { validation: string };
    };
    const login = await fetch(`${url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': 'en' },
      body: '{}',
    });
    expect(login.status).toBe(400);
    expect(((await login.json()) as { error: { message: string } }).error.message).toContain(en.errors.validation);

    const exited = new Promise((resolve) => server!.once('exit', resolve));
    server!.kill('SIGTERM');
    await exited;

    // Every migration in the source ran from dist/db/migrations.
    const latest = fs
      .readdirSync(path.join(ROOT, 'src', 'db', 'migrations'))
      .filter((f) => /^\d{4}_.+\.sql$/.test(f))
      .sort()
      .at(-1)!
      .replace(/\.sql$/, '');
    const { stdout } = await run(process.execPath, [path.join(install, 'bin', 'tenure.js'), 'migrate', '--json'], {
      cwd: install,
      env,
      timeout: 60_000,
    });
    expect(JSON.parse(stdout)).toEqual({ applied: [], current: latest });
  }, 240_000);

  it('says how to build when dist/ is missing', async () => {
    const bare = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-unbuilt-'));
    try {
      fs.mkdirSync(path.join(bare, 'bin'));
      fs.copyFileSync(path.join(ROOT, 'bin', 'tenure.js'), path.join(bare, 'bin', 'tenure.js'));
      fs.copyFileSync(path.join(ROOT, 'package.json'), path.join(bare, 'package.json'));
      const failed = await run(process.execPath, [path.join(bare, 'bin', 'tenure.js'), 'start'], { env }).catch(
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('npm run build') });
    } finally {
      fs.rmSync(bare, { recursive: true, force: true });
    }
  });
});
