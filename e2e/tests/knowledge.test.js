// End-to-end: the knowledge base and search (issue: knowledge base + search).
//
// A lector adds a knowledge product, uploads a PDF and publishes it, then finds it with the
// header search box by a word from the PDF in another inflection, and follows a related item.
// A story recorded with consent is findable until the consent is withdrawn; after that it is gone
// from search and from the web. The search page's facets narrow the results, and the search box
// works with the keyboard alone. Every page visited is checked with axe and photographed.
//
// Runs against the demo server of e2e/run.sh (the demo includes a knowledge base); every title
// and search word is unique to the run, so the test also passes against a server used before.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';

import { E2E_DIR, checkA11y, currentPath, field, launch, logIn, navigateBy, newPage, screenshot, textOf, visit } from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const LECTOR = { email: 'lector@zhz.example', password: 'broedplaats-demo' };
const RUN = Date.now().toString(36);
/** `RUN` in letters only, so the search analyser keeps it one word. */
const RUN_LETTERS = RUN.replace(/[0-9]/g, (d) => 'qrstuvwxyz'[Number(d)]);
const PRODUCT = `Werkvorm geldzorgen bespreken (e2e ${RUN})`;
const PDF = join(E2E_DIR, 'fixtures', 'werkvorm-schuldhulp.pdf');
const STORY = `Samen aan de keukentafel (e2e ${RUN})`;
/** A word that only the story of this run contains. */
const STORY_WORD = `buurtmoestuin${RUN_LETTERS}`;
const SEARCH_LABEL = 'Zoeken in kennis, verhalen, vragen en projecten';
const TEST_TIMEOUT = 120_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The search box in the page header (every page has one). */
function headerSearch(page) {
  return page.locator('header').getByRole('searchbox', { name: SEARCH_LABEL, exact: true });
}

/** Searches with the header search box; returns the response of the results page. */
async function searchFromHeader(page, words) {
  await headerSearch(page).fill(words);
  const response = await navigateBy(page, () =>
    page.locator('header').getByRole('button', { name: 'Zoeken', exact: true }).click(),
  );
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, '/zoeken');
  return response;
}

/** The number in the results page's "N resultaten" status line. */
async function resultCount(page) {
  const status = await textOf(page.locator('main').getByRole('status'));
  const m = status.match(/^(\d+) (resultaten|resultaat)$/);
  assert.ok(m, `result count in "${status}"`);
  return Number(m[1]);
}

/** Links to the hits on the results page, as { title, path }. */
async function hitLinks(page) {
  const links = page.locator('main ol.kb-hits > li h2 a');
  const out = [];
  for (const a of await links.all()) {
    out.push({ title: await textOf(a), path: new URL(await a.getAttribute('href'), page.url()).pathname });
  }
  return out;
}

