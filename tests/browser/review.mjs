// Scenario 6: a fagrevisor walks a fidelity review from opening through scores, consensus
// and closing to the printed report with an action plan.

import { addDays, check, login, newPage, osloNow, pathOf, runAxe, scenario, shot, shownDate } from './lib.mjs';

/** 6. A fagrevisor walks a fidelity review from opening to the printed report. */
export async function fidelityReview({ fx, U }) {
  await scenario('6. a fagrevisor walks a fidelity review from opening to the printed report', async () => {
    const page = await newPage();
    await login(page, fx.base, U.rev1);
    check('the fagrevisor (rev1) can log in and lands on Vurderinger', pathOf(page) === '/vurderinger', page.url());
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
}
