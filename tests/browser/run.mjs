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
// a course kept from the pages alone, from registering the participant to reopening it
// (keep_course.mjs, once at 360 px and once at desktop width, then checked in `jobbvei export`);
// referral, intake and the collaboration between veileder and job specialist, with the notices
// at its stop points and the zero-exclusion page against `jobbvei report referrals`
// (collaboration.mjs, once at 360 px and once at desktop width); the employer board, and a
// colleague logging a meeting told who holds the employer (employer_board.mjs);
// full-page screenshots, written only when JOBBVEI_SCREENSHOTS names a folder (relative paths are
// from the repository root), so a CI run never touches docs/screenshots.
//
// Files: lib.mjs is the harness (results, cleanup, servers, browser helpers), fixture.mjs the two
// data folders; basics.mjs, pages.mjs, review.mjs, job_chain.mjs, keep_course.mjs and collaboration.mjs the
// scenarios.
//
// JOBBVEI_BROWSER_PG=postgres://… puts the fixture's data on PostgreSQL instead (a fresh database
// made and dropped with psql); .ci/run runs the whole file once per engine.
//
// Bounded: everything stops after JOBBVEI_BROWSER_TIMEOUT seconds (default 180; a run takes about
// 70 s on two shared cores); the servers and the browser are stopped and the temp folders removed
// on every way out. Exit status 1 on any failed check; the last line is "browser: N passed, M failed".

import fs from 'node:fs';
import { closeMeetingOnPhone, quickLogOnPhone, signIn, veilederOfAnotherTeam } from './basics.mjs';
import { collaboration } from './collaboration.mjs';
import { employerBoard } from './employer_board.mjs';
import { FIXTURE_USERS, setUpDemo, setUpFixture } from './fixture.mjs';
import { seed000JobChain } from './job_chain.mjs';
import { keepCourse } from './keep_course.mjs';
import {
  AXE,
  BIN,
  CHROMIUM,
  DESKTOP,
  MOBILE,
  PG_SERVER,
  SHOTS,
  check,
  external,
  finish,
  loadProblems,
  phoneWidths,
  launchBrowser,
  osloNow,
  startServer,
  startWatchdog,
} from './lib.mjs';
import { akselChecks, axeOnMainPages, demoPages } from './pages.mjs';
import { fidelityReview } from './review.mjs';

startWatchdog();

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
  const browser = await launchBrowser();
  console.log(`browser: Chromium ${browser.version()}`);

  const ctx = { fx, dm, demo, U: FIXTURE_USERS, fixtureDir, today };
  await signIn(ctx);
  await quickLogOnPhone(ctx);
  await veilederOfAnotherTeam(ctx);
  await axeOnMainPages(ctx);
  await akselChecks(ctx);
  await demoPages(ctx);
  await fidelityReview(ctx);
  await seed000JobChain(ctx);
  await closeMeetingOnPhone(ctx);
  // Last, so its new participants and alerts change nothing the scenarios above look at.
  await keepCourse(ctx, { label: '9a', viewport: MOBILE, mobile: true, who: 'Sara Haugen', form: 'tidsbegrenset', seed: 1 });
  await keepCourse(ctx, { label: '9b', viewport: DESKTOP, mobile: false, who: 'Ola Nilsen', form: 'fast', seed: 2 });
  // After 9, so its referrals, notices and changed veileder touch nothing the others look at;
  // 10b counts 10a's referrals in the zero-exclusion window, so they run in this order.
  await collaboration(ctx, { label: '10a', viewport: MOBILE, mobile: true, seed: 1, accepted: 'Leila Ahmadi', rejected: 'Tor Hansen', overdue: 'Eva Strand' });
  await collaboration(ctx, { label: '10b', viewport: DESKTOP, mobile: false, seed: 2, accepted: 'Nils Moe', rejected: 'Maja Karlsen', overdue: 'Rune Dahl' });
  // Last: ml1's meeting with Bakeriet AS and js1's notice of it touch nothing the others look at.
  await employerBoard(ctx);

  console.log('');
  check('the browser asked for nothing outside the local servers', external.length === 0, external.slice(0, 10).join('\n'));
  const wide = phoneWidths.filter((p) => p.width > 360);
  check(`at 360 px no page is wider than the viewport (${phoneWidths.length} page loads)`, phoneWidths.length > 20 && wide.length === 0, wide.slice(0, 10).map((p) => `${p.width} px ${p.url}`).join('\n'));
  // Expected refusals in the scenarios are documents (403/404 pages); a sub-resource 404 (a
  // font, the icon) or a console error is a fault.
  check('no font, icon or script was missing and the console showed no error', loadProblems.length === 0, loadProblems.slice(0, 10).join('\n'));
}

await finish(main);
