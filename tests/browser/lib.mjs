// The harness of the browser tests (run.mjs): settings from the environment, the pass/fail
// record, the jobbvei command and its servers, cleanup on every way out, and the browser
// helpers the scenario files share. Nothing here checks the app; the scenario files do.

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const started = Date.now();
export const here = path.dirname(fileURLToPath(import.meta.url));
export const repoRoot = path.resolve(here, '..', '..');
export const BIN = path.resolve(process.env.JOBBVEI_BIN || path.join(here, '..', '..', 'target', 'debug', 'jobbvei'));
export const CHROMIUM = process.env.JOBBVEI_CHROMIUM || '/usr/bin/chromium';
export const SHOTS = process.env.JOBBVEI_SCREENSHOTS
  ? path.resolve(repoRoot, process.env.JOBBVEI_SCREENSHOTS)
  : null;
// A guard against a hung run, not a speed test: a clean run takes about 235 s on a 2-core
// machine, and one sharing the cores with another build took over 360 s and was stopped.
export const TIMEOUT_S = Number(process.env.JOBBVEI_BROWSER_TIMEOUT || 720);
// With a PostgreSQL server URL here, the fixture's data lives in a fresh database on that server
// (made and dropped with psql) instead of a SQLite file, so the scenarios run on that engine.
export const PG_SERVER = process.env.JOBBVEI_BROWSER_PG || null;
export const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
export const DESKTOP = { width: 1280, height: 800 };
export const MOBILE = { width: 360, height: 740 };

// ---------------------------------------------------------------- results

let passed = 0;
const failures = [];
export function ok(name) {
  passed += 1;
  console.log(`ok   - ${name}`);
}
export function fail(name, detail) {
  failures.push(name);
  console.log(`FAIL - ${name}${detail ? `\n       ${String(detail).replace(/\n/g, '\n       ')}` : ''}`);
}
export function check(name, cond, detail) {
  if (cond) ok(name);
  else fail(name, detail);
  return Boolean(cond);
}
export function note(text) {
  console.log(`       ${text}`);
}
/** Runs one scenario; an exception fails it with its message and the run goes on. */
export async function scenario(title, fn) {
  console.log(`\n# ${title}`);
  try {
    await fn();
  } catch (e) {
    fail(`${title}: stopped by an error`, e && e.stack ? e.stack.split('\n').slice(0, 12).join('\n') : e);
  }
}

// ---------------------------------------------------------------- cleanup

const servers = [];
const tempDirs = [];
/** Data folder → the PostgreSQL database URL its commands use. */
const dbUrls = new Map();
const pgDatabases = [];
let browser = null;
let cleaning = null;

/** Stops the browser and the servers and removes the temp folders; every caller waits for the same run. */
export function cleanup() {
  cleaning ??= doCleanup();
  return cleaning;
}

async function doCleanup() {
  if (browser) {
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  }
  await Promise.all(servers.map(stopServer));
  for (const name of pgDatabases) {
    try {
      execFileSync('psql', [PG_SERVER, '-qAtc', `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`], { stdio: 'ignore' });
    } catch {
      // a leftover database is no test failure; name it so an operator can drop it
      console.log(`note: could not drop the PostgreSQL database ${name}`);
    }
  }
  for (const d of tempDirs) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      // a leftover temp folder is not a test failure
    }
  }
}

function stopServer(s) {
  return new Promise((resolve) => {
    if (s.child.exitCode !== null || s.child.signalCode !== null) return resolve();
    const hard = setTimeout(() => s.child.kill('SIGKILL'), 3000);
    s.child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    s.child.kill('SIGTERM');
  });
}

// Last resort if node itself is leaving: no server outlives the run.
process.on('exit', () => {
  for (const s of servers) {
    if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
  }
});
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    console.log(`\nstopped by ${sig}`);
    await cleanup();
    process.exit(1);
  });
}
let timedOut = false;
let watchdog = null;

