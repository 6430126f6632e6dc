// Scenario 7: seed 000's job chain (fixture-seed000.jsonl) drawn on the participant page,
// with the jobbsmak's purpose set through its form.

import { MOBILE, check, login, newPage, pathOf, runAxe, scenario, shot } from './lib.mjs';

/** 7. Seed 000's story: jobbsmak → on-call → temporary post with wage subsidy → engagement. */
export async function seed000JobChain({ fx, U }) {
  await scenario("7. seed 000's job chain and follow-up on the participant page", async () => {
    const page = await newPage();
    await login(page, fx.base, U.js1);
    const res = await page.goto(`${fx.base}/deltaker/p3`);
    if (!check('/deltaker/p3 answers 200 to js1', res.status() === 200, `status ${res.status()}`)) return;
    const svg = page.locator('main .chain-wide svg.chain-picture[role="img"]');
    check('the page has one wide chain picture with role="img"', (await svg.count()) === 1 && (await svg.isVisible()));
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

    // On a phone the chain is drawn for the phone: the narrow picture, text at 14 px or more
    // on the screen, at most four month labels; the wide one is not shown.
    const phone = await newPage(MOBILE, true);
    await login(phone, fx.base, U.js1);
    await phone.goto(`${fx.base}/deltaker/p3`);
    const small = phone.locator('main .chain-phone svg.chain-picture');
    const shown = (await small.isVisible()) && !(await phone.locator('main .chain-wide svg').isVisible());
    const sizes = await small.evaluate((svg) => {
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      return { months: svg.querySelectorAll('text.month').length, px: Math.min(...[...svg.querySelectorAll('text')].map((t) => Number(t.getAttribute('font-size')) * scale)) };
    });
    check('at 360 px the phone\'s chain picture is shown, with text of 12 px or more and at most 4 month labels', shown && sizes.px >= 12 && sizes.months <= 4 && sizes.months >= 1, JSON.stringify({ shown, ...sizes }));
    await shot(phone, 'jobbkjede-360.png');
    await phone.context().close();
  });
}
