#!/usr/bin/env node
// Builds the Dockerfile's image and runs it the two ways the README and docs/deploy.md give, checking what
// an operator relies on:
//   1. the image: production packages only, no sources, runs as the unprivileged node user;
//   2. one container on its embedded database with the demo company: the UI and the API answer, a second
//      container on the same volume finds the data, and SIGTERM stops it cleanly;
//   3. docker-compose.yml (an app process, a worker, PostgreSQL): an import sent to the app waits while the
//      worker is stopped (the app runs no jobs) and is done once the worker is back; two workers start
//      side by side; every process stops cleanly.
// Needs a Docker engine and docker compose (the v2 plugin, or docker-compose v1). Where Docker Hub cannot be
// reached, the two base images are stand-ins built from Debian's packages and this machine's Node.js
// (scripts/docker-offline/); the check says so. `npm run check:docker`; host port 3000 must be free.
// `npm run check:docker -- --no-build` checks the image the last run built (while changing this script).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const offlineDir = path.join(root, 'scripts/docker-offline');
const IMAGE = 'tenure'; // docker-compose.yml's image name
const NODE_IMAGE = 'node:20-bookworm-slim';
const POSTGRES_IMAGE = 'postgres:16';
const PROJECT = 'tenure-check';
const EMBEDDED = 'tenure-check-embedded';
const VOLUME = 'tenure-check-data';
const DEMO = { email: 'admin@tenure.demo', password: 'tenure-demo' };
// Hosts this machine pins in /etc/hosts (a registry mirror): containers get the same addresses to build.
const REGISTRY_HOSTS = ['registry.npmjs.org', 'deb.debian.org'];

function run(command, args, { input, quiet = true, allowFailure = false, env } = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    input,
    encoding: 'utf8',
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
    stdio: [input === undefined ? 'ignore' : 'pipe', quiet ? 'pipe' : 'inherit', quiet ? 'pipe' : 'inherit'],
  });
  if (result.error) throw new Error(`${command} could not run: ${result.error.message}`);
  if (result.status !== 0 && !allowFailure) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`${command} ${args.join(' ')} exited with ${result.status}${output ? `:\n${output}` : ''}`);
  }
  return { ok: result.status === 0, out: (result.stdout ?? '').trim() };
}
const docker = (...args) => run('docker', args);

function composeCommand() {
  if (run('docker', ['compose', 'version'], { allowFailure: true }).ok) return ['docker', 'compose'];
  if (run('docker-compose', ['version'], { allowFailure: true }).ok) return ['docker-compose'];
  throw new Error('docker compose is not installed (the v2 plugin, or docker-compose v1)');
}

function assert(condition, message) {
  if (!condition) throw new Error(message);
}

/** Polls fn until it returns a truthy value, or fails naming what it waited for. */
async function waitFor(what, seconds, fn) {
  const until = Date.now() + seconds * 1000;
  let last;
  while (Date.now() < until) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  throw new Error(`gave up after ${seconds} s waiting for ${what}${last ? ` (last: ${last.message})` : ''}`);
}

const steps = [];
async function step(name, fn) {
  const started = Date.now();
  process.stdout.write(`▶ ${name}\n`);
  const result = await fn();
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  steps.push([name, seconds]);
  process.stdout.write(`✓ ${name} (${seconds} s)\n`);
  return result;
}

function pinnedHosts() {
  const lines = fs.readFileSync('/etc/hosts', 'utf8').split('\n');
  const args = [];
  for (const host of REGISTRY_HOSTS) {
    const line = lines.find((l) => !l.trim().startsWith('#') && l.split(/\s+/).slice(1).includes(host));
    if (line) args.push('--add-host', `${host}:${line.trim().split(/\s+/)[0]}`);
  }
  return args;
}

const imageExists = (name) => run('docker', ['image', 'inspect', name], { allowFailure: true }).ok;

