// End-to-end: everyday usability (issue 14) at a phone's width (390 × 844) and a desktop's
// (1280 × 900): a failed form says so in the title and takes focus to its error summary; the
// header is compact and opens behind a "Menu" button on a phone; search shows results first with
// the filters behind "Filters (n)"; tables show they scroll; the import page never scrolls
// sideways and sends its CSRF token in the body, and takes a Windows-1252 CSV; a printed page has
// no header, footer or registration box and says where it came from; signing in lands on Mijn
// werkplaats. Axe on every page.
//
// Runs against the demo server of e2e/run.sh; it writes nothing that other tests count (the only
// registration fails, the only import has a bad row and imports nothing).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkA11y, field, launch, logIn, navigateBy, screenshot, url, visit } from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const STUDENT = { email: 'student@zhz.example', password: 'broedplaats-demo' };
const TEST_TIMEOUT = 180_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function pageAt(t, viewport) {
  const context = await browser.newContext({ locale: 'nl-NL', viewport });
  context.setDefaultTimeout(15_000);
  t.after(() => context.close());
  return context.newPage();
}

/** The first upcoming activity of the zhz agenda that has the registration form. */
async function activityWithForm(page) {
  await visit(page, `${ZHZ}/activiteiten`);
  const hrefs = await page
    .locator(`main a[href^="${ZHZ}/activiteiten/"]`)
    .evaluateAll((as) => as.map((a) => a.getAttribute('href')).filter((h) => /\/activiteiten\/\d+$/.test(h)));
  for (const href of [...new Set(hrefs)]) {
    await visit(page, href);
    if ((await page.locator('input[name="email"]').count()) === 1) return href;
  }
  throw new Error('no activity with a registration form in the demo');
}

/** Nothing on the page is wider than the window. */
async function assertNoSidewaysScroll(page, where) {
  const { scroll, client } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    client: document.documentElement.clientWidth,
  }));
  assert.ok(scroll <= client, `${where} scrolls sideways: ${scroll} px wide in ${client} px`);
}

