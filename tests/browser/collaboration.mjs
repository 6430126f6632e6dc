// Scenario 10 (issue 11, "Done when"): the collaboration between the veileder and the job
// specialist, walked by four people in their own browsers. vl1 (veileder) refers two new
// participants, one first as a draft to talk over with the team lead; ml1 (team lead of t1)
// sees them in the intake queue with the days waited and an overdue one on Min dag, rejects
// one (a reason from the list and a text are required) and accepts the other, choosing js1
// and the three-party meeting; js1 plans and then records the meeting and the cooperation
// agreement, shares an interval report, starts a paid job, sets the course passive for
// health and active again, ends the job and an unpaid placement; vl1 follows it on /mine-deltakere and in
// /varsler without health details; ml1 changes the veileder to vl2 and both are told. Then
// /tall/henvisninger shows what `jobbvei report referrals` prints for the same window.
// run.mjs runs it once at 360 px and once at desktop width, after scenario 9.
//
// Everything happens today: a referral is sent today and its three-party meeting may not be
// before that, so the course starts today. The overdue referral (sent 20 days ago) cannot be
// made from the pages without a clock, so it is imported with `jobbvei import`.

import fs from 'node:fs';
import path from 'node:path';
import { button, choose, field, go, link, problems, shown, syntheticFnr, tooWide } from './keep_course.mjs';
import { addDays, check, jobbvei, login, newPage, pathOf, runAxe, scenario, tempDir } from './lib.mjs';

/** The texts of the signed-in user's notices on /varsler, newest first. */
async function notices(page, base) {
  await page.goto(`${base}/varsler`);
  return page.locator('#beskjeder > li').allInnerTexts();
}

/** The notice whose text matches `re`, or undefined. */
function find(list, re) {
  return list.find((t) => re.test(t.replace(/\s+/g, ' ')));
}

