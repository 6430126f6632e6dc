// Scenario 11: the office's employer pipeline (docs/employer-pipeline.md). js1 reaches the
// board from /arbeidsgivere and sees Bakeriet AS, which js1 holds, in the "Har ansatt" column
// (the paid job scenario 10 started there moved it from "Behov kartlagt") with its last contact; the list view shows the same; a bad filter is refused in Norwegian. Then
// ml1, a colleague, logs a meeting with Bakeriet AS in the quick log and is told that js1
// holds it; js1 finds the notice in /varsler.

import { DESKTOP, check, login, newPage, osloNow, pathOf, runAxe, scenario } from './lib.mjs';

export async function employerBoard({ fx, U }) {
  await scenario('11. the employer board, and a colleague told who holds the employer', async () => {
    const page = await newPage(DESKTOP, false);
    await login(page, fx.base, U.js1);
    await page.goto(`${fx.base}/arbeidsgivere`);
    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Arbeidsgivertavlen' }).click()]);
    check('"Arbeidsgivertavlen" on /arbeidsgivere opens the board', pathOf(page) === '/arbeidsgivere/tavle', page.url());
    // Bakeriet AS was at "Behov kartlagt"; the paid job scenario 10 started there moved it on.
    const column = page.locator('section.employer-board-column', { has: page.locator('h2', { hasText: 'Har ansatt' }) });
    const card = column.locator('li.employer-board-card', { hasText: 'Bakeriet AS' });
    if (!check('Bakeriet AS is in the "Har ansatt" column (moved there by scenario 10\'s paid job)', (await card.count()) === 1, await page.locator('main').innerText())) return;
    const text = await card.innerText();
    check('…held by js1 ("Kari Nordmann (deg)")', text.includes(`${U.js1.name} (deg)`), text);
    check('…with a last contact date', /Siste kontakt\s*\d\d\.\d\d\.\d{4}/.test(text), text);
    check('…and js1 may release it from the board', (await card.getByRole('button', { name: 'Slipp relasjonen til Bakeriet AS' }).count()) === 1, text);
    await runAxe(page, '/arbeidsgivere/tavle');

    await Promise.all([page.waitForNavigation(), page.getByRole('link', { name: 'Vis som liste' }).click()]);
    const row = page.locator('table.employer-board-list tr', { hasText: 'Bakeriet AS' });
    check('the list view has Bakeriet AS with its holder', (await row.count()) === 1 && (await row.innerText()).includes(U.js1.name), await page.locator('main').innerText());
    await runAxe(page, '/arbeidsgivere/tavle?visning=liste');

    const bad = await page.goto(`${fx.base}/arbeidsgivere/tavle?ingen_kontakt=mange`);
    const badText = await page.locator('main').innerText();
    check('a bad filter answers 422 in Norwegian', bad.status() === 422 && badText.includes('Skriv antall dager uten kontakt'), `${bad.status()}: ${badText.slice(0, 300)}`);
    await page.context().close();

    const colleague = await newPage(DESKTOP, false);
    await login(colleague, fx.base, U.ml1);
    await colleague.goto(`${fx.base}/logg`);
    const { date, time } = osloNow(30);
    await colleague.selectOption('#kind', 'arbeidsgivermote');
    await colleague.fill('#employer', 'Bakeriet AS');
    await colleague.check('input[name="channel"][value="telefon"]');
    await colleague.fill('#date', date);
    await colleague.fill('#time', time);
    await colleague.fill('#minutes', '20');
    // Status sits under the quick log's ReadMore ("Reisetid, status og notat").
    if ((await colleague.locator('details.jv-more[open]').count()) === 0) await colleague.locator('details.jv-more summary').click();
    await colleague.selectOption('#status', 'gjennomfort');
    await Promise.all([colleague.waitForNavigation(), colleague.getByRole('button', { name: 'Lagre' }).click()]);
    const told = await colleague.locator('#holdes-av').innerText().catch(() => '');
    check(
      'ml1 is told after saving that js1 holds Bakeriet AS',
      told.startsWith(`${U.js1.name} holder relasjonen til Bakeriet AS.`),
      `${colleague.url()}: ${told || (await colleague.locator('main').innerText()).slice(0, 400)}`,
    );
    await runAxe(colleague, '/logg with the holder message');
    await colleague.context().close();

    const holder = await newPage(DESKTOP, false);
    await login(holder, fx.base, U.js1);
    await holder.goto(`${fx.base}/varsler`);
    const notices = await holder.locator('main').innerText();
    check('js1 finds the notice of ml1\'s meeting in /varsler', notices.includes(`${U.ml1.name} logget arbeidsgivermøte med Bakeriet AS`), notices.slice(0, 600));
    await holder.context().close();
  });
}
