// Scenarios 1–3 and 8: signing in, the quick log on a phone, a veileder of another team
// refused, and a planned meeting closed from Min dag on a phone (fixture data).

import { MOBILE, check, login, newPage, osloNow, pathOf, runAxe, scenario, shownDate, shownTime } from './lib.mjs';

/** 1. Login. */
export async function signIn({ fx, U }) {
  await scenario('1. login', async () => {
    const page = await newPage();
    await login(page, fx.base, U.js1, 'not-the-password-at-all');
    const err = page.locator('#login-error');
    const errText = (await err.count()) ? (await err.innerText()).trim() : '';
    check('a wrong password shows "Feil brukernavn eller passord."', errText === 'Feil brukernavn eller passord.', `got "${errText}" on ${page.url()}`);
    check('a wrong password stays on /logg-inn', pathOf(page) === '/logg-inn', page.url());
    await runAxe(page, '/logg-inn (with the error)');

    await login(page, fx.base, U.js1);
    check('js1 lands on Min dag after logging in', pathOf(page) === '/min-dag', page.url());
    const who = (await page.locator('header .user').innerText()).trim();
    check(`the header shows the name "${U.js1.name}"`, who.includes(U.js1.name), `header says "${who}"`);
    check('the header has a "Logg ut" button', (await page.getByRole('button', { name: 'Logg ut' }).count()) === 1);
    await page.context().close();
  });
}

/** 2. Quick log on a phone. */
export async function quickLogOnPhone({ fx, U }) {
  await scenario('2. quick log on a 360 px phone', async () => {
    const page = await newPage(MOBILE, true);
    await login(page, fx.base, U.js1);
    await page.goto(`${fx.base}/logg`);
    const widthEmpty = await page.evaluate(() => document.documentElement.scrollWidth);
    check('/logg has no horizontal scroll at 360 px', widthEmpty <= 360, `scrollWidth ${widthEmpty}`);

    const { date, time } = osloNow(10);
    await page.selectOption('#kind', 'arbeidsgivermote');
    await page.selectOption('#participant', 'p1');
    await page.fill('#employer', 'Bakeriet AS');
    await page.check('input[name="channel"][value="fysisk"]');
    await page.check('input[name="decision_maker"]');
    // The less common fields fold away on a phone (the quick log fits one screen); open them.
    if ((await page.locator('details.jv-more[open]').count()) === 0) await page.locator('details.jv-more summary').click();
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
    const mine = items.find((t) => t.includes(`${shownTime(time)}`) && t.includes('Arbeidsgivermøte') && t.includes('Bakeriet AS'));
    check(`Min dag lists the meeting at ${shownTime(time)} in #today`, mine, `#today has: ${JSON.stringify(items)}`);
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
}

/** 3. Access: a veileder sees only their own participants. */
export async function veilederOfAnotherTeam({ fx, U }) {
  await scenario('3. a veileder of another team cannot open p1', async () => {
    const page = await newPage();
    await login(page, fx.base, U.vl2);
    check('vl2 (team t2) can log in and lands on Mine deltakere', pathOf(page) === '/mine-deltakere', page.url());
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
}

/** 8. Close a planned meeting from Min dag on a phone. */
export async function closeMeetingOnPhone({ fx, U }) {
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
}
