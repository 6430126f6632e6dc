// The two data folders the scenarios run against: "fixture" (fixture-*.jsonl and users with
// passwords) and "demo" (`jobbvei demo`, with passwords for its js1, mv1 and admin).

import fs from 'node:fs';
import path from 'node:path';
import { PG_SERVER, addUser, here, jobbvei, password, tempDir, usePostgres } from './lib.mjs';

export const FIXTURE_USERS = {
  js1: { id: 'js1', username: 'js1', name: 'Kari Nordmann', roles: ['jobbspesialist'], team: 't1' },
  vl1: { id: 'vl1', username: 'vl1', name: 'Ingrid Lie', roles: ['veileder'], team: 't1' },
  vl2: { id: 'vl2', username: 'vl2', name: 'Per Andersen', roles: ['veileder'], team: 't2' },
  admin: { id: 'admin1', username: 'admin1', name: 'Siri Admin', roles: ['admin'] },
  rev1: { id: 'rev1', username: 'rev1', name: 'Marte Revisor', roles: ['fagrevisor'] },
  // js1's team lead: reopens the course keep_course.mjs ends.
  ml1: { id: 'ml1', username: 'ml1', name: 'Lise Metode', roles: ['metodeveileder'], team: 't1' },
  // Compares two teams on /effekt (the whole country is an analyst's scope).
  an1: { id: 'an1', username: 'an1', name: 'Anders Analytiker', roles: ['analytiker'] },
  // The office's leader (through team t1): lands on /tall; axe on each of a leader's pages.
  le1: { id: 'le1', username: 'le1', name: 'Lene Leder', roles: ['leder'], team: 't1' },
};

export function setUpFixture() {
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
 * Demo data as of today, with passwords for the demo's js1, mv1 and admin (`user password`).
 */
export function setUpDemo(today) {
  // The demo is made in place, so its Jobbvei-side records (job ads, vocational profiles)
  // are there too; the export only tells who js1 and admin are.
  const dir = tempDir('demo');
  jobbvei(dir, ['demo', '--scale', 'small', '--seed', '1', '--as-of', today]);
  const exported = path.join(tempDir('demo-export'), 'demo.jsonl');
  jobbvei(dir, ['export', '--output', exported]);
  // mv1: the demo team's lead, whose caseload runs to several pages.
  const wanted = { js1: null, admin: null, mv1: null };
  for (const line of fs.readFileSync(exported, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const r = JSON.parse(line);
    if (r.type === 'user' && r.username in wanted) wanted[r.username] = r;
  }
  const users = {};
  for (const [username, r] of Object.entries(wanted)) {
    if (!r) throw new Error(`the demo data has no user "${username}"`);
    users[username] = { id: r.id, username, name: r.name, roles: r.roles, team: r.team, fte: r.fte, password: password() };
    jobbvei(dir, ['user', 'password', '--username', username, '--password-stdin'], `${users[username].password}\n`);
  }
  return { dir, users };
}
