// Scenarios 4–5: axe-core on the main pages (fixture and demo data), and the README's
// screenshots (written only when JOBBVEI_SCREENSHOTS names a folder).

import { MOBILE, axeViolations, check, jobbvei, login, newPage, pathOf, runAxe, scenario, shot } from './lib.mjs';

/** 4. axe-core on every main page, as a user who may see it. */
export async function axeOnMainPages({ fx, U, fixtureDir }) {
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
    for (const p of ['/', '/min-dag', '/portefolje', '/logg', '/deltaker/p1', '/hjelp/kpi', '/tall']) {
      const res = await page.goto(`${fx.base}${p}`);
      if (check(`${p} answers 200 to js1`, res.status() === 200, `status ${res.status()}`)) await runAxe(page, p);
    }
    // A /tall card leads with this period's value against its ideal, then the chart with
    // the ideal drawn as a labelled line.
    await page.goto(`${fx.base}/tall`);
    const k1p = page.locator('#K1p');
    const headline = (await k1p.locator('.headline-value').first().innerText().catch(() => '')).trim();
    check('a /tall card shows the ideal ("… per uke · ideal 6")', /^\d+,\d per uke · ideal 6$/.test(headline), headline);
    const idealLine = await k1p.locator('svg.chart-wide text', { hasText: 'ideal 6' }).count();
    check('the /tall chart draws the ideal as a labelled line', idealLine === 1, `${idealLine} labels`);
    await page.goto(`${fx.base}/tall?periode=maned`);
    check('the /tall title follows the tab ("Min måned")', (await page.locator('h1').innerText()).trim() === 'Min måned');
    await runAxe(page, '/tall?periode=maned');
    // A token made on the command line shows on the user's own key page, reached from the
    // header, and is revoked there.
    jobbvei(fixtureDir, ['token', 'create', '--username', U.js1.username, '--name', 'nettleser-test', '--days', '30']);
    await page.goto(`${fx.base}/min-dag`);
    await page.getByRole('link', { name: 'API-nøkler' }).click();
    await page.waitForLoadState();
    if (check('/meg/nokler opens from the header', pathOf(page) === '/meg/nokler', page.url())) {
      await runAxe(page, '/meg/nokler');
      const row = page.locator('#nokler tr', { hasText: 'nettleser-test' });
      check('the new key is listed by name', (await row.count()) === 1);
      await row.getByRole('button', { name: /Trekk tilbake/ }).click();
      await page.waitForLoadState();
      const after = page.locator('#nokler tr', { hasText: 'nettleser-test' });
      check('a revoked key can no longer be revoked', (await after.count()) === 1 && (await after.getByRole('button').count()) === 0, await after.innerText().catch(() => ''));
    }
    await page.context().close();

    const lead = await newPage();
    await login(lead, fx.base, U.ml1);
    for (const p of ['/resultater', '/portefolje', '/portefolje?sorter=merknader&merknad=med', '/min-dag', '/tall']) {
      const res = await lead.goto(`${fx.base}${p}`);
      if (check(`${p} answers 200 to the team lead ml1`, res.status() === 200, `status ${res.status()}`)) await runAxe(lead, `${p} (team lead)`);
    }
    // The IPS quarterly report is reached from /resultater, and its CSV downloads.
    await lead.goto(`${fx.base}/resultater`);
    await lead.getByRole('link', { name: 'IPS-kvartalsrapport' }).click();
    await lead.waitForLoadState();
    if (check('the IPS quarterly report opens from /resultater', pathOf(lead) === '/resultater/ips', lead.url())) {
      await runAxe(lead, '/resultater/ips (team lead)');
      const csv = await lead.request.get(`${fx.base}/resultater/ips.csv`);
      const body = await csv.text();
      check('/resultater/ips.csv downloads the report as CSV', csv.status() === 200 && body.includes('rule;group_kind;group_id;quarter;served'), `${csv.status()} ${body.slice(0, 80)}`);
    }
    // The effect page is reached from /resultater too, and regroups by team.
    await lead.goto(`${fx.base}/resultater`);
    await lead.getByRole('link', { name: 'Effekt' }).click();
    await lead.waitForLoadState();
    if (check('/effekt opens from /resultater', pathOf(lead) === '/effekt', lead.url())) {
      await runAxe(lead, '/effekt (team lead)');
      await lead.selectOption('#gruppe', 'team');
      await lead.getByRole('button', { name: 'Vis' }).click();
      await lead.waitForLoadState();
      check('/effekt regroups by team', new URL(lead.url()).searchParams.get('gruppe') === 'team' && (await lead.locator('#logrank, .card').count()) > 0, lead.url());
      await runAxe(lead, '/effekt by team (team lead)');
      // The team lead compares two methods within the team.
      await lead.selectOption('#sammenlign-a', 'method:IPS');
      await lead.selectOption('#sammenlign-b', 'method:SE');
      await lead.getByRole('button', { name: 'Sammenlign' }).click();
      await lead.waitForLoadState();
      check('/effekt compares two methods for the team lead', (await lead.locator('#sammenligning-resultat h3').innerText().catch(() => '')) === 'Metode IPS mot Metode SE', lead.url());
      await runAxe(lead, '/effekt comparison (team lead)');
    }
    await lead.context().close();

    // The analyst compares two teams, chosen by name, and finds no extract download without
    // the operator's key.
    const analyst = await newPage();
    await login(analyst, fx.base, U.an1);
    const effect = await analyst.goto(`${fx.base}/effekt?fra=2020-01-01&til=${new Date().toISOString().slice(0, 10)}`);
    if (check('/effekt answers 200 to the analyst', effect.status() === 200, `status ${effect.status()}`)) {
      await analyst.getByLabel('Gruppe A').selectOption({ label: 'Jobbteam Sagene' });
      await analyst.getByLabel('Gruppe B').selectOption({ label: 'Oppfølging Sagene' });
      await analyst.getByRole('button', { name: 'Sammenlign' }).click();
      await analyst.waitForLoadState();
      const result = analyst.locator('#sammenligning-resultat');
      const heading = await result.locator('h3').innerText().catch(() => '');
      const matched = await result.locator('#sammenligning-antall tr', { hasText: 'Matchet' }).count();
      const logrank = await analyst.locator('#sammenligning-logrank').innerText().catch(() => '');
      check('/effekt compares two teams by name for the analyst', heading === 'Jobbteam Sagene mot Oppfølging Sagene' && matched === 1 && logrank.startsWith('Log-rank-test:'), `${heading} | ${logrank}`);
      check('/effekt offers no extract without the operator\'s key', (await analyst.locator('#uttrekk-mangler').count()) === 1 && (await analyst.getByRole('button', { name: /Last ned uttrekk/ }).count()) === 0);
      await runAxe(analyst, '/effekt comparison (analyst)');
      // The same group twice is refused with a message at the form.
      await analyst.getByLabel('Gruppe B').selectOption({ label: 'Jobbteam Sagene' });
      await analyst.getByRole('button', { name: 'Sammenlign' }).click();
      await analyst.waitForLoadState();
      check('/effekt refuses the same group twice', (await analyst.locator('#sammenlign-error').innerText().catch(() => '')) === 'Velg to forskjellige grupper.');
      await runAxe(analyst, '/effekt refused comparison (analyst)');
    }
    await analyst.context().close();

    const admin = await newPage();
    await login(admin, fx.base, U.admin);
    const res = await admin.goto(`${fx.base}/admin/brukere`);
    if (check('/admin/brukere answers 200 to the admin', res.status() === 200, `status ${res.status()}`)) await runAxe(admin, '/admin/brukere');
    await admin.context().close();
  });
}

