// Real-browser tests for Jobbvei: playwright-core driving Debian's Chromium (/usr/bin/chromium),
// never a downloaded browser. Builds nothing: it runs the binary in JOBBVEI_BIN (default
// ../../target/debug/jobbvei from this folder).
//
// Two throwaway data folders, each with its own `jobbvei serve` on a free loopback port:
//  - "fixture": fixture-org.jsonl, then users with passwords (`user add --password-stdin`), then
//    fixture-records.jsonl and fixture-seed000.jsonl. The scenario checks run against this one.
//  - "demo": `jobbvei demo --scale small --seed 1 --as-of <today in Oslo>`, with the demo's js1 and
//    admin given passwords. Used for the screenshots and for a second axe pass on fuller pages.
//
// Scenarios: login (right and wrong password); quick log on a 360 px phone, seen on Min dag and at
// the top of the participant's timeline; a veileder of another team gets 403 on the participant;
// axe-core on every main page (serious or critical violations fail); a fagrevisor walks a fidelity
// review from opening through scores, consensus and closing to the printed report with an action
// plan; seed 000's job chain (fixture-seed000.jsonl) drawn on the participant page, with the
// jobbsmak's purpose set through its form; a planned meeting closed from Min dag on a 360 px phone;
// full-page screenshots,
// written only when JOBBVEI_SCREENSHOTS names a folder (relative paths are from the repository
// root), so a CI run never touches docs/screenshots.
//
// JOBBVEI_BROWSER_PG=postgres://… puts the fixture's data on PostgreSQL instead (a fresh database
// made and dropped with psql); .ci/run runs the whole file once per engine.
//
// Bounded: everything stops after JOBBVEI_BROWSER_TIMEOUT seconds (default 120); the servers
// and the browser are stopped and the temp folders removed on every way out. Exit status 1 on
// any failed check; the last line is "browser: N passed, M failed".

