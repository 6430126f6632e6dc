// Scenario 9 (issue 10, "Done when"): a job specialist keeps a course from the pages alone, the
// way a user would (the participant page's action links, fields found by their labels):
// register the participant with the course → change phase twice → log two employer meetings in
// the quick log → a jobbsmak, then a paid job → raise its percentage → see the status-check
// alert on Min dag, record the follow-up check, see the alert go → passive and back → end the
// course with cause `arbeid` → the team lead reopens it. Then `jobbvei export` must hold every
// record with the values typed. run.mjs runs it once at 360 px and once at desktop width.
//
// Dates are set relative to today so that the alert is due: the course starts 240 days ago, the
// jobbsmak a month later and the paid job 190 days ago, so the paid job's 6-month status check
// falls about a week ago (docs/alerts.md) and the check recorded today is that one.

import fs from 'node:fs';
import path from 'node:path';
import { addDays, check, jobbvei, login, newPage, note, pathOf, runAxe, scenario, tempDir } from './lib.mjs';

/** A synthetic fødselsnummer (Skatteetaten's test series, month + 80) with both mod-11 check digits. */
export function syntheticFnr(day, month, yy, firstIndividual) {
  const pad = (n, w) => String(n).padStart(w, '0');
  const digit = (ds, weights) => {
    const r = 11 - (weights.reduce((s, w, i) => s + w * ds[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  for (let ind = firstIndividual; ind < firstIndividual + 100; ind += 1) {
    const ds = [...`${pad(day, 2)}${pad(month + 80, 2)}${pad(yy, 2)}${pad(ind % 500, 3)}`].map(Number);
    const k1 = digit(ds, [3, 7, 6, 1, 8, 9, 4, 5, 2]);
    if (k1 === 10) continue;
    const k2 = digit([...ds, k1], [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]);
    if (k2 === 10) continue;
    return `${ds.join('')}${k1}${k2}`;
  }
  throw new Error('no valid fødselsnummer in a hundred individual numbers');
}

/** A date `n` calendar months later, the last day of the month when the day is missing (as chrono). */
function addMonths(iso, n) {
  const [y, m, d] = iso.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 + n, 1));
  const last = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  first.setUTCDate(Math.min(d, last));
  return first.toISOString().slice(0, 10);
}

/** dd.mm.åååå, as the pages show a date. */
export function shown(iso) {
  const [y, m, d] = iso.split('-');
  return `${d}.${m}.${y}`;
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The field with this label; an optional field's label ends in "(valgfritt)", the place in when it is needed. */
export function field(page, label) {
  return page.getByLabel(new RegExp(`^\\s*${escapeRe(label)}(\\s*\\((valgfritt|må fylles ut for fysiske møter)\\))?\\s*$`));
}

/** Picks `option` in a select by its text, or types it into a text or search field. */
export async function choose(page, label, option) {
  const f = field(page, label);
  if ((await f.evaluate((e) => e.tagName)) === 'SELECT') await f.selectOption({ label: option });
  else await f.fill(option);
}

/** Clicks and waits for the page it leads to; the answer's status. */
export async function go(page, locator) {
  const [res] = await Promise.all([page.waitForNavigation(), locator.click()]);
  return res ? res.status() : 0;
}

export const link = (page, name) => page.getByRole('link', { name, exact: true });
export const button = (page, name) => page.getByRole('button', { name, exact: true });

/** The elements that stick out past `width` (those inside a scrolling box are its business). */
export function tooWide(page, width) {
  return page.evaluate((vw) => {
    const out = [...document.querySelectorAll('body *')].filter((e) => {
      const inScroll = e.parentElement && e.parentElement.closest('.scroll');
      return e.getBoundingClientRect().right > vw + 1 && !inScroll;
    });
    return out.slice(0, 8).map((e) => `${e.tagName.toLowerCase()}.${e.className}`).join(', ');
  }, width);
}

/** What the page says is wrong, for a failure's detail. */
export async function problems(page) {
  const msgs = await page.locator('main .field-error, main [role="alert"]').allInnerTexts();
  return `${page.url()}: ${msgs.join(' | ') || (await page.locator('main').innerText()).slice(0, 300)}`;
}

/**
 * Runs the scenario for one participant. `opts`: label (9a, 9b), viewport, mobile, who (the
 * participant's name), form (the paid job's form: fast or tidsbegrenset), seed (varies the fnr).
 */
export async function keepCourse(ctx, opts) {
  const { fx, U, fixtureDir, today } = ctx;
  const width = opts.viewport.width;
  await scenario(`${opts.label}. keeping a course from the pages at ${width} px`, async () => {
    const S = addDays(today, -240);
    const want = {
      name: opts.who,
      fnr: syntheticFnr(12, 3, 88, 100 + opts.seed * 37),
      postal: '0473',
      start: S,
      today,
      phases: [
        ['henvist', S],
        ['kartlegging', addDays(S, 10)],
        ['jobbutvikling', addDays(S, 40)],
      ],
      meetings: [
        { employer: 'Bakeriet AS', employerId: 'e1', date: addDays(S, 20), time: '10:00', sub: 'jobbutvikling' },
        { employer: 'Sagene Sykkelverksted AS', employerId: 'e2', date: addDays(S, 25), time: '13:30', sub: 'relasjonsbygging' },
      ],
      taste: { title: 'Bakeriassistent', employerId: 'e1', start: addDays(S, 30), end: addDays(S, 37) },
      paid: { title: 'Sykkelmekaniker', employerId: 'e2', form: opts.form, start: addDays(today, -190), raised: addDays(today, -160) },
      passive: { from: addDays(today, -20), to: addDays(today, -10) },
    };
    want.paid.sixMonths = addMonths(want.paid.start, 6);
    const page = await newPage(opts.viewport, opts.mobile);
    const fits = async (where) => {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`${where} has no horizontal scroll at ${width} px`, w <= width, `scrollWidth ${w}; wider: ${await tooWide(page, width)}`);
    };
    await login(page, fx.base, U.js1);

    // Register the participant with the first course.
    await page.goto(`${fx.base}/portefolje`);
    if (!check('/portefolje has "Ny deltaker"', (await go(page, link(page, 'Ny deltaker'))) === 200 && pathOf(page) === '/deltaker/ny', page.url())) return;
    await fits('/deltaker/ny');
    if (!opts.mobile) await runAxe(page, '/deltaker/ny');
    await field(page, 'Navn').fill(want.name);
    await field(page, 'Fødselsnummer eller d-nummer').fill(want.fnr);
    await field(page, 'Postnummer').fill(want.postal);
    await choose(page, 'Norsknivå', 'B1');
    await choose(page, 'Metode', 'IPS');
    await field(page, 'Forløpet starter').fill(S);
    await go(page, button(page, 'Registrer deltakeren'));
    const pid = (pathOf(page).match(/^\/deltaker\/([^/]+)$/) || [])[1];
    if (!check('"Registrer deltakeren" opens the new participant page', pid && (await page.locator('h1').innerText()).trim() === want.name, await problems(page))) return;
    const participant = pathOf(page);
    const facts = await page.locator('dl.facts').innerText();
    check('the page shows the fødselsnummer masked', facts.includes(`${want.fnr.slice(0, 6)}*****`) && !facts.includes(want.fnr), facts);
    const phaseLink = link(page, 'Endre fase');
    const cid = ((await phaseLink.getAttribute('href')) || '').split('/')[2];
    check('the course is IPS from its start, in the phase "Henvist"', (await page.locator(`#forlop-${cid}`).innerText()).includes(`${shown(S)}: Henvist`), await page.locator('main').innerText());
    await fits(`the new participant page`);

    // Change the phase twice.
    for (const [code, from] of want.phases.slice(1)) {
      await go(page, link(page, 'Endre fase'));
      await fits('/forlop/{id}/fase');
      await choose(page, 'Ny fase', code === 'kartlegging' ? 'Kartlegging' : 'Jobbutvikling');
      await field(page, 'Fra dato').fill(from);
      await go(page, button(page, 'Lagre fase'));
      if (!check(`"Lagre fase" saves ${code} from ${from}`, pathOf(page) === participant, await problems(page))) return;
    }
    const phases = await page.locator(`#forlop-${cid} ol.phases`).innerText();
    check('the course lists both new phases with their dates', phases.includes(`${shown(want.phases[1][1])}: Kartlegging`) && phases.includes(`${shown(want.phases[2][1])}: Jobbutvikling`), phases);

    // Two employer meetings in the quick log, the first from the participant page's button.
    for (const [i, m] of want.meetings.entries()) {
      if (i === 0) await go(page, link(page, 'Logg for denne deltakeren'));
      else await page.goto(`${fx.base}/logg`);
      await fits('/logg');
      await choose(page, 'Aktivitet', 'Arbeidsgivermøte');
      await choose(page, 'Deltaker', want.name);
      await choose(page, 'Arbeidsgiver', m.employer);
      await page.getByRole('radio', { name: 'Fysisk', exact: true }).check();
      await field(page, 'Personen jeg møtte kan ansette').check();
      await choose(page, 'Underkategori (arbeidsgiverarbeid)', m.sub === 'jobbutvikling' ? 'Jobbutvikling' : 'Relasjonsbygging');
      await field(page, 'Dato').fill(m.date);
      await field(page, 'Klokkeslett').fill(m.time);
      await field(page, 'Minutter').fill('60');
      // Status and the other less common fields fold away (the quick log fits a phone screen).
      if ((await page.locator('details.jv-more[open]').count()) === 0) await page.locator('details.jv-more summary').click();
      await choose(page, 'Status', 'Gjennomført');
      await field(page, 'Sted').fill('Hos arbeidsgiver');
      await go(page, button(page, 'Lagre'));
      const saved = await page.getByRole('status').innerText().catch(() => '');
      if (!check(`the quick log confirms the meeting with ${m.employer}`, saved.startsWith('Lagret: Arbeidsgivermøte'), `${saved} ${await problems(page)}`)) return;
    }
    await page.goto(`${fx.base}${participant}`);
    const meetings = await page.locator('ol.timeline > li').filter({ hasText: 'Arbeidsgivermøte' }).count();
    check('the participant\'s timeline shows the two employer meetings', meetings === 2, `${meetings} meetings`);

    // A jobbsmak, then a paid job.
    const jobs = [
      { ...want.taste, form: 'Jobbsmak (ulønnet, ikke arbeid)', employer: 'Bakeriet AS', styrk: '7512', paid: false },
      { ...want.paid, form: want.paid.form === 'fast' ? 'Fast' : 'Tidsbegrenset', employer: 'Sagene Sykkelverksted AS', styrk: '7234', paid: true, percent: '20' },
    ];
    for (const j of jobs) {
      await go(page, link(page, 'Ny jobb'));
      await fits('/forlop/{id}/jobb');
      if (!opts.mobile && !j.paid) await runAxe(page, '/forlop/{id}/jobb');
      await choose(page, 'Arbeidsgiver', j.employer);
      await choose(page, 'Form', j.form);
      await field(page, 'Stillingstittel').fill(j.title);
      await field(page, 'Yrke (STYRK-08)').fill(j.styrk);
      await field(page, 'Lønnet').setChecked(j.paid);
      await field(page, 'Ordinær lønn og vilkår').setChecked(j.paid);
      await field(page, 'Startdato').fill(j.start);
      if (j.percent) await field(page, 'Stillingsprosent').fill(j.percent);
      if (j.end) await field(page, 'Planlagt slutt').fill(j.end);
      await go(page, button(page, 'Lagre jobben'));
      if (!check(`"Lagre jobben" adds the ${j.form.split(' ')[0].toLowerCase()} at ${j.employer}`, pathOf(page) === participant, await problems(page))) return;
    }
    const chain = await page.locator('table.chain-table tbody tr').allInnerTexts();
    check('the job chain lists the jobbsmak as not work and the paid job', chain.length === 2 && chain[0].includes('Ikke arbeid') && chain[1].includes(want.paid.title), JSON.stringify(chain));

    // Raise the percentage.
    await go(page, page.getByRole('link', { name: `Endre stillingsprosent for ${want.paid.title}` }));
    await fits('/jobb/{id}/prosent');
    const jobId = pathOf(page).split('/')[2];
    await field(page, 'Fra dato').fill(want.paid.raised);
    await field(page, 'Ny stillingsprosent').fill('50');
    await go(page, button(page, 'Lagre stillingsprosent'));
    const row = (await page.locator('table.chain-table tbody tr').filter({ hasText: want.paid.title }).innerText().catch(() => '')).replace(/\s+/g, ' ');
    check('the paid job shows 20 % → 50 %', pathOf(page) === participant && row.includes(`20 % fra ${shown(want.paid.start)} → 50 % fra ${shown(want.paid.raised)}`), `${row} ${await problems(page)}`);

    // The status check is due; recording the follow-up check clears it.
    const alert = () => page.locator('main li').filter({ hasText: 'Statuskontroll skal gjøres' }).filter({ hasText: want.name });
    await page.goto(`${fx.base}/min-dag`);
    check('Min dag shows "Statuskontroll skal gjøres" for the participant', (await alert().count()) === 1, await page.locator('main').innerText());
    await go(page, alert().getByRole('link', { name: want.name }));
    await go(page, page.getByRole('link', { name: `Registrer kontroll for ${want.paid.title}` }));
    await fits('/jobb/{id}/kontroll');
    await field(page, 'Stillingsprosent').check();
    await field(page, 'Arbeidsoppgaver').check();
    await field(page, 'Notat').fill('Trives i verkstedet. Ønsker flere timer.');
    await go(page, button(page, 'Lagre kontrollen'));
    const rows = await page.locator('table.followup-table tbody tr').allInnerTexts();
    const done = rows.filter((r) => r.includes(`Gjennomført ${shown(today)}`));
    check('the follow-up table shows the 6-month check done today, with its areas', pathOf(page) === participant && done.length === 1 && done[0].startsWith(shown(want.paid.sixMonths)) && done[0].includes('Arbeidsoppgaver'), `${JSON.stringify(rows)} ${await problems(page)}`);
    await page.goto(`${fx.base}/min-dag`);
    check('the status-check alert is gone from Min dag', (await alert().count()) === 0, await page.locator('main').innerText());
    await page.goto(`${fx.base}/varsler`);
    check('…and from the deadlines on /varsler', (await alert().count()) === 0, await page.locator('main').innerText());

    // Passive and back.
    await page.goto(`${fx.base}${participant}`);
    await go(page, link(page, 'Sett passiv'));
    await fits('/forlop/{id}/passiv');
    await field(page, 'Passiv fra').fill(want.passive.from);
    await choose(page, 'Årsak', 'Deltakeren ønsker en pause');
    await go(page, button(page, 'Sett passiv'));
    const tag = await page.locator(`#forlop-${cid}`).innerText();
    if (!check('the course shows "Passiv: Deltakeren ønsker en pause"', tag.includes('Passiv: Deltakeren ønsker en pause'), `${tag} ${await problems(page)}`)) return;
    await go(page, link(page, 'Gjør aktiv igjen'));
    await field(page, 'Aktiv igjen fra').fill(want.passive.to);
    await go(page, button(page, 'Gjør aktiv'));
    const active = await page.locator(`#forlop-${cid}`).innerText();
    check('"Gjør aktiv" ends the passive period', pathOf(page) === participant && !active.includes('Passiv:'), `${active} ${await problems(page)}`);

    // End the course with cause `arbeid`.
    await fits('the participant page with its jobs and checks');
    await go(page, link(page, 'Avslutt forløp'));
    await fits('/deltaker/{id}/avslutt');
    await page.getByRole('radio', { name: 'Arbeid', exact: true }).check();
    await field(page, 'Hva er avtalt').fill('Veileder følger opp arbeidsforholdet.');
    await field(page, 'Veilederen er orientert om avslutningen').check();
    await go(page, button(page, 'Avslutt forløpet'));
    check('"Avslutt forløpet" goes on to the end report', pathOf(page) === `${participant}/sluttrapport`, await problems(page));
    await page.goto(`${fx.base}${participant}`);
    const ended = await page.locator(`#forlop-${cid}`).innerText();
    check('the course shows its end and no longer offers "Endre fase"', ended.includes(`${shown(S)} – ${shown(today)}`) && (await link(page, 'Endre fase').count()) === 0, ended);
    check('the job specialist is not offered "Gjenåpne forløpet"', (await link(page, 'Gjenåpne forløpet').count()) === 0);
    await page.context().close();

    // The team lead reopens it.
    const lead = await newPage(opts.viewport, opts.mobile);
    await login(lead, fx.base, U.ml1);
    await lead.goto(`${fx.base}${participant}`);
    await go(lead, link(lead, 'Gjenåpne forløpet'));
    await choose(lead, 'Hvorfor gjenåpnes forløpet?', 'Deltakeren vil ha hjelp igjen kort tid etter');
    await go(lead, button(lead, 'Gjenåpne'));
    const reopened = await lead.locator(`#forlop-${cid}`).innerText();
    check('"Gjenåpne" opens the course again in the phase it had', pathOf(lead) === participant && reopened.includes('pågår') && reopened.includes(`${shown(today)}: Jobbutvikling`) && (await link(lead, 'Endre fase').count()) === 1, `${reopened} ${await problems(lead)}`);
    await lead.context().close();

    checkExport(fixtureDir, want, { pid, cid, jobId });
  });
}

/** `jobbvei export` holds every record the pages kept, with the values typed. */
function checkExport(dir, want, ids) {
  const file = path.join(tempDir('export'), 'export.jsonl');
  jobbvei(dir, ['export', '--output', file]);
  const rows = fs.readFileSync(file, 'utf8').split('\n').filter((l) => l.trim() && !l.startsWith('#')).map((l) => JSON.parse(l));
  const of = (type, pred) => rows.filter((r) => r.type === type && pred(r));
  const show = (x) => JSON.stringify(x);

  const [p] = of('participant', (r) => r.id === ids.pid);
  check('export: the participant with name, fødselsnummer and postal code', p && p.name === want.name && p.fnr === want.fnr && p.postal_code === want.postal && p.birth_year === 1988, show(p));
  const [c] = of('course', (r) => r.id === ids.cid);
  check('export: the course, IPS from its start, js1 its job specialist', c && c.participant === ids.pid && c.method === 'IPS' && c.start === want.start && c.job_specialist === 'js1', show(c));
  // reopen.rs clears the end, its cause and detail.
  check('export: the reopened course has no end and no end cause', c && c.end == null && c.end_cause == null && c.end_cause_detail == null, show(c));

  const phases = of('phase', (r) => r.course === ids.cid).sort((a, b) => a.from.localeCompare(b.from));
  check('export: the first phase and both phase changes', want.phases.every(([ph, from]) => phases.some((r) => r.phase === ph && r.from === from)), show(phases));
  const last = phases[phases.length - 1];
  check('export: reopening put the course back in "jobbutvikling" from today', last && last.phase === 'jobbutvikling' && last.from > want.phases[2][1], show(phases));

  const acts = of('activity', (r) => r.course === ids.cid);
  const meetingsOk = want.meetings.every((m) =>
    acts.some((a) => a.kind === 'arbeidsgivermote' && a.employer === m.employerId && a.start.startsWith(`${m.date}T${m.time}`) && a.minutes === 60 && a.status === 'gjennomfort' && a.channel === 'fysisk' && a.decision_maker === true && a.subcategory === m.sub && a.place === 'Hos arbeidsgiver' && a.user === 'js1'),
  );
  check('export: both employer meetings on the course, as logged', acts.length === 2 && meetingsOk, show(acts));

  const jobs = of('job', (r) => r.course === ids.cid);
  const taste = jobs.find((j) => j.form === 'jobbsmak');
  check('export: the jobbsmak, unpaid, with its employer, title, start and planned end', taste && taste.paid === false && taste.employer === want.taste.employerId && taste.title === want.taste.title && taste.start === want.taste.start && taste.planned_end === want.taste.end && taste.styrk === '7512', show(taste));
  const paid = jobs.find((j) => j.id === ids.jobId);
  const pct = paid ? show(paid.percent) : '';
  check(`export: the paid job (${want.paid.form}) with 20 % and then 50 %`, paid && paid.form === want.paid.form && paid.paid === true && paid.ordinary_terms === true && paid.employer === want.paid.employerId && paid.start === want.paid.start && pct === show([{ from: want.paid.start, percent: 20 }, { from: want.paid.raised, percent: 50 }]), show(paid));

  const checks = of('followup_check', (r) => r.job === ids.jobId);
  const doneOnes = checks.filter((k) => k.done);
  const areas = doneOnes[0] ? [...(doneOnes[0].areas || [])].sort() : [];
  check('export: the 6-month check done today, with its areas', doneOnes.length === 1 && doneOnes[0].due === want.paid.sixMonths && doneOnes[0].done === want.today && show(areas) === show(['arbeidsoppgaver', 'stillingsprosent']), show(doneOnes));
  note(`export: ${checks.length} follow-up checks on the paid job (planned at its start), ${doneOnes.length} done`);

  const passive = of('passive', (r) => r.course === ids.cid);
  check('export: the passive period with its dates and reason', passive.length === 1 && passive[0].from === want.passive.from && passive[0].to === want.passive.to && passive[0].reason === 'pause', show(passive));

  const audit = JSON.parse(jobbvei(dir, ['audit', '--participant', ids.pid, '--format', 'json']));
  const reopen = audit.find((e) => e.action === 'reopen');
  check('the audit log has the reopening, by the team lead, with its reason', reopen && reopen.user === 'ml1' && reopen.fields.includes('reason=vil_ha_hjelp_igjen'), show(audit.map((e) => [e.action, e.user])));
}