/** 5. Demo data: axe on fuller pages, and the screenshots for the README. */
export async function demoPages({ dm, demo }) {
  await scenario('5. demo data: axe and screenshots', async () => {
    const anon = await newPage();
    await anon.goto(`${dm.base}/logg-inn`);
    await shot(anon, 'logg-inn.png');
    await anon.context().close();

    const page = await newPage();
    await login(page, dm.base, demo.users.js1);
    check(`the demo's js1 (${demo.users.js1.name}) can log in and lands on Min dag`, pathOf(page) === '/min-dag', page.url());
    await shot(page, 'start.png');
    const pages = [
      ['/min-dag', 'min-dag.png'],
      ['/tall', 'tall.png'],
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
    await demoAds(page, dm);
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
    await phone.goto(`${dm.base}/tall`);
    const widthFigures = await phone.evaluate(() => document.documentElement.scrollWidth);
    check('demo /tall has no horizontal scroll at 360 px', widthFigures <= 360, `scrollWidth ${widthFigures}`);
    const narrow = await phone.locator('#K1p svg.chart-narrow').isVisible().catch(() => false);
    check('demo /tall draws the phone chart at 360 px', narrow);
    await runAxe(phone, 'demo /tall at 360 px');
    await phone.context().close();

    await demoPagination(dm, demo);

    const admin = await newPage();
    await login(admin, dm.base, demo.users.admin);
    const res = await admin.goto(`${dm.base}/admin/brukere`);
    if (check('demo /admin/brukere answers 200 to the admin', res.status() === 200, `status ${res.status()}`)) {
      await runAxe(admin, 'demo /admin/brukere');
      await shot(admin, 'admin-brukere.png');
    }
    await admin.context().close();
  });
}

/** 4b. Issue #14's checks: Aksel's fonts load, the navigation marks the current page, the
 * ErrorSummary takes the focus and links to each field, the quick log fits a phone screen with
 * its save button, the header folds into a menu, and every role's main pages at 360 px. */
export async function akselChecks({ fx, U }) {
  await scenario('4b. Aksel: fonts, navigation, error summary and the phone', async () => {
    const page = await newPage();
    await login(page, fx.base, U.js1);
    await page.goto(`${fx.base}/portefolje`);
    await page.evaluate(() => document.fonts.ready);
    const fonts = await page.evaluate(() =>
      [...document.fonts].filter((f) => f.family.replace(/"/g, '') === 'Source Sans 3' && f.status === 'loaded').map((f) => `${f.weight} ${f.style}`),
    );
    check('Source Sans 3 is loaded from the server (400 and 600)', fonts.includes('400 normal') && fonts.includes('600 normal'), JSON.stringify(fonts));
    const family = await page.evaluate(() => getComputedStyle(document.body).fontFamily);
    check('the page is set in Source Sans 3', family.startsWith('"Source Sans 3"'), family);
    const icon = await page.request.get(`${fx.base}/favicon.ico`);
    check('/favicon.ico answers 200 as an icon', icon.status() === 200 && icon.headers()['content-type'] === 'image/x-icon', `${icon.status()} ${icon.headers()['content-type']}`);
    const marked = async () => (await page.locator('header nav:visible a[aria-current="page"]').allInnerTexts()).map((t) => t.trim());
    let current = await marked();
    check('the navigation marks /portefolje with aria-current="page"', current.length === 1 && current[0] === 'Portefølje', JSON.stringify(current));
    await page.goto(`${fx.base}/deltaker/p1`);
    current = await marked();
    check('a participant\'s page marks Portefølje as the current section', current.length === 1 && current[0] === 'Portefølje', JSON.stringify(current));

    // The ErrorSummary: a refused quick log with two wrong numbers.
    await page.goto(`${fx.base}/logg`);
    await page.fill('#minutes', 'abc');
    if ((await page.locator('details.jv-more[open]').count()) === 0) await page.locator('details.jv-more summary').click();
    await page.fill('#travel_to', 'x');
    await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Lagre' }).click()]);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.className);
    check('the ErrorSummary has the focus when the refused form is shown', focused === 'aksel-error-summary', `focus on "${focused}"`);
    const links = await page.locator('.aksel-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    check('the ErrorSummary links to each wrong field', links.includes('#minutes') && links.includes('#travel_to'), JSON.stringify(links));
    await page.locator('.aksel-error-summary a[href="#travel_to"]').click();
    const into = await page.evaluate(() => document.activeElement && document.activeElement.id);
    check('an error\'s link puts the focus in its field', into === 'travel_to', `focus on "${into}"`);
    const minutes = { invalid: await page.getAttribute('#minutes', 'aria-invalid'), described: await page.getAttribute('#minutes', 'aria-describedby') };
    check('#minutes is aria-invalid and described by its own message', minutes.invalid === 'true' && minutes.described === 'minutes-error', JSON.stringify(minutes));
    const [m1, m2] = [await page.locator('#minutes-error').innerText(), await page.locator('#travel_to-error').innerText()];
    check('each number field has its own message', m1 && m2 && m1 !== m2, `${m1} | ${m2}`);
    await runAxe(page, '/logg refused (error summary)');
    await page.context().close();

    // On a phone: the quick log above the fold, the header as a menu, each role's main pages.
    const phone = await newPage(MOBILE, true);
    await login(phone, fx.base, U.js1);
    await phone.goto(`${fx.base}/logg`);
    const save = await phone.getByRole('button', { name: 'Lagre' }).boundingBox();
    check('the quick log fits one 360 × 740 screen with "Lagre" on it', save && save.y + save.height <= MOBILE.height, JSON.stringify(save));
    const header = await phone.locator('header').boundingBox();
    const menu = phone.locator('details.jv-menu > summary');
    check('on a phone the header is one row with a menu', header.height <= 60 && (await menu.isVisible()) && !(await phone.locator('nav.jv-wide').isVisible()), `header ${header.height} px`);
    await menu.click();
    await Promise.all([phone.waitForNavigation(), phone.locator('details.jv-menu').getByRole('link', { name: 'Portefølje' }).click()]);
    check('the phone menu leads to Portefølje', pathOf(phone) === '/portefolje', phone.url());
    await phone.context().close();
    const roles = [
      [U.js1, ['/min-dag', '/portefolje', '/arbeidsgivere', '/deltaker/p1', '/tall', '/varsler', '/meg/nokler']],
      [U.ml1, ['/min-dag', '/portefolje', '/tall', '/resultater', '/resultater/ips', '/effekt', '/henvisninger', '/vurderinger']],
      [U.vl1, ['/mine-deltakere', '/henvisninger', '/vedtak']],
      [U.admin, ['/admin/brukere', '/admin/kvoter?kontor=0314']],
      [U.rev1, ['/vurderinger']],
      [U.rev1, ['/resultater'], false],
      // Every role: the leader's and the analyst's pages too (no screenshots: the names are
      // the team lead's pages').
      [U.le1, ['/tall', '/resultater', '/resultater/ips', '/effekt', '/tall/henvisninger'], false],
      [U.an1, ['/tall', '/resultater', '/effekt'], false],
    ];
    for (const [user, paths, shots = true] of roles) {
      // At 1366 px (a NAV laptop): axe and the README's screenshots.
      const d = await newPage({ width: 1366, height: 768 });
      await login(d, fx.base, user);
      for (const path of paths) {
        await d.goto(`${fx.base}${path}`);
        await runAxe(d, `${path} as ${user.username} at 1366 px`);
        if (shots) await shot(d, `${path.slice(1).split('?')[0].replace(/\//g, '-')}-1366.png`);
      }
      await d.context().close();
      const p = await newPage(MOBILE, true);
      await login(p, fx.base, user);
      for (const path of paths) {
        const res = await p.goto(`${fx.base}${path}`);
        const width = await p.evaluate(() => document.documentElement.scrollWidth);
        check(`${path} as ${user.username} at 360 px: 200 and no wider than the screen`, res.status() === 200 && width <= 360, `status ${res.status()}, scrollWidth ${width}`);
        // A report table is stacked rows on a phone: each row a block, each cell labelled.
        const stacks = await p.locator('table.jv-stack').evaluateAll((ts) =>
          ts.map((t) => {
            const row = t.querySelector('tbody tr');
            const cell = row && row.querySelector('td[data-label]');
            return { row: row ? getComputedStyle(row).display : 'none', label: cell ? getComputedStyle(cell, '::before').content : '' };
          }),
        );
        // A table with no rows (an empty category) has nothing to stack.
        const bad = stacks.filter((t) => t.row !== 'none' && (t.row !== 'block' || !t.label.includes(':')));
        const want = (user === U.ml1 && ['/tall', '/resultater', '/effekt'].includes(path)) || path === '/admin/brukere';
        if (stacks.length > 0 || want) {
          check(`${path} as ${user.username} at 360 px: its tables are stacked rows with labels`, stacks.some((t) => t.row === 'block') && bad.length === 0, JSON.stringify(stacks));
        }
        await runAxe(p, `${path} as ${user.username} at 360 px`);
        if (shots) await shot(p, `${path.slice(1).split('?')[0].replace(/\//g, '-')}-360.png`);
      }
      await p.context().close();
    }
  });
}

// Issue 14's Pagination on the demo's long lists (135 employers, the team's 60-odd courses):
// 25 rows a page, "Neste" keeps the sort, the current page is marked, and at 360 px the pages
// fit the screen and pass axe.
async function demoPagination(dm, demo) {
  const page = await newPage({ width: 1366, height: 768 });
  await login(page, dm.base, demo.users.mv1);
  await page.goto(`${dm.base}/portefolje?sorter=fase`);
  const rows = await page.locator('#portefolje tbody tr').count();
  const nav = page.locator('nav.aksel-pagination');
  check('the team lead\'s demo caseload shows 25 rows and Aksel\'s Pagination', rows === 25 && (await nav.count()) === 1, `${rows} rows`);
  const first = await page.locator('#portefolje tbody tr td a').first().innerText();
  await Promise.all([page.waitForNavigation(), nav.getByRole('link', { name: 'Neste side' }).click()]);
  const url = new URL(page.url());
  check('"Neste" leads to page 2 with the sort kept', url.searchParams.get('side') === '2' && url.searchParams.get('sorter') === 'fase', page.url());
  const marked = await page.locator('nav.aksel-pagination a[aria-current="page"]').innerText();
  const second = await page.locator('#portefolje tbody tr td a').first().innerText();
  check('page 2 is marked current and shows other rows', /^Side\s*2$/.test(marked.trim()) && second !== first, `${marked} | ${first} | ${second}`);
  await runAxe(page, 'demo /portefolje?sorter=fase&side=2');
  await shot(page, 'portefolje-side-2-1366.png');
  await page.context().close();

  const phone = await newPage(MOBILE, true);
  await login(phone, dm.base, demo.users.mv1);
  for (const path of ['/portefolje?side=2', '/arbeidsgivere?side=3', '/tall', '/resultater']) {
    const res = await phone.goto(`${dm.base}${path}`);
    const width = await phone.evaluate(() => document.documentElement.scrollWidth);
    check(`demo ${path} as mv1 at 360 px: 200 and no wider than the screen`, res.status() === 200 && width <= 360, `status ${res.status()}, scrollWidth ${width}`);
    await runAxe(phone, `demo ${path} as mv1 at 360 px`);
  }
  await shot(phone, 'resultater-demo-360.png');
  await phone.context().close();
}

// Issue 15: the demo loads ads and profiles, so js1 sees ranked ads with their reasons on a
// participant's page, marks one applied, and finds its employer's open ads on the board.
async function demoAds(page, dm) {
  await page.goto(`${dm.base}/portefolje`);
  const hrefs = await page.locator('#portefolje a[href^="/deltaker/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  let found = null;
  for (const href of hrefs.slice(0, 15)) {
    await page.goto(`${dm.base}${href}`);
    if ((await page.locator('#ad-suggestions tbody tr').count()) > 0) { found = href; break; }
  }
  if (!check('a demo participant of js1 has ranked job ads ("Jobbmuligheter")', found, hrefs.slice(0, 15).join(' '))) return;
  const row = page.locator('#ad-suggestions tbody tr').first();
  const [title, employer, reason] = await Promise.all([0, 1, 3].map((i) => row.locator('td').nth(i).innerText()));
  check('the best ad says why it fits', /samme|yrke|kommune|fylke/.test(reason), reason);
  await Promise.all([page.waitForNavigation(), row.getByRole('button', { name: /^Søkt/ }).click()]);
  const applied = await page.locator('#ad-applications').innerText().catch(() => '');
  check('marked applied, the ad is in the applications list', applied.includes('Søkt') && applied.includes(title.trim()), applied);
  await runAxe(page, 'demo participant page with job ads');
  await page.goto(`${dm.base}/arbeidsgivere/tavle?visning=liste`);
  const boardRow = page.locator('tr', { hasText: employer.trim() }).first();
  if ((await boardRow.count()) > 0) {
    const cells = await boardRow.locator('td').allInnerTexts();
    check(`the board lists ${employer.trim()} with its open ads`, /^[1-9]\d*$/.test((cells[5] ?? '').trim()), cells.join(' | '));
  } else {
    check('the board answers with its list', (await page.locator('.employer-board-list').count()) === 1);
  }
}