describe('everyday usability', { timeout: TEST_TIMEOUT }, () => {
  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`1. a failed registration is seen and heard (${name})`, { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await pageAt(t, viewport);
      const href = await activityWithForm(page);
      const title = await page.title();
      assert.ok(!title.startsWith('Fout: '), title);
      await field(page, 'Naam').fill('Test Persoon');
      await field(page, 'E-mailadres').fill('geen-adres');
      const response = await navigateBy(page, () => page.getByRole('button', { name: 'Aanmelden', exact: true }).click());
      assert.equal(response.status(), 422);
      assert.equal(new URL(page.url()).hash, '#aanmelden', 'the form is where the page opens');
      assert.equal(await page.title(), `Fout: ${title}`);
      const focused = await page.evaluate(() => document.activeElement?.className);
      assert.equal(focused, 'error-summary', 'focus is on the error summary');
      const box = await page.locator('.error-summary').boundingBox();
      assert.ok(box && box.y >= -1 && box.y < viewport.height, `the error summary is on screen (y = ${box?.y})`);
      const link = page.locator('.error-summary a[href="#email"]');
      assert.equal(await link.count(), 1, 'the summary links to the field');
      await checkA11y(page, `usability-registration-error-${name}`);
      await screenshot(page, `u-01-registration-error-${name}`);
      assert.ok(href);
    });

    test(`3. header, search and tables fit the screen (${name})`, { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await pageAt(t, viewport);
      await logIn(page, COORDINATOR);
      await visit(page, ZHZ);
      const header = await page.locator('header.site-header').boundingBox();
      const toggle = page.getByRole('button', { name: 'Menu', exact: true });
      if (name === 'phone') {
        assert.ok(header.height <= 80, `the signed-in header is ${header.height} px tall on a phone`);
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
        assert.equal(await page.getByRole('button', { name: 'Uitloggen', exact: true }).isVisible(), false);
        await toggle.click();
        assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
        assert.ok(await page.getByRole('button', { name: 'Uitloggen', exact: true }).isVisible());
        assert.ok(await page.locator('#site-q').isVisible(), 'the search box is in the menu');
        await checkA11y(page, 'usability-menu-open-phone');
        await screenshot(page, 'u-02-menu-open-phone');
        await page.keyboard.press('Escape');
        assert.equal(await toggle.getAttribute('aria-expanded'), 'false');
      } else {
        assert.equal(await toggle.isVisible(), false, 'no menu button on a wide screen');
        assert.ok(header.height <= 130, `the signed-in header is ${header.height} px tall at 1280 px`);
        // Two planned rows: brand, search and account first; the navigation below.
        const brand = await page.locator('.brand').boundingBox();
        const logout = await page.getByRole('button', { name: 'Uitloggen', exact: true }).boundingBox();
        assert.ok(Math.abs(brand.y + brand.height / 2 - (logout.y + logout.height / 2)) < 20, 'account on the brand’s row');
      }
      await checkA11y(page, `usability-header-${name}`);
      await screenshot(page, `u-03-werkplaats-${name}`);

      // Search: the results come first; the filters are one line on a phone.
      await visit(page, '/zoeken?q=zorg&type=knowledge_product');
      const filters = page.locator('details.kb-facets');
      assert.equal(await filters.locator('summary').innerText(), 'Filters (1)');
      const firstHit = await page.locator('.kb-hits li').first().boundingBox();
      if (name === 'phone') {
        assert.equal(await filters.getAttribute('open'), null, 'filters closed on a phone');
        assert.ok(firstHit.y < viewport.height, `first result at y = ${firstHit.y}`);
        await filters.locator('summary').click();
        assert.ok(await page.getByRole('button', { name: 'Filters toepassen', exact: true }).isVisible());
      } else {
        assert.notEqual(await filters.getAttribute('open'), null, 'filters open on a wide screen');
      }
      await assertNoSidewaysScroll(page, 'search');
      await checkA11y(page, `usability-search-${name}`);
      await screenshot(page, `u-04-search-${name}`);

      // People: a wide table scrolls in its own region, which says so on a phone.
      await visit(page, `${ZHZ}/mensen`);
      await assertNoSidewaysScroll(page, 'people');
      const region = page.locator('main .table-wrap').first();
      assert.equal(await region.getAttribute('role'), 'region');
      assert.equal(await region.getAttribute('tabindex'), '0');
      if (name === 'phone') {
        assert.ok(await page.locator('main .scroll-hint').first().isVisible(), 'a hint that the table scrolls');
      }
      await checkA11y(page, `usability-people-${name}`);
      await screenshot(page, `u-05-people-${name}`);

      // The import page: no sideways scrolling, no token in any address.
      await visit(page, `${ZHZ}/importeren`);
      await assertNoSidewaysScroll(page, 'import');
      const actions = await page.locator('form[enctype="multipart/form-data"]').evaluateAll((fs) => fs.map((f) => f.getAttribute('action')));
      assert.equal(actions.length, 2);
      for (const a of actions) assert.ok(!a.includes('csrf'), `no token in ${a}`);
      await checkA11y(page, `usability-import-${name}`);
      await screenshot(page, `u-06-import-${name}`);
    });
  }

  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`5, 6, 7, 10. governance, log and theme groups in plain words (${name})`, { timeout: TEST_TIMEOUT }, async (t) => {
      const page = await pageAt(t, viewport);
      await logIn(page, COORDINATOR);

      await visit(page, `${ZHZ}/governance`);
      let main = await page.locator('main').innerText();
      assert.ok(!main.includes('(UTC)'), 'Amsterdam time, not UTC');
      assert.ok(!/: \(a\) |; \([bc]\) /.test(main), 'agreements numbered 1-3 as on the letters');
      assert.ok(!main.includes('Minstens drie partners per themagroep'));
      await assertNoSidewaysScroll(page, 'governance');
      await checkA11y(page, `usability-governance-${name}`);
      await screenshot(page, `u-09-governance-${name}`);

      await visit(page, `${ZHZ}/logboek`);
      main = await page.locator('main').innerText();
      assert.ok(!/knowledge_product|letter_of_intent|Intentieverklaring/.test(main), 'Dutch names in the log');
      await assertNoSidewaysScroll(page, 'log');
      await checkA11y(page, `usability-log-${name}`);
      await screenshot(page, `u-10-log-${name}`);

      await visit(page, `${ZHZ}/themagroepen/nieuw`);
      assert.equal(await page.locator('#theme_id').count(), 0, 'no form with an empty required list');
      main = await page.locator('main').innerText();
      assert.ok(main.includes('Elk thema heeft al een themagroep.'), main);
      const addTheme = page.getByRole('link', { name: 'Thema toevoegen', exact: true });
      assert.equal(new URL(await addTheme.getAttribute('href'), page.url()).pathname, `${ZHZ}/themas/nieuw`);
      await checkA11y(page, `usability-group-new-${name}`);
      await screenshot(page, `u-11-group-new-${name}`);

      // 10. one form of address: no "je" on the follow settings.
      await visit(page, '/account/volgen');
      main = await page.locator('main').innerText();
      assert.ok(!/\b[Jj]e\b|\bjouw\b/.test(main), `"u" throughout: ${main}`);
    });
  }

  for (const [name, viewport] of [['phone', PHONE], ['desktop', DESKTOP]]) {
    test(`9 and 2. signing in lands on Mijn werkplaats; one review form (${name})`, { timeout: TEST_TIMEOUT }, async (t) => {
      // The coordinator: a confirmation, and the demo student's result waiting for review.
      const page = await pageAt(t, viewport);
      await logIn(page, COORDINATOR);
      assert.equal(new URL(page.url()).pathname, '/mijn-werkplaats');
      assert.equal(await page.locator('h1').innerText(), 'Mijn werkplaats');
      assert.match(await page.locator('.notice').innerText(), /U bent ingelogd als Carla Coördinator/);
      const review = page.locator('section', { has: page.getByRole('heading', { name: 'Wacht op uw beoordeling' }) });
      assert.equal(await review.getByRole('link', { name: /^Omzien in Merwestad/ }).count(), 1);
      await assertNoSidewaysScroll(page, 'Mijn werkplaats');
      await checkA11y(page, `usability-mine-coordinator-${name}`);
      await screenshot(page, `u-09-mijn-werkplaats-${name}`);

      // 2. One review form: the product waiting for review has one note field for both steps,
      // and the knowledge base's drafts link counts what waits.
      await navigateBy(page, () => review.getByRole('link', { name: /^Omzien in Merwestad/ }).click());
      const form = page.locator('form', { has: page.locator('textarea[name="note"]') });
      assert.equal(await form.count(), 1, 'one form with the note');
      assert.equal(await page.locator('textarea[name="note"]').count(), 1);
      assert.ok(await form.getByRole('button', { name: 'Publiceren' }).isVisible());
      assert.ok(await form.getByRole('button', { name: /Terug naar concept/ }).isVisible());
      await assertNoSidewaysScroll(page, 'the product in review');
      await checkA11y(page, `usability-review-form-${name}`);
      await screenshot(page, `u-02-review-form-${name}`);
      await visit(page, `${ZHZ}/kennis`);
      assert.match(await page.locator('main').innerText(), /Concepten en review \(\d+ wacht op u\)/);

      // The student: their result in review, their applications with the decision, no review list.
      const student = await pageAt(t, viewport);
      await logIn(student, STUDENT);
      const main = await student.locator('main').innerText();
      assert.match(main, /Mijn kennisproducten[\s\S]*Omzien in Merwestad[\s\S]*Ter review/);
      assert.match(main, /Mijn sollicitaties[\s\S]*aangenomen/);
      assert.doesNotMatch(main, /Wacht op uw beoordeling/);
      // The header's name leads back to the overview.
      if (name === 'desktop') {
        await visit(student, ZHZ);
        await navigateBy(student, () => student.getByRole('link', { name: /Ingelogd als/ }).click());
        assert.equal(new URL(student.url()).pathname, '/mijn-werkplaats');
      }
      await assertNoSidewaysScroll(student, 'Mijn werkplaats (student)');
      await checkA11y(student, `usability-mine-student-${name}`);
      await screenshot(student, `u-09-mijn-werkplaats-student-${name}`);
    });
  }

  test('11. an Excel CSV in Windows-1252 is read, with the token in the body', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await pageAt(t, DESKTOP);
    await logIn(page, COORDINATOR);
    await visit(page, `${ZHZ}/importeren`);
    // "Café één" in Windows-1252, and a kind that does not exist: nothing is imported.
    const csv = Buffer.concat([Buffer.from('naam;soort\r\nCaf'), Buffer.from([0xe9]), Buffer.from(' '), Buffer.from([0xe9, 0xe9]), Buffer.from('n;ruimteschip\r\n')]);
    await page.locator('#organisaties-bestand').setInputFiles({ name: 'excel.csv', mimeType: 'text/csv', buffer: csv });
    const response = await navigateBy(page, () => page.getByRole('button', { name: 'Organisaties importeren', exact: true }).click());
    assert.equal(response.status(), 422);
    assert.ok(!page.url().includes('csrf'), page.url());
    const summary = await page.locator('.error-summary').innerText();
    assert.ok(!summary.includes('UTF-8'), `read as Windows-1252, not refused as "geen UTF-8": ${summary}`);
    assert.ok(summary.includes('ruimteschip'), `the row error names the bad kind: ${summary}`);
    assert.ok((await page.title()).startsWith('Fout: '));
    await checkA11y(page, 'usability-import-1252');
    await screenshot(page, 'u-07-import-1252');
  });

  test('4. a printed activity has the content, its source and no controls', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await pageAt(t, DESKTOP);
    const href = await activityWithForm(page);
    await page.emulateMedia({ media: 'print' });
    for (const sel of ['header.site-header', 'footer.site-footer', '.act-panel', '#site-q']) {
      assert.equal(await page.locator(sel).first().isVisible(), false, `${sel} is not printed`);
    }
    assert.ok(await page.locator('h1').isVisible(), 'the title is printed');
    assert.ok(await page.locator('main .eyebrow').isVisible(), 'the werkplaats is printed');
    const source = page.locator('.print-source');
    assert.ok(await source.isVisible());
    const text = await source.innerText();
    assert.ok(text.startsWith('Afgedrukt van '), text);
    assert.ok(text.includes(url(href)), `${text} names ${url(href)}`);
    assert.match(text, / op \d{1,2} \p{L}+ \d{4}\.$/u);
    await page.emulateMedia({ media: 'screen' });
    assert.equal(await source.isVisible(), false, 'the source line is for paper only');
    await page.emulateMedia({ media: 'print' });
    await screenshot(page, 'u-08-print-activity');
  });
});