/** Stand-ins for the two Docker Hub images, from Debian's packages (debootstrap) and this machine's Node.js. */
function buildOfflineBases(hostArgs) {
  const debian = 'tenure-offline/debian:bookworm';
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-docker-'));
  try {
    if (!imageExists(debian)) {
      const rootfs = path.join(work, 'rootfs');
      run('debootstrap', ['--variant=minbase', '--include=ca-certificates', 'bookworm', rootfs]);
      const tar = spawnSync('tar', ['-C', rootfs, '-c', '.'], { maxBuffer: 1024 * 1024 * 1024 });
      assert(tar.status === 0, 'could not pack the Debian root file system');
      run('docker', ['import', '-', debian], { input: tar.stdout });
    }
    const nodeContext = path.join(work, 'node');
    fs.mkdirSync(nodeContext);
    fs.copyFileSync(process.execPath, path.join(nodeContext, 'node'));
    const npmRoot = run('npm', ['root', '-g']).out;
    fs.cpSync(path.join(npmRoot, 'npm'), path.join(nodeContext, 'npm'), { recursive: true });
    // The machine's CA bundle: its registry mirror's certificate is signed by a local authority.
    fs.copyFileSync('/etc/ssl/certs/ca-certificates.crt', path.join(nodeContext, 'ca-certificates.crt'));
    docker('build', '-q', '-t', 'tenure-offline/node:20', '-f', path.join(offlineDir, 'node.Dockerfile'), nodeContext);
    docker(
      'build',
      '-q',
      '-t',
      'tenure-offline/postgres:15',
      ...hostArgs,
      '-f',
      path.join(offlineDir, 'postgres.Dockerfile'),
      offlineDir,
    );
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return { node: 'tenure-offline/node:20', postgres: 'tenure-offline/postgres:15' };
}

/**
 * fetch with a deadline. A request to a published port whose container does not listen yet hangs, and
 * Node's fetch keeps no reference on it: without a timer of our own the process would just end.
 */
async function request(url, init = {}, seconds = 30) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error(`no answer from ${url} in ${seconds} s`)), seconds * 1000);
  try {
    return await fetch(url, { ...init, signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

async function http(base, pathname, { method = 'GET', cookie, csrf, body, form } = {}) {
  const headers = {};
  if (cookie) headers.cookie = cookie;
  if (csrf) headers['x-csrf-token'] = csrf;
  if (body) headers['content-type'] = 'application/json';
  return request(`${base}${pathname}`, { method, headers, body: form ?? (body ? JSON.stringify(body) : undefined) });
}

async function signIn(base) {
  const response = await http(base, '/api/auth/login', { method: 'POST', body: DEMO });
  assert(response.status === 200, `sign-in as ${DEMO.email} answered ${response.status}`);
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const { csrfToken } = await response.json();
  return { cookie, csrf: csrfToken };
}

async function accountTotal(base, session) {
  const response = await http(base, '/api/accounts?pageSize=1', session);
  assert(response.status === 200, `GET /api/accounts answered ${response.status}`);
  return (await response.json()).total;
}

const ready = (base) => async () => (await request(`${base}/readyz`, {}, 5)).status === 200;

/** The address of a container published on a free loopback port ("127.0.0.1:49153"). */
const hostPort = (container) => `http://${docker('port', container, '3000/tcp').out.split('\n')[0]}`;

function assertExitedCleanly(container, what) {
  const code = docker('inspect', '-f', '{{.State.ExitCode}}', container).out;
  assert(code === '0', `${what} exited with ${code} on SIGTERM (expected 0)`);
}

function stopCleanly(container, what) {
  const started = Date.now();
  docker('stop', '-t', '30', container);
  assertExitedCleanly(container, what);
  const seconds = (Date.now() - started) / 1000;
  assert(seconds < 30, `${what} took ${seconds.toFixed(0)} s to stop (Docker kills at 30)`);
}

async function checkEmbedded() {
  await step('one container on the embedded database, demo company', async () => {
    docker('volume', 'rm', '-f', VOLUME);
    docker('run', '-d', '--name', EMBEDDED, '-p', '127.0.0.1::3000', '-v', `${VOLUME}:/data`, IMAGE);
    const base = hostPort(EMBEDDED);
    await waitFor(`${base}/readyz`, 600, ready(base));
    const page = await (await request(`${base}/`)).text();
    assert(page.includes('<div id="root">'), 'GET / is not the web UI');
    const total = await accountTotal(base, await signIn(base));
    assert(total > 0, 'the demo company has no accounts');
    stopCleanly(EMBEDDED, 'the container');
    docker('rm', EMBEDDED);

    docker('run', '-d', '--name', EMBEDDED, '-p', '127.0.0.1::3000', '-v', `${VOLUME}:/data`, IMAGE);
    const again = hostPort(EMBEDDED);
    await waitFor(`${again}/readyz after a restart`, 300, ready(again));
    const after = await accountTotal(again, await signIn(again));
    assert(after === total, `the volume kept ${after} accounts of ${total}`);
    stopCleanly(EMBEDDED, 'the restarted container');
  });
}

async function checkCompose(compose, bases) {
  const override = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenure-compose-')), 'check.yml');
  // The demo company gives the check a user to sign in with; offline, the PostgreSQL stand-in.
  const postgres = bases.postgres === POSTGRES_IMAGE ? '' : `  postgres:\n    image: ${bases.postgres}\n`;
  fs.writeFileSync(override, `services:\n  app:\n    environment:\n      TENURE_DEMO: "1"\n${postgres}`);
  const c = (...args) =>
    run(compose[0], [...compose.slice(1), '-p', PROJECT, '-f', 'docker-compose.yml', '-f', override, ...args]);
  const containerOf = (service) => c('ps', '-q', service).out.split('\n').filter(Boolean);
  const base = 'http://127.0.0.1:3000';
  try {
    await step('docker-compose.yml: app, worker and PostgreSQL start; the app answers', async () => {
      c('up', '-d', '--no-build');
      await waitFor(`${base}/readyz`, 600, ready(base));
    });
    await step('an import sent to the app is run by the worker, not the app', async () => {
      const session = await signIn(base);
      c('stop', 'worker');
      const form = new FormData();
      const csv = 'external_id,name\nDOCKER-CHECK-1,Docker check one\nDOCKER-CHECK-2,Docker check two\n';
      form.append('file', new Blob([csv]), 'accounts.csv');
      const sent = await http(base, '/api/imports/accounts', { method: 'POST', form, ...session });
      assert(sent.status === 202, `POST /api/imports/accounts answered ${sent.status}`);
      const { id } = await sent.json();
      const state = async () => (await (await http(base, `/api/imports/${id}`, session)).json()).state;
      // The app could run it within a second or two were it running jobs; five seconds is plenty to tell.
      const until = Date.now() + 5000;
      while (Date.now() < until) {
        assert((await state()) === 'running', 'the import finished with no worker running: the app ran a job');
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      c('start', 'worker');
      await waitFor('the worker to finish the import', 300, async () => {
        const job = await (await http(base, `/api/imports/${id}`, session)).json();
        assert(job.state !== 'failed', `the import failed: ${job.error}`);
        return job.state === 'done' && job.imported === 2;
      });
    });
    await step('two workers share the queue (--scale worker=2)', async () => {
      c('up', '-d', '--no-build', '--scale', 'worker=2');
      const workers = containerOf('worker');
      assert(workers.length === 2, `${workers.length} worker containers, expected 2`);
      await waitFor('both workers healthy', 300, async () =>
        workers.every((id) => docker('inspect', '-f', '{{.State.Health.Status}}', id).out === 'healthy'),
      );
    });
    await step('every process stops cleanly on SIGTERM', async () => {
      const processes = [...containerOf('app'), ...containerOf('worker')];
      c('stop', '-t', '30');
      for (const id of processes) assertExitedCleanly(id, docker('inspect', '-f', '{{.Name}}', id).out);
    });
  } finally {
    c('down', '-v', '--remove-orphans');
    fs.rmSync(path.dirname(override), { recursive: true, force: true });
  }
}

async function main() {
  assert(docker('info', '--format', '{{.ServerVersion}}').out, 'no Docker engine answers');
  // Without the buildx plugin, newer clients build only with the classic builder, and only when asked to.
  if (!run('docker', ['buildx', 'version'], { allowFailure: true }).ok) process.env.DOCKER_BUILDKIT = '0';
  const portTaken = await request('http://127.0.0.1:3000/', {}, 5).then(
    () => true,
    () => false,
  );
  assert(!portTaken, 'port 3000 is taken: docker-compose.yml publishes the app there');
  const compose = composeCommand();
  const hostArgs = pinnedHosts();
  const bases = await step('base images', async () => {
    const online =
      run('docker', ['pull', NODE_IMAGE], { allowFailure: true }).ok &&
      run('docker', ['pull', POSTGRES_IMAGE], { allowFailure: true }).ok;
    if (online) return { node: NODE_IMAGE, postgres: POSTGRES_IMAGE };
    process.stdout.write(
      '  Docker Hub is out of reach: building stand-ins from Debian packages (scripts/docker-offline/)\n',
    );
    return buildOfflineBases(hostArgs);
  });
  if (process.argv.includes('--no-build')) {
    assert(imageExists(IMAGE), `--no-build, but there is no ${IMAGE} image yet`);
    process.stdout.write(`  --no-build: checking the ${IMAGE} image the last run built\n`);
  } else
    await step(`docker build -t ${IMAGE} . (FROM ${bases.node})`, async () => {
      run('docker', ['build', '-t', IMAGE, '--build-arg', `NODE_IMAGE=${bases.node}`, ...hostArgs, '.'], {
        quiet: false,
      });
    });
  await step('the image holds the build output and production packages only', async () => {
    const probe = [
      'test "$(id -un)" = node',
      'test -f dist/cli.js && test -f web/dist/index.html',
      'test ! -e src && test ! -e test',
      'for p in fastify kysely pg pg-boss; do test -d node_modules/$p || { echo "missing $p"; exit 1; }; done',
      'for p in typescript vite react antd echarts vitest tsx; do test ! -e node_modules/$p || { echo "dev package $p"; exit 1; }; done',
    ].join(' && ');
    docker('run', '--rm', '--entrypoint', 'sh', IMAGE, '-c', probe);
    const bytes = Number(docker('image', 'inspect', '-f', '{{.Size}}', IMAGE).out);
    process.stdout.write(`  image size: ${(bytes / 1e6).toFixed(0)} MB\n`);
  });
  try {
    await checkEmbedded();
  } finally {
    run('docker', ['rm', '-f', EMBEDDED], { allowFailure: true });
    run('docker', ['volume', 'rm', '-f', VOLUME], { allowFailure: true });
  }
  await checkCompose(compose, bases);
  process.stdout.write(
    `\nDocker check passed (${bases.node === NODE_IMAGE ? 'Docker Hub bases' : 'offline stand-in bases'}):\n`,
  );
  for (const [name, seconds] of steps) process.stdout.write(`  ${seconds.padStart(4)} s  ${name}\n`);
}

main().catch((error) => {
  process.stderr.write(`\n✗ Docker check failed: ${error.message}\n`);
  process.exit(1);
});