describe('knowledge base and search in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('a lector publishes a product with a PDF and finds it by a word in the PDF', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await logIn(page, LECTOR);

    // 1. The knowledge base of the werkplaats, with its sections.
    let response = await visit(page, `${ZHZ}/kennis`);
    assert.equal(response.status(), 200);
    const sections = page.getByRole('navigation', { name: 'Onderdelen van de kennisbank' });
    assert.equal(
      await sections.getByRole('link', { name: 'Opbrengsten', exact: true }).getAttribute('aria-current'),
      'page',
    );
    await checkA11y(page, 'kennisbank');
    await screenshot(page, 'k-01-kennisbank');

    // 2. A new product through the form.
    await navigateBy(page, () => page.getByRole('link', { name: 'Opbrengst toevoegen', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, `${ZHZ}/kennis/nieuw`);
    await field(page, 'Soort').selectOption({ label: 'Werkvorm' });
    await field(page, 'Titel').fill(PRODUCT);
    await field(page, 'Samenvatting').fill(
      'Een werkvorm om met bewoners over geldzorgen, armoede en mantelzorg in gesprek te gaan.',
    );
    await page.getByRole('group', { name: "Thema's" }).getByRole('checkbox', { name: 'Weerbaarheid', exact: true }).check();
    await field(page, 'Kwesties').fill('Armoede en schulden');
    await page.getByRole('group', { name: 'Voor wie' }).getByRole('checkbox', { name: 'Professionals', exact: true }).check();
    await field(page, 'Jaar').fill('2026');
    await checkA11y(page, 'kennisproduct-formulier');
    await screenshot(page, 'k-02-kennisproduct-formulier');
    response = await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
    assert.equal(response.status(), 200);
    const productPath = new URL(page.url()).pathname;
    assert.match(productPath, /^\/werkplaatsen\/zhz\/kennis\/\d+$/);
    assert.equal(await textOf(page.locator('h1')), PRODUCT);

    // 3. The PDF on the product page.
    await field(page, 'Bestand toevoegen').setInputFiles(PDF);
    response = await navigateBy(page, () => page.getByRole('button', { name: 'Toevoegen', exact: true }).click());
    assert.equal(response.status(), 200);
    const files = page.getByRole('region', { name: 'Bestanden' });
    const fileLink = files.getByRole('link', { name: 'werkvorm-schuldhulp.pdf', exact: true });
    assert.equal(await fileLink.count(), 1, 'the uploaded PDF is listed');
    const download = await page.request.get(new URL(await fileLink.getAttribute('href'), page.url()).href);
    assert.equal(download.status(), 200);
    assert.match(download.headers()['content-type'], /^application\/pdf/);

    // 4. Publish it: the status workflow on the product page.
    const manage = page.getByRole('region', { name: 'Beheer en review' });
    response = await navigateBy(page, () => manage.getByRole('button', { name: 'Publiceren', exact: true }).click());
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, productPath);
    assert.match(await textOf(page.locator('main .meta').first()), /Gepubliceerd/);
    const ld = JSON.parse(await page.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld['@type'], 'CreativeWork');
    assert.equal(ld.name, PRODUCT);
    assert.equal(ld.encoding[0].name, 'werkvorm-schuldhulp.pdf');
    await checkA11y(page, 'kennisproduct');
    await screenshot(page, 'k-03-kennisproduct');

    // 5. The header search finds it by a word that only the PDF has, in the singular.
    await searchFromHeader(page, 'schuldhulpverlener');
    assert.equal(await textOf(page.locator('h1')), 'Zoekresultaten voor ‘schuldhulpverlener’');
    const hit = (await hitLinks(page)).find((h) => h.title === PRODUCT);
    assert.ok(hit, `"${PRODUCT}" among the results: ${JSON.stringify(await hitLinks(page))}`);
    assert.equal(hit.path, productPath);
    await checkA11y(page, 'zoekresultaten');
    await screenshot(page, 'k-04-zoekresultaten');

    // 6. Facets narrow the results: only knowledge products of this werkplaats.
    const total = await resultCount(page);
    const types = page.getByRole('group', { name: 'Soort inhoud' });
    const products = types.getByRole('checkbox', { name: /^Opbrengst \(\d+\)$/ });
    const productCount = Number((await textOf(types.locator('label', { hasText: 'Opbrengst' }))).match(/\((\d+)\)/)[1]);
    assert.ok(productCount < total, `the facet (${productCount}) counts fewer than all results (${total})`);
    await products.check();
    await navigateBy(page, () => page.getByRole('button', { name: 'Filters toepassen', exact: true }).click());
    assert.equal(new URL(page.url()).searchParams.get('type'), 'knowledge_product');
    assert.equal(await resultCount(page), productCount);
    assert.ok(await page.getByRole('group', { name: 'Soort inhoud' }).getByRole('checkbox', { name: /^Opbrengst/ }).isChecked());
    const narrowed = await hitLinks(page);
    assert.equal(narrowed.length, productCount);
    assert.ok(narrowed.some((h) => h.title === PRODUCT));
    for (const h of narrowed) assert.match(h.path, /^\/werkplaatsen\/[a-z-]+\/kennis\/\d+$/, h.path);
    await page.getByRole('group', { name: 'Werkplaats' })
      .getByRole('checkbox', { name: /^Werkplaats Sociaal Domein Zuid-Holland Zuid \(\d+\)$/ })
      .check();
    await navigateBy(page, () => page.getByRole('button', { name: 'Filters toepassen', exact: true }).click());
    const zhzOnly = await hitLinks(page);
    assert.ok(zhzOnly.length <= productCount && zhzOnly.length > 0);
    for (const h of zhzOnly) assert.ok(h.path.startsWith(`${ZHZ}/kennis/`), h.path);
    await checkA11y(page, 'zoekresultaten-gefilterd');
    await screenshot(page, 'k-05-zoekresultaten-gefilterd');
    await navigateBy(page, () => page.getByRole('link', { name: 'Alle filters weghalen', exact: true }).click());
    assert.equal(currentPath(page), '/zoeken?q=schuldhulpverlener');
    assert.equal(await resultCount(page), total);

    // 7. Open the product from the results, then a related item from its page.
    await navigateBy(page, () => page.getByRole('link', { name: PRODUCT, exact: true }).click());
    assert.equal(new URL(page.url()).pathname, productPath);
    const related = page.getByRole('region', { name: 'Gerelateerd' }).getByRole('link');
    assert.ok((await related.count()) > 0, 'the product page shows related items');
    const relatedTitle = await textOf(related.first());
    response = await navigateBy(page, () => related.first().click());
    assert.equal(response.status(), 200);
    assert.notEqual(new URL(page.url()).pathname, productPath);
    assert.equal(await textOf(page.locator('h1')), relatedTitle);
    await screenshot(page, 'k-06-gerelateerd');
  });

  test('a story with consent is findable until the consent is withdrawn', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await logIn(page, LECTOR);

    // 1. Record the story with consent for publication.
    await visit(page, `${ZHZ}/verhalen`);
    await checkA11y(page, 'verhalen');
    await screenshot(page, 'k-07-verhalen');
    await navigateBy(page, () => page.getByRole('link', { name: 'Verhaal vastleggen', exact: true }).click());
    await field(page, 'Titel').fill(STORY);
    await page.getByRole('group', { name: /^Verteller/ }).getByRole('radio', { name: 'Mantelzorger', exact: true }).check();
    await field(page, 'Verhaal').fill(
      `Elke dinsdag werk ik in de ${STORY_WORD} om de hoek. Daar hoorde ik voor het eerst dat ik hulp mocht vragen.`,
    );
    const consent = page.getByRole('group', { name: 'Toestemming', exact: true });
    await consent.getByRole('group', { name: /^Waarvoor is toestemming gegeven\?/ })
      .getByRole('radio', { name: 'Publicatie (openbaar)', exact: true })
      .check();
    await field(consent, 'Toestemming gegeven door').fill('De verteller zelf');
    await checkA11y(page, 'verhaal-formulier');
    await screenshot(page, 'k-08-verhaal-formulier');
    let response = await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
    assert.equal(response.status(), 200);
    const storyPath = new URL(page.url()).pathname;
    assert.match(storyPath, /^\/werkplaatsen\/zhz\/verhalen\/\d+$/);
    assert.equal(await textOf(page.locator('h1')), STORY);
    assert.ok((await textOf(page.locator('main'))).includes(STORY_WORD));
    await checkA11y(page, 'verhaal');
    await screenshot(page, 'k-09-verhaal');

    // 2. The unique word finds it, also for an anonymous visitor (consent for publication).
    await searchFromHeader(page, STORY_WORD);
    assert.deepEqual(await hitLinks(page), [{ title: STORY, path: storyPath }]);
    const visitor = await newPage(browser);
    t.after(() => visitor.context.close());
    response = await visit(visitor.page, storyPath);
    assert.equal(response.status(), 200);
    await visit(visitor.page, `/zoeken?q=${STORY_WORD}`);
    assert.deepEqual(await hitLinks(visitor.page), [{ title: STORY, path: storyPath }]);

    // 3. Withdraw the consent, through the confirmation page.
    await visit(page, storyPath);
    await navigateBy(page, () => page.getByRole('link', { name: 'Toestemming intrekken', exact: true }).click());
    assert.equal(new URL(page.url()).pathname, `${storyPath}/intrekken`);
    assert.equal(await textOf(page.locator('h1')), `Toestemming intrekken: ${STORY}`);
    await checkA11y(page, 'verhaal-intrekken');
    await screenshot(page, 'k-10-verhaal-intrekken');
    response = await navigateBy(page, () =>
      page.getByRole('button', { name: 'Toestemming intrekken en verhaal wissen', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    const main = await textOf(page.locator('main'));
    assert.match(main, /Toestemming ingetrokken op/);
    assert.ok(!main.includes(STORY_WORD), 'the story text is erased');
    await checkA11y(page, 'verhaal-ingetrokken');
    await screenshot(page, 'k-11-verhaal-ingetrokken');

    // 4. Gone from search, and from the web.
    await searchFromHeader(page, STORY_WORD);
    assert.equal(await resultCount(page), 0);
    assert.deepEqual(await hitLinks(page), []);
    response = await visit(visitor.page, storyPath);
    assert.equal(response.status(), 404);
    await visit(visitor.page, `/zoeken?q=${STORY_WORD}`);
    assert.equal(await resultCount(visitor.page), 0);
  });

  test('the search box works with the keyboard alone', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await visit(page, `${ZHZ}/kennis`);

    // Tab from the top of the page: the skip link, then the header, until the search box.
    const box = headerSearch(page);
    let reached = false;
    for (let i = 0; i < 12 && !reached; i++) {
      await page.keyboard.press('Tab');
      reached = await box.evaluate((el) => el === document.activeElement);
    }
    assert.ok(reached, 'the header search box is reachable with Tab');
    await page.keyboard.type('mantelzorgers');
    await navigateBy(page, () => page.keyboard.press('Enter'));
    assert.equal(new URL(page.url()).pathname, '/zoeken');
    assert.equal(new URL(page.url()).searchParams.get('q'), 'mantelzorgers');
    assert.ok((await resultCount(page)) > 0, 'public items about mantelzorgers are found');
    assert.equal(await page.getByRole('searchbox', { name: SEARCH_LABEL }).last().inputValue(), 'mantelzorgers');
  });

  test('the other knowledge base lists pass axe', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await logIn(page, LECTOR);
    for (const [path, name, heading] of [
      [`${ZHZ}/praktijkvragen`, 'praktijkvragen', 'Praktijkvragen'],
      [`${ZHZ}/aanpakken`, 'aanpakken', 'Aanpakken en werkzame factoren'],
      ['/kwesties', 'kwesties', 'Kwesties'],
    ]) {
      const response = await visit(page, path);
      assert.equal(response.status(), 200, path);
      assert.equal(await textOf(page.locator('h1')), heading);
      await checkA11y(page, name);
      await screenshot(page, `k-12-${name}`);
    }
    // An approach's page shows its working factors with Dutch labels, no codes.
    await visit(page, `${ZHZ}/aanpakken`);
    await navigateBy(page, () => page
      .getByRole('heading', { name: 'Vroeg erop af bij geldzorgen (fictief)', exact: true })
      .getByRole('link')
      .click());
    const text = await textOf(page.locator('main'));
    assert.doesNotMatch(text, /\b[a-z]+_[a-z_]+\b/, 'no raw codes like goed_beschreven');
    await checkA11y(page, 'aanpak');
    await screenshot(page, 'k-13-aanpak');
  });
});