/** A referral sent 20 days ago, for a participant of vl1, put in with `jobbvei import`. */
function importOverdue(dir, today, who, fnr, label) {
  const file = path.join(tempDir('overdue'), 'overdue.jsonl');
  const pid = `p-overdue-${label}`;
  const lines = [
    { type: 'participant', id: pid, name: who, fnr, birth_year: 1991, veileder: 'vl1' },
    { type: 'referral', id: `h-overdue-${label}`, participant: pid, veileder: 'vl1', team: 't1', sent: addDays(today, -20) },
  ];
  fs.writeFileSync(file, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
  jobbvei(dir, ['import', file]);
}

/**
 * Runs the scenario once. `opts`: label (10a, 10b), viewport, mobile, seed (varies the
 * fødselsnumre), and the names of the accepted, the rejected and the overdue participant.
 */
export async function collaboration(ctx, opts) {
  const { fx, U, fixtureDir, today } = ctx;
  const width = opts.viewport.width;
  const T = shown(today);
  await scenario(`${opts.label}. referral, intake and the collaboration at ${width} px`, async () => {
    const fnr = (n) => syntheticFnr(20 + opts.seed, 6, 91, 10 + opts.seed * 97 + n * 23);
    importOverdue(fixtureDir, today, opts.overdue, fnr(2), opts.label);

    const open = async (user) => {
      const p = await newPage(opts.viewport, opts.mobile);
      await login(p, fx.base, user);
      return p;
    };
    const fits = async (page, where) => {
      const w = await page.evaluate(() => document.documentElement.scrollWidth);
      check(`${where} has no horizontal scroll at ${width} px`, w <= width, `scrollWidth ${w}; wider: ${await tooWide(page, width)}`);
    };
    // At a phone's width every page is checked for sideways scroll; at desktop width, axe.
    const look = async (page, where) => {
      if (opts.mobile) await fits(page, where);
      else await runAxe(page, where);
    };
    const vl = await open(U.vl1);
    const lead = await open(U.ml1);
    const js = await open(U.js1);

    // 1. The veileder writes a referral for a new participant and asks the team lead to talk it over.
    await vl.goto(`${fx.base}/henvisninger`);
    await look(vl, '/henvisninger (veileder)');
    if (!check('/henvisninger offers "Ny henvisning"', (await go(vl, link(vl, 'Ny henvisning'))) === 200 && pathOf(vl) === '/henvisning/ny', vl.url())) return;
    await look(vl, '/henvisning/ny');
    check('the referral form warns against health details in free text', (await vl.locator('main').innerText()).includes('Ikke skriv helseopplysninger'));
    // Bad input: a participant already in an open course (Amina Hassan, c1) is refused, nothing stored.
    await choose(vl, 'Deltaker', 'Amina Hassan');
    await choose(vl, 'Team', 'Jobbteam Sagene (NAV Sagene)');
    await field(vl, 'Hvorfor nå').fill('Ønsker å prøve seg i arbeid.');
    await field(vl, 'Deltakerens eget ønske om arbeid').fill('Butikk.');
    const refused = await go(vl, button(vl, 'Lagre'));
    check('a referral for a participant in an open course is refused with a clear message', refused === 422 && (await problems(vl)).includes('allerede et åpent forløp'), `${refused} ${await problems(vl)}`);
    check('…and the form keeps what was chosen', (await field(vl, 'Team').inputValue()) === 't1');
    await vl.goto(`${fx.base}/henvisning/ny`);
    check('the team starts unchosen ("Velg"), not on the first team', (await field(vl, 'Team').inputValue()) === '' && (await field(vl, 'Team').locator('option:checked').innerText()) === 'Velg');
    await field(vl, 'Navn på ny deltaker').fill(opts.accepted);
    await field(vl, 'Fødselsnummer eller d-nummer for ny deltaker').fill(fnr(0));
    await choose(vl, 'Team', 'Jobbteam Sagene (NAV Sagene)');
    await field(vl, 'Hvorfor nå').fill('Har fullført norskkurs og vil i arbeid nå.');
    await field(vl, 'Deltakerens eget ønske om arbeid').fill('Vil jobbe i barnehage, gjerne 60 prosent.');
    await field(vl, 'Det du vet om behov for bistand').fill('Trenger hjelp med søknader og transport.');
    await choose(vl, 'Foretrukket metode', 'IPS');
    await choose(vl, 'Hva vil du gjøre nå?', 'Lagre som utkast og be teamlederen om en drøfting før jeg sender');
    await go(vl, button(vl, 'Lagre'));
    const acceptedRef = pathOf(vl);
    if (!check('the draft is saved and shown "til drøfting med teamleder"', /^\/henvisning\/[^/]+$/.test(acceptedRef) && (await vl.locator('#status').innerText()) === 'Utkast, til drøfting med teamleder', await problems(vl))) return;
    await look(vl, '/henvisning/{id} (draft)');
    if (opts.mobile) {
      const stacked = await vl.locator('dl.facts').evaluate((dl) => {
        const [dt, dd] = [dl.querySelector('dt'), dl.querySelector('dd')].map((e) => e.getBoundingClientRect());
        return dd.top >= dt.bottom - 1 && Math.abs(dd.left - dt.left) <= 1;
      });
      check('at 360 px the referral\'s facts stack, each value under its label', stacked);
    }

    // 2. The team lead is told and can read the draft.
    let ln = await notices(lead, fx.base);
    check('the team lead is told the veileder wants to talk a referral over', find(ln, new RegExp(`Ingrid Lie vil drøfte en henvisning av ${opts.accepted} med deg`)), ln.join('\n'));
    await lead.goto(`${fx.base}/henvisninger`);
    check('the draft is in the team lead\'s "Utkast veiledere vil drøfte med deg"', (await lead.locator('#drofting').innerText().catch(() => '')).includes(opts.accepted), await problems(lead));

    // 3. The veileder sends it, and sends a second referral straight away.
    await vl.goto(`${fx.base}${acceptedRef}`);
    await go(vl, link(vl, 'Endre eller send'));
    await look(vl, '/henvisning/{id}/endre');
    await choose(vl, 'Hva vil du gjøre nå?', 'Send henvisningen til teamet');
    await go(vl, button(vl, 'Lagre'));
    check('"Send" sends the referral: "Sendt …, venter på svar"', (await vl.locator('#status').innerText()) === `Sendt ${T}, venter på svar (sendt i dag)`, await problems(vl));
    await vl.goto(`${fx.base}/henvisning/ny`);
    await field(vl, 'Navn på ny deltaker').fill(opts.rejected);
    await field(vl, 'Fødselsnummer eller d-nummer for ny deltaker').fill(fnr(1));
    await choose(vl, 'Team', 'Jobbteam Sagene (NAV Sagene)');
    await field(vl, 'Hvorfor nå').fill('Har spurt om hjelp til å finne jobb.');
    await field(vl, 'Deltakerens eget ønske om arbeid').fill('Lager eller transport.');
    await go(vl, button(vl, 'Lagre'));
    const rejectedRef = pathOf(vl);
    if (!check('the second referral is sent at once (the form\'s default step)', (await vl.locator('#status').innerText()).startsWith(`Sendt ${T}`), await problems(vl))) return;

    // 4. The team lead's queue, with the days waited; the overdue one on Min dag.
    ln = await notices(lead, fx.base);
    check('the team lead is told of both sent referrals', [opts.accepted, opts.rejected].every((n) => find(ln, new RegExp(`Ny henvisning til Jobbteam Sagene: ${n} fra Ingrid Lie`))), ln.join('\n'));
    await lead.goto(`${fx.base}/henvisninger`);
    await look(lead, '/henvisninger (team lead)');
    const queue = await lead.locator('#ko tbody tr').allInnerTexts();
    const row = (n) => (queue.find((r) => r.includes(n)) || '').replace(/\s+/g, ' ');
    check('the queue lists both new referrals, "sendt i dag"', row(opts.accepted).includes('sendt i dag') && row(opts.rejected).includes('sendt i dag'), queue.join('\n'));
    check('the queue marks the imported referral "20 dager", over 14 days', row(opts.overdue).includes('20 dager') && row(opts.overdue).includes('Over 14 dager'), queue.join('\n'));
    const firstInQueue = queue.findIndex((r) => r.includes(opts.overdue)) < queue.findIndex((r) => r.includes(opts.accepted));
    check('…oldest first', firstInQueue, queue.join('\n'));
    await lead.goto(`${fx.base}/min-dag`);
    const overdue = await lead.locator('#henvisninger-venter').innerText().catch(() => '');
    check('the team lead\'s Min dag lists the referral waiting 20 days', overdue.includes(`${opts.overdue} · fra Ingrid Lie · har ventet 20 dager`), overdue);

    // 5. Reject one: without a reason and a text nothing is stored; then with both.
    await lead.goto(`${fx.base}/henvisninger`);
    await go(lead, lead.getByRole('link', { name: `Avvis ${opts.rejected}`, exact: true }));
    await look(lead, '/henvisning/{id}/avvis');
    check('the reason starts unchosen', (await field(lead, 'Grunn').inputValue()) === '');
    const noReason = await go(lead, button(lead, 'Avvis henvisningen'));
    const msgs = await problems(lead);
    check('a rejection without reason and text is refused with both messages', noReason === 422 && msgs.includes('Velg en grunn fra listen.') && msgs.includes('Skriv en begrunnelse til veilederen.'), `${noReason} ${msgs}`);
    await lead.goto(`${fx.base}${rejectedRef}`);
    check('…and the referral still waits', (await lead.locator('#status').innerText()).includes('venter på svar'));
    await go(lead, link(lead, 'Avvis'));
    await choose(lead, 'Grunn', 'Aktiv rus');
    const why = 'Ta kontakt igjen når deltakeren har startet oppfølging; vi tar gjerne et møte.';
    await field(lead, 'Begrunnelse').fill(why);
    await go(lead, button(lead, 'Avvis henvisningen'));
    check('the rejection is stored: "Avvist …: Aktiv rus"', pathOf(lead) === rejectedRef && (await lead.locator('#status').innerText()) === `Avvist ${T}: Aktiv rus`, await problems(lead));

    // 6. Accept the other: the job specialist is chosen, not preselected; the meeting today.
    await lead.goto(`${fx.base}/henvisninger`);
    await go(lead, lead.getByRole('link', { name: `Aksepter ${opts.accepted}`, exact: true }));
    await look(lead, '/henvisning/{id}/aksepter');
    check('the job specialist starts unchosen ("Velg")', (await field(lead, 'Jobbspesialist').inputValue()) === '');
    check('the method starts as the veileder preferred (IPS)', (await field(lead, 'Metode').inputValue()) === 'IPS');
    await choose(lead, 'Jobbspesialist', 'Kari Nordmann');
    await field(lead, 'Trekantsamtale').fill(today);
    await go(lead, button(lead, 'Aksepter og start forløpet'));
    check('the acceptance is stored: "Akseptert …"', pathOf(lead) === acceptedRef && (await lead.locator('#status').innerText()) === `Akseptert ${T}`, await problems(lead));
    const facts = await lead.locator('dl.facts').innerText();
    check('the referral shows the course with Kari Nordmann', facts.includes('Kari Nordmann'), facts);

    // 7. The veileder is told both answers, with the rejection's reason, and reads the text.
    let vn = await notices(vl, fx.base);
    await look(vl, '/varsler (veileder)');
    const rejectedNotice = find(vn, new RegExp(`Henvisningen av ${opts.rejected} er avvist av Jobbteam Sagene\\. Grunn: Aktiv rus\\.`));
    check('the veileder is told of the rejection, with the reason', rejectedNotice, vn.join('\n'));
    check('…but not the team lead\'s text', !vn.some((t) => t.includes(why)), vn.join('\n'));
    check('the veileder is told of the acceptance, the job specialist and the meeting', find(vn, new RegExp(`Henvisningen av ${opts.accepted} er akseptert av Jobbteam Sagene\\. Jobbspesialist: Kari Nordmann\\. Trekantsamtale planlagt ${T.replace(/\./g, '\\.')}`)), vn.join('\n'));
    await go(vl, vl.locator('#beskjeder a').filter({ hasText: `avvist av Jobbteam Sagene` }).filter({ hasText: opts.rejected }));
    check('the rejection notice opens the referral with the team lead\'s text', pathOf(vl) === rejectedRef && (await vl.locator('#begrunnelse').innerText()) === why, await problems(vl));
    await vl.goto(`${fx.base}/henvisninger`);
    const mine = (await vl.locator('#mine').innerText()).replace(/\s+/g, ' ');
    check('the veileder\'s list shows "Avvist …: Aktiv rus" and "Akseptert"', mine.includes(`Avvist ${T}: Aktiv rus`) && mine.includes(`Akseptert ${T}`), mine);
    check('…and flags the referral waiting 20 days', (await vl.locator('#venter-lenge').innerText().catch(() => '')).includes('14 dager eller mer'));

    // 8. The job specialist gets the participant and plans, then records, the three-party meeting.
    let jn = await notices(js, fx.base);
    check('the job specialist is told of the new participant', find(jn, new RegExp(`Du har fått en ny deltaker: ${opts.accepted}\\.`)), jn.join('\n'));
    await js.goto(`${fx.base}${acceptedRef}`);
    await go(js, js.locator('h1 a'));
    const participant = pathOf(js);
    if (!check('the referral links to the new participant page', /^\/deltaker\/[^/]+$/.test(participant) && (await js.locator('h1').innerText()).trim() === opts.accepted, await problems(js))) return;
    const courseText = await js.locator('section[id^="forlop-"]').first().innerText();
    check('the course is IPS, js1\'s, from today', courseText.includes(`IPS-forløp ${T}`) && courseText.includes('Jobbspesialist: Kari Nordmann') && courseText.includes(`${T}: `), courseText.slice(0, 400));
    await look(js, 'the new participant page');
    await go(js, link(js, 'Registrer trepartssamtale'));
    const agreementForm = pathOf(js);
    await look(js, '/forlop/{id}/samarbeidsavtale');
    await field(js, 'Dato for samtalen').fill(addDays(today, 1));
    await go(js, button(js, 'Lagre avtalen'));
    check('a date ahead plans the meeting (the printout opens)', pathOf(js) === `${agreementForm}/utskrift`, await problems(js));
    vn = await notices(vl, fx.base);
    check('the veileder is told the meeting is planned', find(vn, new RegExp(`Trepartssamtale med ${opts.accepted} er planlagt ${shown(addDays(today, 1)).replace(/\./g, '\\.')}`)), vn.join('\n'));

    await js.goto(`${fx.base}${participant}`);
    await go(js, link(js, 'Endre samarbeidsavtalen'));
    await field(js, 'Dato for samtalen').fill(today);
    for (const name of ['took_part.deltaker', 'took_part.jobbspesialist', 'took_part.veileder', 'roles_js.arbeidsgivere', 'roles_js.orientere', 'roles_veileder.vedtak', 'roles_participant.si_fra']) {
      await js.locator(`input[name="${name}"]`).check();
    }
    await field(js, 'Deltakeren samtykker til at jobbspesialisten kontakter arbeidsgivere').check();
    await field(js, 'Deltakeren samtykker til at vi snakker med navngitte personer i nettverket eller helsetjenesten').check();
    const contact = 'Fastlege Dr. Holm';
    await field(js, 'Hvem vi kan snakke med (navn og rolle)').fill(contact);
    await choose(js, 'Slik vil deltakeren helst bli kontaktet', 'SMS');
    await go(js, button(js, 'Lagre avtalen'));
    const print = await js.locator('main').innerText();
    check('the agreement is recorded; the printout speaks to the participant and names the contact', pathOf(js) === `${agreementForm}/utskrift` && print.includes(contact), `${await problems(js)}\n${print.slice(0, 400)}`);
    await look(js, '/forlop/{id}/samarbeidsavtale/utskrift');
    vn = await notices(vl, fx.base);
    check('the veileder is told the agreement is recorded', find(vn, new RegExp(`Samarbeidsavtalen med ${opts.accepted} fra trepartssamtalen ${T.replace(/\./g, '\\.')} er registrert`)), vn.join('\n'));
    await vl.goto(`${fx.base}${agreementForm}/utskrift`);
    const vlPrint = await vl.locator('main').innerText();
    check('the veileder\'s printout has the agreement but not the named (health) contact', !vlPrint.includes(contact) && vlPrint.length > 200, vlPrint.slice(0, 600));

    // 9. An interval report, shared with the veileder.
    await js.goto(`${fx.base}${participant}`);
    await go(js, link(js, 'Intervallrapporter'));
    await look(js, '/forlop/{id}/intervallrapport');
    await go(js, link(js, 'Skriv og del med veilederen'));
    await look(js, '/forlop/{id}/intervallrapport/endre');
    const summary = `Vi har hatt trepartssamtale og laget en plan med ${opts.accepted}.`;
    await field(js, 'Hva har skjedd i perioden').fill(summary);
    await field(js, 'Veien videre').fill('Kontakte tre barnehager.');
    check('"Del rapporten med veilederen nå" is on by default', await field(js, 'Del rapporten med veilederen nå').isChecked());
    await go(js, button(js, 'Lagre rapporten'));
    const reportUrl = `${pathOf(js)}?nr=1`;
    check('the report is saved', pathOf(js).endsWith('/intervallrapport') && (await js.locator('main').innerText()).includes(summary), await problems(js));
    vn = await notices(vl, fx.base);
    check('the veileder is told the interval report is shared', find(vn, new RegExp(`Intervallrapport 1 for ${opts.accepted} \\(.*\\) er delt med deg\\.`)), vn.join('\n'));
    await vl.goto(`${fx.base}${reportUrl}`);
    check('the veileder reads the shared report', (await vl.locator('main').innerText()).includes(summary), await problems(vl));

    // 10. A paid job starts: the veileder is told.
    await js.goto(`${fx.base}${participant}`);
    await go(js, link(js, 'Ny jobb'));
    await choose(js, 'Arbeidsgiver', 'Bakeriet AS');
    check('the job form\'s "Form" starts unchosen', (await field(js, 'Form').inputValue()) === '');
    await choose(js, 'Form', 'Fast');
    await field(js, 'Stillingstittel').fill('Barnehageassistent');
    await field(js, 'Yrke (STYRK-08)').fill('5312');
    await field(js, 'Lønnet').check();
    await field(js, 'Ordinær lønn og vilkår').check();
    await field(js, 'Startdato').fill(today);
    await field(js, 'Stillingsprosent').fill('40');
    await go(js, button(js, 'Lagre jobben'));
    if (!check('the paid job is saved', pathOf(js) === participant, await problems(js))) return;
    vn = await notices(vl, fx.base);
    check('the veileder is told the job started', find(vn, new RegExp(`${opts.accepted} har startet i jobb: Barnehageassistent hos Bakeriet AS`)), vn.join('\n'));

    // 11. Passive for health and active again: the veileder is told, never why.
    await go(js, link(js, 'Sett passiv'));
    check('the passive reason starts unchosen, not on "Helse eller behandling"', (await field(js, 'Årsak').inputValue()) === '');
    await field(js, 'Passiv fra').fill(today);
    await choose(js, 'Årsak', 'Helse eller behandling');
    await go(js, button(js, 'Sett passiv'));
    check('the course is passive for health (as the job specialist sees it)', (await js.locator('main').innerText()).includes('Passiv: Helse eller behandling'), await problems(js));
    vn = await notices(vl, fx.base);
    const passiveNotice = find(vn, new RegExp(`Forløpet til ${opts.accepted} er passivt fra ${T.replace(/\./g, '\\.')}`));
    check('the veileder is told the course is passive, without the reason', passiveNotice && !/helse|behandling/i.test(passiveNotice), vn.join('\n'));
    await vl.goto(`${fx.base}${participant}`);
    const vlPage = await vl.locator('main').innerText();
    check('the veileder\'s participant page shows "Passiv" but no health reason', vlPage.includes('Passiv') && !/Helse eller behandling/.test(vlPage), vlPage.slice(0, 800));
    await look(vl, 'the participant page as the veileder sees it');
    await go(js, link(js, 'Gjør aktiv igjen'));
    await field(js, 'Aktiv igjen fra').fill(today);
    await go(js, button(js, 'Gjør aktiv'));
    vn = await notices(vl, fx.base);
    check('the veileder is told the course is active again', find(vn, new RegExp(`Forløpet til ${opts.accepted} er aktivt igjen`)), vn.join('\n'));

    // 12. The veileder's own list: the participant with the job specialist, the job and no health.
    await vl.goto(`${fx.base}/mine-deltakere`);
    await look(vl, '/mine-deltakere');
    const myRow = (await vl.locator('main tbody tr').filter({ hasText: opts.accepted }).innerText().catch(() => '')).replace(/\s+/g, ' ');
    check('/mine-deltakere lists the participant with Kari Nordmann and the job', myRow.includes('Kari Nordmann') && myRow.includes('Barnehageassistent'), myRow);
    check('…and no health details', !/helse|behandling/i.test(await vl.locator('main').innerText()));
    check('…and counts the referral waiting 14 days or more', (await vl.locator('#henvisninger-venter').innerText().catch(() => '')).includes('14 dager eller mer'));

    // 13. The job ends: the veileder is told who ended it, not why.
    await js.goto(`${fx.base}${participant}`);
    await go(js, js.getByRole('link', { name: 'Avslutt Barnehageassistent', exact: true }));
    await field(js, 'Sluttdato').fill(today);
    check('"Hvem avsluttet" starts unchosen', (await field(js, 'Hvem avsluttet').inputValue()) === '');
    await choose(js, 'Hvem avsluttet', 'Gjensidig avtale');
    const endWhy = 'Passet ikke med skolen til barna.';
    await field(js, 'Hvorfor').fill(endWhy);
    await go(js, js.getByRole('button', { name: 'Avslutt jobben', exact: true }));
    vn = await notices(vl, fx.base);
    const ended = find(vn, new RegExp(`Jobben til ${opts.accepted} er avsluttet ${T.replace(/\./g, '\\.')} .*Barnehageassistent`));
    check('the veileder is told the job ended, without the free-text reason', ended && !ended.includes(endWhy), `${await problems(js)}\n${vn.join('\n')}`);

    // An unpaid placement: its start is no stop point (the measure is), its end is.
    await js.goto(`${fx.base}${participant}`);
    await go(js, link(js, 'Ny jobb'));
    await choose(js, 'Arbeidsgiver', 'Sagene Sykkelverksted AS');
    await choose(js, 'Form', 'Jobbsmak (ulønnet, ikke arbeid)');
    await field(js, 'Stillingstittel').fill('Sykkelverksted');
    await field(js, 'Yrke (STYRK-08)').fill('7234');
    await field(js, 'Startdato').fill(today);
    await field(js, 'Lønnet').setChecked(false);
    await field(js, 'Ordinær lønn og vilkår').setChecked(false);
    await field(js, 'Planlagt slutt').fill(addDays(today, 7));
    await go(js, button(js, 'Lagre jobben'));
    vn = await notices(vl, fx.base);
    const countBefore = vn.length;
    check('a jobbsmak starting tells the veileder nothing', pathOf(js) === participant && !find(vn, new RegExp(`${opts.accepted}.*Sykkelverksted`)), `${await problems(js)}\n${vn.join('\n')}`);
    await js.goto(`${fx.base}${participant}`);
    await go(js, js.getByRole('link', { name: 'Avslutt Sykkelverksted', exact: true }));
    await field(js, 'Sluttdato').fill(today);
    await choose(js, 'Hvem avsluttet', 'Avtalen løp ut');
    await go(js, js.getByRole('button', { name: 'Avslutt jobben', exact: true }));
    vn = await notices(vl, fx.base);
    check('the veileder is told the unpaid placement ended', vn.length === countBefore + 1 && find(vn, new RegExp(`Utplasseringen til ${opts.accepted} er avsluttet ${T.replace(/\./g, '\\.')}.*Sykkelverksted`)), `${await problems(js)}\n${vn.join('\n')}`);

    // 14. The team lead changes the veileder: the old and the new veileder and the job specialist are told.
    await lead.goto(`${fx.base}${participant}`);
    await go(lead, link(lead, 'Endre deltakeren'));
    await field(lead, 'Veileder i NAV').fill('Per Andersen');
    await go(lead, button(lead, 'Lagre'));
    if (!check('the team lead saves Per Andersen as the veileder', pathOf(lead) === participant, await problems(lead))) return;
    vn = await notices(vl, fx.base);
    check('the old veileder is told they no longer follow the participant', find(vn, new RegExp(`Du er ikke lenger veileder for ${opts.accepted} i Jobbvei\\. Ny veileder: Per Andersen\\.`)), vn.join('\n'));
    const vl2 = await open(U.vl2);
    const v2n = await notices(vl2, fx.base);
    check('the new veileder is told, and pointed to the agreement', find(v2n, new RegExp(`Du er nå veileder for ${opts.accepted}, som følges av jobbspesialist Kari Nordmann`)), v2n.join('\n'));
    await go(vl2, vl2.locator('#beskjeder a').filter({ hasText: `Du er nå veileder for ${opts.accepted}` }));
    check('…and the notice opens the cooperation agreement', pathOf(vl2) === `${agreementForm}/utskrift` && !(await vl2.locator('main').innerText()).includes(contact), vl2.url());
    await vl2.goto(`${fx.base}/mine-deltakere`);
    check('the participant is on the new veileder\'s list', (await vl2.locator('main tbody tr').filter({ hasText: opts.accepted }).count()) === 1);
    await vl.goto(`${fx.base}/mine-deltakere`);
    check('…and gone from the old veileder\'s list', (await vl.locator('main tbody tr').filter({ hasText: opts.accepted }).count()) === 0);
    jn = await notices(js, fx.base);
    check('the job specialist is told the veileder changed', find(jn, new RegExp(`Veilederen for ${opts.accepted} er byttet fra Ingrid Lie til Per Andersen\\.`)), jn.join('\n'));

    // 15. The course ends and is reopened: the pair is told both times. An ended course takes no agreement.
    await js.goto(`${fx.base}${participant}`);
    await go(js, link(js, 'Avslutt forløp'));
    await js.getByRole('radio', { name: 'Arbeid', exact: true }).check();
    await field(js, 'Hva er avtalt').fill('Veilederen følger opp videre.');
    await field(js, 'Veilederen er orientert om avslutningen').check();
    await go(js, button(js, 'Avslutt forløpet'));
    let v2 = await notices(vl2, fx.base);
    check('the (new) veileder is told the course ended', find(v2, new RegExp(`Forløpet til ${opts.accepted} ble avsluttet ${T.replace(/\./g, '\\.')}`)), `${await problems(js)}\n${v2.join('\n')}`);
    await js.goto(`${fx.base}${agreementForm}`);
    check('the agreement form on an ended course says why it cannot be saved', (await js.locator('main').innerText()).includes('Forløpet er avsluttet. En teamleder må gjenåpne det'), await problems(js));
    const endedSave = await go(js, button(js, 'Lagre avtalen'));
    check('…and a save is refused (422)', endedSave === 422, String(endedSave));
    await lead.goto(`${fx.base}${participant}`);
    await go(lead, link(lead, 'Gjenåpne forløpet'));
    await choose(lead, 'Hvorfor gjenåpnes forløpet?', 'Deltakeren vil ha hjelp igjen kort tid etter');
    await go(lead, button(lead, 'Gjenåpne'));
    v2 = await notices(vl2, fx.base);
    jn = await notices(js, fx.base);
    const reopened = new RegExp(`Forløpet til ${opts.accepted} er gjenåpnet\\. Årsak: `);
    check('the veileder and the job specialist are told the course is reopened, with the reason', find(v2, reopened) && find(jn, reopened), `${await problems(lead)}\n${v2.join('\n')}\n--\n${jn.join('\n')}`);

    // 16. The zero-exclusion page shows what the CLI prints for the same window.
    const from = addDays(today, -30);
    await lead.goto(`${fx.base}/tall/henvisninger?fra=${from}&til=${today}`);
    await look(lead, '/tall/henvisninger');
    const cell = async (key) => (await lead.locator(`#gruppe-t1 td[data-felt="${key}"]`).innerText()).trim();
    const reasonCell = async (code) => (await lead.locator(`td[data-grunn="t1-${code}"]`).innerText()).trim();
    const cli = JSON.parse(jobbvei(fixtureDir, ['report', 'referrals', '--from', from, '--to', today, '--by', 'team', '--format', 'json']));
    const t1 = cli.find((g) => g.group_id === 't1');
    const median = (m, n) => (m === null ? '–' : `${String(m).replace('.', ',')} (n = ${n})`);
    const want = {
      sendt: String(t1.sent),
      akseptert: String(t1.accepted),
      avvist: String(t1.rejected),
      ubesvart: String(t1.unanswered),
      andel_avvist: t1.rejected_share === null ? '–' : `${Math.round(t1.rejected_share)} %`,
      dager_til_svar: median(t1.days_to_decision_median, t1.days_to_decision_n),
    };
    const got = {};
    for (const k of Object.keys(want)) got[k] = await cell(k);
    check('/tall/henvisninger shows the numbers `jobbvei report referrals` prints for t1', JSON.stringify(got) === JSON.stringify(want), `page ${JSON.stringify(got)}\ncli  ${JSON.stringify(want)}`);
    check('…including the rejections by reason', (await reasonCell('aktiv_rus')) === String(t1.rejected_by_reason.aktiv_rus), `${await reasonCell('aktiv_rus')} vs ${t1.rejected_by_reason.aktiv_rus}`);
    const sentHere = opts.label === '10a' ? 3 : 6;
    check(`…which count this run's referrals (${sentHere} sent in the window so far)`, t1.sent === sentHere, JSON.stringify(t1));

    for (const p of [vl, lead, js, vl2]) await p.context().close();
  });
}