function summary() {
  console.log(`\ntook ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`browser: ${passed} passed, ${failures.length} failed`);
}

/** Bounds the whole run: after TIMEOUT_S seconds everything is stopped and the run fails. */
export function startWatchdog() {
  watchdog = setTimeout(async () => {
    timedOut = true;
    console.log('');
    fail(`the browser run took longer than ${TIMEOUT_S} s and was stopped`);
    for (const s of servers) printServerLog(s);
    await cleanup();
    console.log(`\nfailed checks:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    summary();
    process.exit(1);
  }, TIMEOUT_S * 1000);
}

/** Runs `main`, reports, cleans up and exits: status 1 on any failed check. */
export async function finish(main) {
  let code = 0;
  try {
    await main();
  } catch (e) {
    fail('setup', e && e.stack ? e.stack : e);
  }
  // After the watchdog fired, it alone reports and exits.
  if (timedOut) await new Promise(() => {});
  if (failures.length) {
    code = 1;
    for (const s of servers) printServerLog(s);
    console.log(`\nfailed checks:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  }
  await cleanup();
  clearTimeout(watchdog);
  summary();
  process.exit(code);
}

// ---------------------------------------------------------------- jobbvei

function childEnv() {
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' };
  // Always the SQLite file in the temp folder, whatever the caller's environment says.
  delete env.DATABASE_URL;
  delete env.JOBBVEI_DATA_DIR;
  return env;
}

export function jobbvei(dataDir, args, input) {
  try {
    return execFileSync(BIN, ['--data-dir', dataDir, ...dbArgs(dataDir), ...args], {
      input: input ?? '',
      env: childEnv(),
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: 60_000,
    });
  } catch (e) {
    throw new Error(`jobbvei ${args.join(' ')} failed (status ${e.status}):\n${e.stderr || e.message}`);
  }
}

function dbArgs(dataDir) {
  const url = dbUrls.get(dataDir);
  return url ? ['--database-url', url] : [];
}

/** A fresh, empty PostgreSQL database for `dataDir`'s commands, dropped again on cleanup. */
export function usePostgres(dataDir) {
  const name = `jobbvei_browser_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [PG_SERVER, '-qAtc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  pgDatabases.push(name);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  dbUrls.set(dataDir, url.toString());
}

export function password() {
  return `pw-${randomBytes(12).toString('hex')}`;
}

/** `user add` with a password on standard input; `u` = { id, username, name, roles, team, fte }. */
export function addUser(dataDir, u) {
  const args = ['user', 'add', '--username', u.username, '--id', u.id, '--name', u.name, '--role', u.roles.join(',')];
  if (u.team) args.push('--team', u.team);
  if (u.fte) args.push('--fte', String(u.fte));
  args.push('--password-stdin');
  jobbvei(dataDir, args, `${u.password}\n`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export async function startServer(name, dataDir) {
  const port = await freePort();
  const logPath = path.join(dataDir, 'serve.log');
  const log = fs.openSync(logPath, 'a');
  const child = spawn(BIN, ['--data-dir', dataDir, ...dbArgs(dataDir), 'serve', '--bind', `127.0.0.1:${port}`], {
    env: childEnv(),
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const s = { name, child, logPath, base: `http://127.0.0.1:${port}` };
  servers.push(s);
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    try {
      const res = await fetch(`${s.base}/healthz`);
      if (res.ok) return s;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  printServerLog(s);
  throw new Error(`the ${name} server did not answer /healthz on ${s.base}`);
}

export function printServerLog(s) {
  try {
    const text = fs.readFileSync(s.logPath, 'utf8').trim().split('\n').slice(-30).join('\n');
    if (text) console.log(`--- last lines of the ${s.name} server's log\n${text}\n---`);
  } catch {
    // no log yet
  }
}

// ---------------------------------------------------------------- data

/** Today's date and a time a little before now, both in Europe/Oslo (never before 00:00). */
export function osloNow(minutesEarlier) {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Oslo',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date())
      .map((p) => [p.type, p.value]),
  );
  const m = Math.max(0, Number(parts.hour) * 60 + Number(parts.minute) - minutesEarlier);
  const hhmm = `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, time: hhmm };
}

/** A YYYY-MM-DD date `days` later (negative: earlier), by the calendar. */
/** How the pages write a date and a time of day (docs/names-and-dates.md): 02.12.2026, 08.15. */
export function shownDate(isoDate) {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}
export function shownTime(hhmm) {
  return hhmm.replace(':', '.');
}

export function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

export function tempDir(label) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `jobbvei-browser-${label}-`));
  tempDirs.push(d);
  return d;
}

// ---------------------------------------------------------------- browser helpers

/**
 * Starts headless Chromium for newPage(); cleanup() closes it. A launch that hangs (seen once
 * on a CI machine just after apt installed Chromium, while a fresh launch took 1 s) is given up
 * after a minute and tried again, up to three times, so one stuck start does not fail the run.
 */
export async function launchBrowser() {
  for (let attempt = 1; ; attempt += 1) {
    try {
      browser = await launchOnce();
      return browser;
    } catch (e) {
      if (attempt >= 3) throw e;
      console.log(`chromium did not start (attempt ${attempt}): ${String(e.message).split('\n')[0]}`);
    }
  }
}

async function launchOnce() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    // Norwegian date and time fields (23.11.2026, 24-hour clock) when chromium-l10n is installed;
    // without it Chromium falls back to en-US, which changes only how the fields look.
    env: { ...process.env, LANGUAGE: 'nb' },
    // playwright-core gives each launch a fresh temporary user-data dir and removes it on close.
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
      '--lang=nb',
    ],
  });
}

/** Requests the pages made outside the local servers; the run fails if there are any. */
export const external = [];
/** Every page loaded at phone width (360 px) and how wide it was: none may be wider. */
export const phoneWidths = [];
/** Requests answered 404 (a missing font, the icon) and console errors, on every page. */
export const loadProblems = [];

export async function newPage(viewport = DESKTOP, mobile = false) {
  const context = await browser.newContext({
    viewport,
    deviceScaleFactor: 1,
    isMobile: mobile,
    hasTouch: mobile,
    locale: 'nb-NO',
    timezoneId: 'Europe/Oslo',
    // The app's CSP (script-src 'self') would block the injected axe-core script.
    bypassCSP: true,
  });
  // Nothing but the local servers: any other request is refused and reported.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === 'data:' || u.hostname === '127.0.0.1') return route.continue();
    external.push(u.href);
    return route.abort();
  });
  const page = await context.newPage();
  // A refused form or a denied page is a document answered 4xx on purpose, which Chromium also
  // logs as "Failed to load resource"; those are left to the scenarios. Anything else fails.
  page.on('console', (m) => {
    if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) loadProblems.push(`console: ${m.text()} (${page.url()})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.request().resourceType() !== 'document') loadProblems.push(`${r.status()} ${r.url()} (${page.url()})`);
  });
  if (viewport.width <= 360) {
    page.on('load', async () => {
      const width = await page.evaluate(() => document.documentElement.scrollWidth).catch(() => null);
      if (width !== null) phoneWidths.push({ url: page.url(), width });
    });
  }
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(20_000);
  return page;
}

export async function login(page, base, user, pass = user.password) {
  await page.goto(`${base}/logg-inn`);
  await page.fill('#brukernavn', user.username);
  await page.fill('#passord', pass);
  await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Logg inn' }).click()]);
}

export function pathOf(page) {
  return new URL(page.url()).pathname;
}

export async function axeViolations(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async () => {
    // eslint-disable-next-line no-undef
    const r = await axe.run(document, { resultTypes: ['violations'] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => ({ target: n.target.join(' '), html: n.html.slice(0, 160), summary: n.failureSummary })),
    }));
  });
}

export async function runAxe(page, label) {
  const result = await axeViolations(page);
  // Every violation fails, whatever its impact (issue #14): minor and moderate ones too.
  const bad = result;
  const describe = (vs) =>
    vs
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `  - ${n.target}  ${n.html.replace(/\s+/g, ' ')}`).join('\n'),
      )
      .join('\n');
  check(`axe ${label}: no violations of any impact`, bad.length === 0, describe(bad));
  return result;
}

export async function shot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  const shown = file.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, file) : file;
  note(`screenshot ${shown}`);
}