import { spawn, execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const started = Date.now();
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const BIN = path.resolve(process.env.JOBBVEI_BIN || path.join(here, '..', '..', 'target', 'debug', 'jobbvei'));
const CHROMIUM = process.env.JOBBVEI_CHROMIUM || '/usr/bin/chromium';
const SHOTS = process.env.JOBBVEI_SCREENSHOTS
  ? path.resolve(repoRoot, process.env.JOBBVEI_SCREENSHOTS)
  : null;
const TIMEOUT_S = Number(process.env.JOBBVEI_BROWSER_TIMEOUT || 120);
// With a PostgreSQL server URL here, the fixture's data lives in a fresh database on that server
// (made and dropped with psql) instead of a SQLite file, so the scenarios run on that engine.
const PG_SERVER = process.env.JOBBVEI_BROWSER_PG || null;
const AXE = path.join(here, 'node_modules', 'axe-core', 'axe.min.js');
const DESKTOP = { width: 1280, height: 800 };
const MOBILE = { width: 360, height: 740 };

// ---------------------------------------------------------------- results

let passed = 0;
const failures = [];
function ok(name) {
  passed += 1;
  console.log(`ok   - ${name}`);
}
function fail(name, detail) {
  failures.push(name);
  console.log(`FAIL - ${name}${detail ? `\n       ${String(detail).replace(/\n/g, '\n       ')}` : ''}`);
}
function check(name, cond, detail) {
  if (cond) ok(name);
  else fail(name, detail);
  return Boolean(cond);
}
function note(text) {
  console.log(`       ${text}`);
}
/** Runs one scenario; an exception fails it with its message and the run goes on. */
async function scenario(title, fn) {
  console.log(`\n# ${title}`);
  try {
    await fn();
  } catch (e) {
    fail(`${title}: stopped by an error`, e && e.stack ? e.stack.split('\n').slice(0, 4).join('\n') : e);
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
function cleanup() {
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
const watchdog = setTimeout(async () => {
  timedOut = true;
  console.log('');
  fail(`the browser run took longer than ${TIMEOUT_S} s and was stopped`);
  for (const s of servers) printServerLog(s);
  await cleanup();
  console.log(`\nfailed checks:\n${failures.map((f) => `  - ${f}`).join('\n')}`);
  console.log(`\ntook ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`browser: ${passed} passed, ${failures.length} failed`);
  process.exit(1);
}, TIMEOUT_S * 1000);

// ---------------------------------------------------------------- jobbvei

function childEnv() {
  const env = { ...process.env, RUST_LOG: process.env.RUST_LOG || 'warn' };
  // Always the SQLite file in the temp folder, whatever the caller's environment says.
  delete env.DATABASE_URL;
  delete env.JOBBVEI_DATA_DIR;
  return env;
}

function jobbvei(dataDir, args, input) {
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
function usePostgres(dataDir) {
  const name = `jobbvei_browser_${randomBytes(6).toString('hex')}`;
  execFileSync('psql', [PG_SERVER, '-qAtc', `CREATE DATABASE ${name}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  pgDatabases.push(name);
  const url = new URL(PG_SERVER);
  url.pathname = `/${name}`;
  dbUrls.set(dataDir, url.toString());
}

function password() {
  return `pw-${randomBytes(12).toString('hex')}`;
}

/** `user add` with a password on standard input; `u` = { id, username, name, roles, team, fte }. */
function addUser(dataDir, u) {
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

async function startServer(name, dataDir) {
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

function printServerLog(s) {
  try {
    const text = fs.readFileSync(s.logPath, 'utf8').trim().split('\n').slice(-30).join('\n');
    if (text) console.log(`--- last lines of the ${s.name} server's log\n${text}\n---`);
  } catch {
    // no log yet
  }
}

// ---------------------------------------------------------------- data

/** Today's date and a time a little before now, both in Europe/Oslo (never before 00:00). */
function osloNow(minutesEarlier) {
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

/** How the pages write a date and a time of day (docs/names-and-dates.md): 02.12.2026, 08.15. */
function shownDate(isoDate) {
  const [y, m, d] = isoDate.split('-');
  return `${d}.${m}.${y}`;
}
function shownTime(hhmm) {
  return hhmm.replace(':', '.');
}

/** A YYYY-MM-DD date `days` later (negative: earlier), by the calendar. */
function addDays(isoDate, days) {
  const d = new Date(`${isoDate}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

function tempDir(label) {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `jobbvei-browser-${label}-`));
  tempDirs.push(d);
  return d;
}

const FIXTURE_USERS = {
  js1: { id: 'js1', username: 'js1', name: 'Kari Nordmann', roles: ['jobbspesialist'], team: 't1' },
  vl1: { id: 'vl1', username: 'vl1', name: 'Ingrid Lie', roles: ['veileder'], team: 't1' },
  vl2: { id: 'vl2', username: 'vl2', name: 'Per Andersen', roles: ['veileder'], team: 't2' },
  admin: { id: 'admin1', username: 'admin1', name: 'Siri Admin', roles: ['admin'] },
  rev1: { id: 'rev1', username: 'rev1', name: 'Marte Revisor', roles: ['fagrevisor'] },
};

function setUpFixture() {
  const dir = tempDir('fixture');
  if (PG_SERVER) usePostgres(dir);
  jobbvei(dir, ['import', path.join(here, 'fixture-org.jsonl')]);
  for (const u of Object.values(FIXTURE_USERS)) {
    u.password = password();
    addUser(dir, u);
  }
  jobbvei(dir, ['import', path.join(here, 'fixture-records.jsonl')]);
  jobbvei(dir, ['import', path.join(here, 'fixture-seed000.jsonl')]);
  return dir;
}

/**
 * Demo data as of today, with passwords for the demo's js1 and admin: export the demo, import
 * offices and teams, `user add` those two with the demo's own ids, then import everything else.
 */
function setUpDemo(today) {
  const gen = tempDir('demo-gen');
  jobbvei(gen, ['demo', '--scale', 'small', '--seed', '1', '--as-of', today]);
  const exported = path.join(gen, 'demo.jsonl');
  jobbvei(gen, ['export', '--output', exported]);
  const wanted = { js1: null, admin: null };
  const org = [];
  const rest = [];
  for (const line of fs.readFileSync(exported, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (r.type === 'office' || r.type === 'team') org.push(line);
    else if (r.type === 'user' && r.username in wanted) wanted[r.username] = r;
    else rest.push(line);
  }
  const dir = tempDir('demo');
  fs.writeFileSync(path.join(gen, 'org.jsonl'), `${org.join('\n')}\n`);
  fs.writeFileSync(path.join(gen, 'rest.jsonl'), `${rest.join('\n')}\n`);
  jobbvei(dir, ['import', path.join(gen, 'org.jsonl')]);
  const users = {};
  for (const [username, r] of Object.entries(wanted)) {
    if (!r) throw new Error(`the demo data has no user "${username}"`);
    users[username] = { id: r.id, username, name: r.name, roles: r.roles, team: r.team, fte: r.fte, password: password() };
    addUser(dir, users[username]);
  }
  jobbvei(dir, ['import', path.join(gen, 'rest.jsonl')]);
  return { dir, users };
}

// ---------------------------------------------------------------- browser helpers

const external = [];

async function newPage(viewport = DESKTOP, mobile = false) {
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
  page.setDefaultTimeout(15_000);
  page.setDefaultNavigationTimeout(20_000);
  return page;
}

async function login(page, base, user, pass = user.password) {
  await page.goto(`${base}/logg-inn`);
  await page.fill('#brukernavn', user.username);
  await page.fill('#passord', pass);
  await Promise.all([page.waitForNavigation(), page.locator('main').getByRole('button', { name: 'Logg inn' }).click()]);
}

function pathOf(page) {
  return new URL(page.url()).pathname;
}

async function axeViolations(page) {
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

async function runAxe(page, label) {
  const result = await axeViolations(page);
  const bad = result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const minor = result.filter((v) => !bad.includes(v));
  const describe = (vs) =>
    vs
      .map(
        (v) =>
          `[${v.impact}] ${v.id}: ${v.help}\n` +
          v.nodes.map((n) => `  - ${n.target}  ${n.html.replace(/\s+/g, ' ')}`).join('\n'),
      )
      .join('\n');
  check(`axe ${label}: no serious or critical violations`, bad.length === 0, describe(bad));
  if (minor.length) note(`axe ${label}, moderate/minor (not failing):\n${describe(minor)}`.replace(/\n/g, '\n       '));
  return result;
}

async function shot(page, name) {
  if (!SHOTS) return;
  fs.mkdirSync(SHOTS, { recursive: true });
  const file = path.join(SHOTS, name);
  await page.screenshot({ path: file, fullPage: true });
  const shown = file.startsWith(repoRoot + path.sep) ? path.relative(repoRoot, file) : file;
  note(`screenshot ${shown}`);
}

// ---------------------------------------------------------------- main

async function main() {
  if (!fs.existsSync(BIN)) throw new Error(`no jobbvei binary at ${BIN}: build it (cargo build -p jobbvei) or set JOBBVEI_BIN`);
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium`);
  if (!fs.existsSync(AXE)) throw new Error(`no ${AXE}: run npm ci in tests/browser`);

  const today = osloNow(0).date;
  console.log(`jobbvei: ${BIN}\nchromium: ${CHROMIUM}\ntoday in Oslo: ${today}`);
  console.log(`scenario data on: ${PG_SERVER ? 'PostgreSQL' : 'SQLite'}`);
  if (SHOTS) console.log(`screenshots: ${SHOTS}`);

  const fixtureDir = setUpFixture();
  const demo = setUpDemo(today);
  const fx = await startServer('fixture', fixtureDir);
  const dm = await startServer('demo', demo.dir);
  const U = FIXTURE_USERS;

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 30_000,
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
  console.log(`browser: Chromium ${browser.version()}`);

  // 1. Login.
  await scenario('1. login', async () => {
    const page = await newPage();
    await login(page, fx.base, U.js1, 'not-the-password-at-all');
    const err = page.locator('#login-error');
    const errText = (await err.count()) ? (await err.innerText()).trim() : '';
    check('a wrong password shows "Feil brukernavn eller passord."', errText === 'Feil brukernavn eller passord.', `got "${errText}" on ${page.url()}`);
    check('a wrong password stays on /logg-inn', pathOf(page) === '/logg-inn', page.url());
    await runAxe(page, '/logg-inn (with the error)');

    await login(page, fx.base, U.js1);
    check('js1 lands on / after logging in', pathOf(page) === '/', page.url());
    const who = (await page.locator('header .user').innerText()).trim();
    check(`the header shows the name "${U.js1.name}"`, who.includes(U.js1.name), `header says "${who}"`);
    check('the header has a "Logg ut" button', (await page.getByRole('button', { name: 'Logg ut' }).count()) === 1);
    await page.context().close();
  });

  // 2. Quick log on a phone.
  await scenario('2. quick log on a 360 px phone', async () => {
    const page = await newPage(MOBILE, true);
    await login(page, fx.base, U.js1);
    await page.goto(`${fx.base}/logg`);
    const widthEmpty = await page.evaluate(() => document.documentElement.scrollWidth);
    check('/logg has no horizontal scroll at 360 px', widthEmpty <= 360, `scrollWidth ${widthEmpty}`);

    const { date, time } = osloNow(10);
    await page.selectOption('#kind', 'arbeidsgivermote');
    await page.selectOption('#participant', 'p1');
    await page.selectOption('#employer', 'e1');
    await page.check('input[name="channel"][value="fysisk"]');
    await page.check('input[name="decision_maker"]');
    await page.check('input[name="out_of_office"]');
    await page.selectOption('#subcategory', 'jobbutvikling');
    await page.fill('#date', date);
    await page.fill('#time', time);
    await page.fill('#minutes', '60');
    await page.selectOption('#status', 'gjennomfort');
    await page.fill('#place', 'Hos arbeidsgiver');
    await page.fill('#note', 'Presenterte kandidaten for daglig leder.');
    const widthFilled = await page.evaluate(() => document.documentElement.scrollWidth);
    check('the filled-in form has no horizontal scroll at 360 px', widthFilled <= 360, `scrollWidth ${widthFilled}`);
    await runAxe(page, '/logg at 360 px');

    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lagre' }).click()]);
    if (!check('"Lagre" comes back to an empty /logg', pathOf(page) === '/logg', `${page.url()}: ${(await page.locator('main').innerText().catch(() => '')).slice(0, 400)}`)) return;
    const saved = await page.getByRole('status').innerText().catch(() => '');
    check('the quick log confirms what was saved', saved.startsWith('Lagret: Arbeidsgivermøte') && saved.includes('Klar for neste'), saved);
    await page.goto(`${fx.base}/min-dag`);
    const items = await page.locator('#today li').allInnerTexts();
    const mine = items.find((t) => t.includes(`kl. ${shownTime(time)}`) && t.includes('Arbeidsgivermøte') && t.includes('Bakeriet AS'));
    check(`Min dag lists the meeting at kl. ${shownTime(time)} in #today`, mine, `#today has: ${JSON.stringify(items)}`);
    check('the Min dag line names the participant', mine && mine.includes('Amina Hassan'), mine);
    const widthDay = await page.evaluate(() => document.documentElement.scrollWidth);
    check('/min-dag has no horizontal scroll at 360 px', widthDay <= 360, `scrollWidth ${widthDay}`);

    await page.goto(`${fx.base}/deltaker/p1`);
    const first = (await page.locator('ol.timeline > li').first().innerText()).trim();
    check(
      'the meeting is at the top of p1\'s timeline',
      first.startsWith(`${shownDate(date)} kl. ${shownTime(time)}`) && ['Arbeidsgivermøte', 'Gjennomført', 'Fysisk', 'Jobbutvikling'].every((w) => first.includes(w)),
      `first line: "${first}"`,
    );
    await page.context().close();
  });

  // 3. Access: a veileder sees only their own participants.
  await scenario('3. a veileder of another team cannot open p1', async () => {
    const page = await newPage();
    await login(page, fx.base, U.vl2);
    check('vl2 (team t2) can log in', pathOf(page) === '/', page.url());
    const res = await page.goto(`${fx.base}/deltaker/p1`);
    const body = (await page.locator('body').innerText()).trim();
    check('/deltaker/p1 answers 403 to vl2', res.status() === 403, `status ${res.status()}`);
    check('…with "Du har ikke tilgang til denne deltakeren."', body.includes('Du har ikke tilgang til denne deltakeren.'), body.slice(0, 200));
    check('…and shows nothing of p1', !body.includes('Amina'), body.slice(0, 200));
    await page.context().close();

    const own = await newPage();
    await login(own, fx.base, U.vl1);
    const res2 = await own.goto(`${fx.base}/deltaker/p1`);
    check('p1\'s own veileder (vl1) can open /deltaker/p1', res2.status() === 200 && (await own.locator('h1').innerText()).includes('Amina Hassan'), `status ${res2.status()}`);
    await own.context().close();
  });

  // 4. axe-core on every main page, as a user who may see it.
  await scenario('4. axe-core on the main pages (fixture data)', async () => {
    // First prove that the check can fail: a page with a known critical violation.
    const probe = await newPage();
    await probe.setContent('<!doctype html><html lang="nb"><title>x</title><main><h1>x</h1><img src="data:,"></main></html>');
    const found = await axeViolations(probe);
    check('axe-core is live: it flags a known critical violation (image-alt)', found.some((v) => v.id === 'image-alt' && v.impact === 'critical'), JSON.stringify(found.map((v) => v.id)));
    await probe.context().close();

    const anon = await newPage();
    await anon.goto(`${fx.base}/logg-inn`);
    await runAxe(anon, '/logg-inn');
    await anon.goto(`${fx.base}/`);
    await runAxe(anon, '/ (not logged in)');
    await anon.context().close();

    const page = await newPage();
    await login(page, fx.base, U.js1);
    for (const p of ['/', '/min-dag', '/portefolje', '/logg', '/deltaker/p1', '/hjelp/kpi']) {
      const res = await page.goto(`${fx.base}${p}`);
      if (check(`${p} answers 200 to js1`, res.status() === 200, `status ${res.status()}`)) await runAxe(page, p);
    }
    await page.context().close();

    const admin = await newPage();
    await login(admin, fx.base, U.admin);
    const res = await admin.goto(`${fx.base}/admin/brukere`);
    if (check('/admin/brukere answers 200 to the admin', res.status() === 200, `status ${res.status()}`)) await runAxe(admin, '/admin/brukere');
    await admin.context().close();
  });

  // 5. Demo data: axe on fuller pages, and the screenshots for the README.
  await scenario('5. demo data: axe and screenshots', async () => {
    const anon = await newPage();
    await anon.goto(`${dm.base}/logg-inn`);
    await shot(anon, 'logg-inn.png');
    await anon.context().close();

    const page = await newPage();
    await login(page, dm.base, demo.users.js1);
    check(`the demo's js1 (${demo.users.js1.name}) can log in`, pathOf(page) === '/', page.url());
    await shot(page, 'start.png');
    const pages = [
      ['/min-dag', 'min-dag.png'],
      ['/portefolje', 'portefolje.png'],
    ];
    for (const [p, file] of pages) {
      const res = await page.goto(`${dm.base}${p}`);
      if (!check(`demo ${p} answers 200`, res.status() === 200, `status ${res.status()}`)) continue;
      await runAxe(page, `demo ${p}`);
      await shot(page, file);
    }
    const link = page.locator('main a[href^="/deltaker/"]').first();
    const href = (await link.count()) ? await link.getAttribute('href') : null;
    if (check('the demo caseload links to a participant', href)) {
      const res = await page.goto(`${dm.base}${href}`);
      if (check(`demo ${href} answers 200`, res.status() === 200, `status ${res.status()}`)) {
        await runAxe(page, `demo ${href}`);
        await shot(page, 'deltaker.png');
      }
    }
    await page.goto(`${dm.base}/hjelp/kpi`);
    await shot(page, 'hjelp-kpi.png');
    await page.context().close();

    const phone = await newPage(MOBILE, true);
    await login(phone, dm.base, demo.users.js1);
    await phone.goto(`${dm.base}/logg`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    check('demo /logg has no horizontal scroll at 360 px', width <= 360, `scrollWidth ${width}`);
    await runAxe(phone, 'demo /logg at 360 px');
    await shot(phone, 'logg-mobil.png');
    await phone.goto(`${dm.base}/min-dag`);
    const widthDay = await phone.evaluate(() => document.documentElement.scrollWidth);
    check('demo /min-dag has no horizontal scroll at 360 px', widthDay <= 360, `scrollWidth ${widthDay}`);
    await phone.context().close();

    const admin = await newPage();
    await login(admin, dm.base, demo.users.admin);
    const res = await admin.goto(`${dm.base}/admin/brukere`);
    if (check('demo /admin/brukere answers 200 to the admin', res.status() === 200, `status ${res.status()}`)) {
      await runAxe(admin, 'demo /admin/brukere');
      await shot(admin, 'admin-brukere.png');
    }
    await admin.context().close();
  });

  // 6. A fagrevisor walks a fidelity review from opening to the printed report.
  await scenario('6. a fagrevisor walks a fidelity review from opening to the printed report', async () => {
    const page = await newPage();
    await login(page, fx.base, U.rev1);
    check('the fagrevisor (rev1) can log in', pathOf(page) === '/', page.url());
    const list = await page.goto(`${fx.base}/vurderinger`);
    if (!check('/vurderinger answers 200 to the fagrevisor', list.status() === 200, `status ${list.status()}`)) return;
    await runAxe(page, '/vurderinger');

    // Open: team t1, Kvalitetsveileder 2019, the last three months up to yesterday (never after
    // the server's today, whatever the hour).
    const today = osloNow(0).date;
    const from = addDays(today, -91);
    const to = addDays(today, -1);
    await page.selectOption('#team', 't1');
    await page.selectOption('#instrument', 'kvalitetsveileder@2019');
    await page.fill('#from', from);
    await page.fill('#to', to);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Start vurderingen' }).click()]);
    const reviewPath = pathOf(page);
    const main = async () => (await page.locator('main').innerText().catch(() => '')).replace(/\s+/g, ' ');
    if (!check('"Start vurderingen" opens /vurdering/{id}', /^\/vurdering\/[^/]+$/.test(reviewPath), `${page.url()}: ${(await main()).slice(0, 400)}`)) return;
    const h1 = (await page.locator('h1').innerText()).trim();
    check('the review is a Fagrevisjon of team t1', h1.startsWith('Fagrevisjon:'), `h1: "${h1}"`);
    const facts = (await page.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
    check('the review is in the phase "Individuell vurdering" with rev1 as reviewer', facts.includes('Individuell vurdering') && facts.includes(U.rev1.name), facts);

    // Individual scores: 4 on all 16 items.
    const scoreSelects = page.locator('main select[id^="score_"]');
    const n = await scoreSelects.count();
    if (!check('the review page has 16 score fields', n === 16, `found ${n}`)) return;
    for (let i = 0; i < n; i += 1) await scoreSelects.nth(i).selectOption('4');
    await page.fill('#evidence_1', 'Teamet har fem jobbspesialister med små porteføljer.');
    await page.fill('#recommendation_1', 'Hold porteføljene under tjue.');
    await runAxe(page, '/vurdering/{id} (scoring)');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lagre mine poeng' }).click()]);
    check('"Lagre mine poeng" comes back with "Lagret."', pathOf(page) === reviewPath && (await page.locator('main [role="status"]').innerText().catch(() => '')).includes('Lagret.'), `${page.url()}: ${(await main()).slice(0, 400)}`);
    const scoreRows = await page.locator('main section.review-item table tbody tr').count();
    check('each item lists the fagrevisor\'s score', scoreRows === 16, `${scoreRows} score rows`);

    // Consensus.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Gå videre til konsensus' }).click()]);
    const phase = (await page.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
    if (!check('"Gå videre til konsensus" moves the review to Konsensus', phase.includes('Konsensus') && (await page.getByRole('button', { name: 'Lagre konsensus' }).count()) === 1, `${page.url()}: ${phase}`)) return;
    const early = await page.getByRole('button', { name: 'Avslutt vurderingen' }).count();
    if (early === 1) {
      await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Avslutt vurderingen' }).click()]);
      const refused = (await main());
      check('closing without consensus scores is refused', refused.includes('Alle punktene må ha et konsensuspoeng før vurderingen kan avsluttes.'), refused.slice(0, 400));
    }
    const consensusSelects = page.locator('main select[id^="score_"]');
    const m = await consensusSelects.count();
    check('the consensus form has 16 score fields', m === 16, `found ${m}`);
    for (let i = 0; i < m; i += 1) await consensusSelects.nth(i).selectOption('4');
    await page.fill('#evidence_1', 'Enige: små porteføljer.');
    await page.fill('#recommendation_1', 'Hold porteføljene under tjue.');
    await runAxe(page, '/vurdering/{id} (consensus)');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lagre konsensus' }).click()]);
    const total = (await page.locator('#total').innerText()).replace(/\s+/g, ' ').trim();
    const band = 'Sum 64 av 80: god – Supported Employment er godt innført i NAV-kontoret';
    check(`the review page shows "${band}"`, total === band, `#total: "${total}"`);

    // Close.
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Avslutt vurderingen' }).click()]);
    const closed = (await page.locator('dl.facts').innerText()).replace(/\s+/g, ' ');
    check('"Avslutt vurderingen" closes the review', pathOf(page) === reviewPath && closed.includes('Avsluttet'), `${page.url()}: ${closed}`);
    check('a closed review has no score form', (await page.locator('main select[id^="score_"]').count()) === 0);
    await runAxe(page, '/vurdering/{id} (closed)');

    // The report: add one action to the plan.
    const rep = await page.goto(`${fx.base}${reviewPath}/rapport`);
    if (!check('the report answers 200', rep.status() === 200, `status ${rep.status()}`)) return;
    const what = 'Gjennomgå porteføljene med teamet hver måned';
    const due = addDays(today, 30);
    const dueShown = shownDate(due);
    await page.fill('#what', what);
    await page.fill('#who', 'Teamleder');
    await page.fill('#due', due);
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Legg til tiltak' }).click()]);
    check('"Legg til tiltak" comes back to the report', pathOf(page) === `${reviewPath}/rapport`, `${page.url()}: ${(await main()).slice(0, 400)}`);

    // Open the report afresh and read it.
    await page.goto(`${fx.base}${reviewPath}/rapport`);
    const repTotal = (await page.locator('#total').innerText()).replace(/\s+/g, ' ').trim();
    check(`the report shows "${band}"`, repTotal === band, `#total: "${repTotal}"`);
    check('the report is final (no "Foreløpig rapport")', !(await main()).includes('Foreløpig rapport'));
    const repRows = await page.locator('table.report-table tbody th[scope="row"]').count();
    check('the report lists all 16 items', repRows === 16, `${repRows} item rows`);
    const firstRow = (await page.locator('table.report-table tbody tr:has(th[scope="row"])').first().innerText()).replace(/\s+/g, ' ');
    check('the report carries the consensus score, evidence and recommendation', firstRow.includes('4') && firstRow.includes('Enige: små porteføljer.') && firstRow.includes('Hold porteføljene under tjue.'), firstRow);
    const plan = await page.locator('#tiltak ~ table tbody tr').allInnerTexts();
    const action = plan.find((t) => t.includes(what));
    check('the action plan lists the new action with who, due date and status', action && action.includes('Teamleder') && action.includes(dueShown) && action.includes('Ikke utført'), `plan: ${JSON.stringify(plan)}`);
    await runAxe(page, '/vurdering/{id}/rapport');
    await shot(page, 'vurdering-rapport.png');

    // The list shows the closed review with its total and band.
    await page.goto(`${fx.base}/vurderinger`);
    const row = (await page.locator(`main a[href="${reviewPath}"]`).locator('xpath=ancestor::tr').innerText().catch(() => '')).replace(/\s+/g, ' ');
    check('/vurderinger lists the review as Avsluttet, 64 av 80, god', row.includes('Avsluttet') && row.includes('64 av 80') && row.includes('god'), row);
    await page.context().close();
  });

  // 7. Seed 000's story: jobbsmak → on-call → temporary post with wage subsidy → engagement.
  await scenario("7. seed 000's job chain and follow-up on the participant page", async () => {
    const page = await newPage();
    await login(page, fx.base, U.js1);
    const res = await page.goto(`${fx.base}/deltaker/p3`);
    if (!check('/deltaker/p3 answers 200 to js1', res.status() === 200, `status ${res.status()}`)) return;
    const svg = page.locator('main svg.chain-picture[role="img"]');
    check('the page has one chain picture with role="img"', (await svg.count()) === 1);
    const bars = svg.locator('g.job');
    check('the chain picture has 4 bars', (await bars.count()) === 4, `found ${await bars.count()}`);
    const first = (await bars.first().textContent()) || '';
    check(
      'the first bar is the jobbsmak, hatched and marked "ikke arbeid"',
      (await bars.first().getAttribute('class')) === 'job unpaid' && first.includes('Jobbsmak') && first.includes('ikke arbeid'),
      first,
    );
    check('only the jobbsmak is drawn as not work', (await svg.locator('g.job.unpaid').count()) === 1);
    const pcts = await svg.locator('text.pct').allTextContents();
    check('the bars show the percentage steps 20 → 40 → 80 → 100 %', ['20 %', '40 %', '80 %', '100 %'].every((p) => pcts.includes(p)), JSON.stringify(pcts));
    const bands = await svg.locator('text.band-label').allTextContents();
    check('the wage subsidy is drawn under the temporary post', bands.includes('Midlertidig lønnstilskudd 40 %'), JSON.stringify(bands));
    const rows = await page.locator('table.chain-table tbody tr').allInnerTexts();
    const vikariat = rows.find((r) => r.includes('Vikar miljøarbeider')) || '';
    check(
      'the table lists the dated percentages, probation end, end and subsidy of the temporary post',
      vikariat.includes('20 % fra 05.01.2026 → 40 % fra 16.02.2026 → 80 % fra 06.04.2026') &&
        vikariat.includes('Prøvetid slutter 05.04.2026') && vikariat.includes('30.06.2026, utløpt') &&
        vikariat.includes('Midlertidig lønnstilskudd 40 % (Avsluttet'),
      vikariat,
    );
    const onCall = rows.find((r) => r.includes('Tilkallingsvikar miljøarbeider')) || '';
    check('the on-call job says who ended it and why', onCall.includes('avsluttet av begge: Gikk over i vikariat i redusert stilling'), onCall);
    const checks = await page.locator('table.followup-table tbody tr').allInnerTexts();
    check(
      'the follow-up section shows the 7 checks, 6 of them done',
      checks.length === 7 && checks.filter((c) => c.includes('Gjennomført')).length === 6 && checks.some((c) => c.includes('Stillingsprosent og arbeidstid')),
      JSON.stringify(checks),
    );
    const card = page.locator('#utplassering-j31');
    check('the jobbsmak has its placement card, extended once', ((await card.innerText().catch(() => '')) || '').includes('Forlenget 1 gang'));
    check('an ended placement offers no extension', (await card.locator('form[action="/jobb/j31/forleng"]').count()) === 0);
    const purpose = 'Prøve miljøarbeid i en bolig, og se om kveldsvakter passer.';
    await page.fill('#purpose-j31', purpose);
    await Promise.all([page.waitForNavigation(), card.getByRole('button', { name: 'Lagre formål' }).click()]);
    const saved = (await page.locator('#utplassering-j31 .purpose').innerText().catch(() => '')).trim();
    check('"Lagre formål" saves the purpose and shows it on the page', pathOf(page) === '/deltaker/p3' && saved === `Formål: ${purpose}`, `${page.url()}: "${saved}"`);
    await runAxe(page, '/deltaker/p3 (seed 000)');
    await shot(page, 'jobbkjede.png');
    await page.context().close();
  });

  // 8. Close a planned meeting from Min dag on a phone.
  await scenario('8. closing a planned meeting from Min dag on a 360 px phone', async () => {
    const page = await newPage(MOBILE, true);
    await login(page, fx.base, U.js1);
    await page.goto(`${fx.base}/min-dag`);
    // a5 in fixture-records.jsonl: planned for 06.10.2025 with Jonas Berg, never closed.
    const item = page.locator('#open > li').filter({ hasText: 'Jonas Berg' });
    if (!check('Min dag lists the planned meeting with Jonas Berg as not closed', (await item.count()) === 1, await page.locator('main').innerText())) return;
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    check('/min-dag with the close buttons has no horizontal scroll at 360 px', width <= 360, `scrollWidth ${width}`);
    const heights = await item.locator('form.close-meeting button, form.close-meeting input[name="minutes"]').evaluateAll((els) => els.map((e) => e.getBoundingClientRect().height));
    check('the close buttons and the minutes field are at least 44 px high', heights.length === 4 && heights.every((h) => h >= 44), JSON.stringify(heights));
    await runAxe(page, '/min-dag with a meeting to close, at 360 px');
    const edit = await page.goto(`${fx.base}/aktivitet/a5`);
    const editWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    check('the edit page /aktivitet/a5 answers 200 without horizontal scroll at 360 px', edit.status() === 200 && editWidth <= 360, `status ${edit.status()}, scrollWidth ${editWidth}`);
    await runAxe(page, '/aktivitet/a5 at 360 px');
    await page.goto(`${fx.base}/min-dag`);
    await item.locator('input[name="minutes"]').fill('50');
    await Promise.all([page.waitForNavigation(), item.getByRole('button', { name: 'Gjennomført' }).click()]);
    check('"Gjennomført" comes back to /min-dag', pathOf(page) === '/min-dag', page.url());
    const left = await page.locator('#open > li').filter({ hasText: 'Jonas Berg' }).count();
    check('the meeting is gone from the not-closed list', left === 0, await page.locator('main').innerText());
    await page.goto(`${fx.base}/deltaker/p2`);
    const line = (await page.locator('ol.timeline > li').first().innerText()).trim();
    check('p2\'s timeline shows the meeting as Gjennomført', line.startsWith('06.10.2025 kl. 10.00') && line.includes('Gjennomført'), line);
    await page.context().close();
  });

  console.log('');
  check('the browser asked for nothing outside the local servers', external.length === 0, external.slice(0, 10).join('\n'));
}

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
console.log(`\ntook ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`browser: ${passed} passed, ${failures.length} failed`);
process.exit(code);
