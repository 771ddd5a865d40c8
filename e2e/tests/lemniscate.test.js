// End-to-end (issue 16): one practice question carried round the whole knowledge lemniscate by
// two werkplaatsen and a national knowledge partner, through the browser. The coordinator of zhz
// asks the question and moves it to verspreiden; the coordinator of the second werkplaats
// (voorbeeld) publishes a public knowledge product; the national partner takes the question up
// from the national agenda (opschalen), attaches that product and hands it back (verrijken); the
// zhz coordinator finds it on the home page and records toepassen. Then the numbers of the three
// lemniscate views (national, zhz, the question's kwestie) equal GET /api/v1/lemniscate for the
// same filters, fetched in the same browser session. Every new page passes axe (WCAG 2.1 AA); the
// figure has a text alternative and a table; the view and the path are photographed at 1280 and
// 390 px.
//
// Runs against the demo server of e2e/run.sh. What it made (the question, the product) is deleted
// afterwards, so other tests meet the demo as it was.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkA11y, field, launch, logIn, navigateBy, newPage, screenshot, textOf, visit } from '../lib.js';

const PASSWORD = 'broedplaats-demo';
const ZHZ_COORDINATOR = { email: 'coordinator@zhz.example', password: PASSWORD };
const OTHER_COORDINATOR = { email: 'coordinator@voorbeeld.example', password: PASSWORD };
const PARTNER = { email: 'kennispartner@landelijk.example', password: PASSWORD };
const RUN = Date.now().toString(36);
const QUESTION = `Hoe houden mantelzorgers het vol naast hun werk? (e2e ${RUN})`;
const PRODUCT = `Werkvorm: het mantelzorggesprek op het werk (e2e ${RUN})`;
const MOVEMENTS = ['ontwikkelen', 'verspreiden', 'opschalen', 'verrijken'];
const TEST_TIMEOUT = 600_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

const a11y = (page, name) => checkA11y(page, `lemniscaat-${name}`);
const shot = (page, name) => screenshot(page, `lem-${name}`);
/** Presses a button in `scope` (a page, or a part of one) and waits for the page it leads to. */
const press = (scope, name) =>
  navigateBy(typeof scope.page === 'function' ? scope.page() : scope, () =>
    scope.getByRole('button', typeof name === 'string' ? { name, exact: true } : { name }).click(),
  );
const escape = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Checks the page at phone width too, and photographs it at both widths. */
async function bothWidths(page, name) {
  await shot(page, `${name}-1280`);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload({ waitUntil: 'load' });
  await a11y(page, `${name}-telefoon`);
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.reload({ waitUntil: 'load' });
}

/** Records a step on the path page the browser shows: movement, step (its label), note. */
async function recordStep(page, { movement, step, note }) {
  const form = page.locator('form.lem-move-form');
  await form.getByRole('group', { name: /^Beweging/ }).getByRole('radio', { name: new RegExp(`^${movement}`) }).check();
  if (step) await field(form, 'Stap').selectOption({ label: step });
  if (note) await field(form, 'Toelichting').fill(note);
  const response = await navigateBy(page, () => form.getByRole('button', { name: 'Stap vastleggen', exact: true }).click());
  assert.equal(response.status(), 200, await textOf(page.locator('main')));
  assert.match(await textOf(page.locator('.notice')), /vastgelegd|opgepakt/);
}

/** Where the question stands, as its path page says. */
async function standsIn(page) {
  return textOf(page.locator('.lem-now .lem-badge'));
}

/** The numbers of the lemniscate view on the page: movements and crossings. */
async function shownNumbers(page) {
  const out = { movements: {}, crossings: 0 };
  for (const m of MOVEMENTS) {
    out.movements[m] = Number(await page.locator(`#lem-count-${m}`).getAttribute('data-count'));
  }
  out.crossings = Number(await page.locator('#lem-count-gekruist').getAttribute('data-count'));
  return out;
}

/** GET /api/v1/lemniscate with `query`, from the page (its session, its cookies). */
async function apiNumbers(page, query) {
  const body = await page.evaluate(async (q) => {
    const r = await fetch(`/api/v1/lemniscate${q}`, { headers: { accept: 'application/json' } });
    return { status: r.status, json: await r.json() };
  }, query);
  assert.equal(body.status, 200, JSON.stringify(body.json));
  return { movements: body.json.movements, crossings: body.json.crossings };
}

/** The figure: an image with a text alternative naming every number, and the table. */
async function assertFigure(page, numbers) {
  const img = page.locator('svg.lem-figure svg[role="img"]');
  assert.equal(await img.count(), 1, 'an svg with role img');
  const labelled = await img.getAttribute('aria-labelledby');
  assert.equal(labelled, 'lem-title lem-desc');
  const title = await page.locator('#lem-title').textContent();
  const desc = await page.locator('#lem-desc').textContent();
  assert.ok(title.trim().length > 0, 'a title');
  for (const m of MOVEMENTS) {
    const name = m[0].toUpperCase() + m.slice(1);
    const n = numbers.movements[m];
    assert.ok(desc.includes(`${n} ${n === 1 ? 'vraag' : 'vragen'} in ${name}`), `the description names ${m}: ${desc}`);
  }
  assert.ok(desc.includes(`${numbers.crossings} keer het midden`), `the description names the crossings: ${desc}`);
  const table = page.getByRole('table', { name: /^Aantallen van de kennislemniscaat/ });
  assert.equal(await table.getByRole('row').count(), 6, 'a header row and five numbers');
}

describe('the knowledge lemniscate', { timeout: TEST_TIMEOUT }, () => {
  test('a question goes round the whole eight, and the views count it as the API does', { timeout: TEST_TIMEOUT }, async (t) => {
    const zhz = await newPage(browser);
    const other = await newPage(browser);
    const partner = await newPage(browser);
    const zp = zhz.page;
    const op = other.page;
    const pp = partner.page;
    let questionPath;
    let productPath;
    t.after(async () => {
      // Leave the demo as the other tests expect it: without this run's question and product.
      for (const [page, path] of [[zp, questionPath], [op, productPath]]) {
        if (!path) continue;
        try {
          await visit(page, `${path}/verwijderen`);
          await press(page, 'Ja, verwijderen');
        } catch (e) {
          console.error(`cleaning up ${path}: ${e}`);
        }
      }
      await zhz.context.close();
      await other.context.close();
      await partner.context.close();
    });
    await logIn(zp, ZHZ_COORDINATOR);
    await logIn(op, OTHER_COORDINATOR);
    await logIn(pp, PARTNER);

    // 1. The zhz coordinator asks the question, with a kwestie of the demo.
    await visit(zp, '/werkplaatsen/zhz/praktijkvragen/nieuw');
    await field(zp, 'Praktijkvraag').fill(QUESTION);
    const kwestieBox = zp.getByRole('group', { name: 'Kwesties' }).getByRole('checkbox').first();
    const kwestie = (await zp.locator(`label[for="${await kwestieBox.getAttribute('id')}"]`).textContent()).trim();
    await kwestieBox.check();
    let response = await press(zp, 'Opslaan');
    assert.equal(response.status(), 200);
    questionPath = new URL(zp.url()).pathname;
    assert.match(questionPath, /^\/werkplaatsen\/zhz\/praktijkvragen\/\d+$/);
    assert.match(await textOf(zp.locator('main')), /Staat in de lemniscaat in Ontwikkelen/);
    await a11y(zp, 'praktijkvraag');
    await navigateBy(zp, () => zp.getByRole('link', { name: 'Pad door de lemniscaat', exact: true }).click());
    assert.equal(new URL(zp.url()).pathname, `${questionPath}/pad`);
    assert.equal(await standsIn(zp), 'Ontwikkelen');
    await a11y(zp, 'pad-formulier');

    // ... and moves it to the national side.
    await recordStep(zp, { movement: 'Verspreiden', step: 'Agenderen', note: 'Ook in **andere regio’s** speelt dit.' });
    assert.equal(await standsIn(zp), 'Verspreiden');
    assert.equal(await zp.locator('.lem-crossed').count(), 1, 'the move crossed the middle');
    assert.equal(await zp.locator('.lem-note strong').textContent(), 'andere regio’s', 'the note as Markdown');

    // 2. The coordinator of the second werkplaats publishes a public knowledge product.
    await visit(op, '/werkplaatsen/voorbeeld/kennis/nieuw');
    await field(op, 'Soort').selectOption({ label: 'Werkvorm' });
    await field(op, 'Titel').fill(PRODUCT);
    await field(op, 'Samenvatting').fill('Een gesprek tussen leidinggevende en mantelzorger over wat helpt.');
    await field(op, 'Zichtbaar voor').selectOption({ label: 'Openbaar' });
    response = await press(op, 'Opslaan');
    assert.equal(response.status(), 200);
    productPath = new URL(op.url()).pathname;
    assert.match(productPath, /^\/werkplaatsen\/voorbeeld\/kennis\/\d+$/);
    response = await press(op.getByRole('region', { name: 'Beheer en review' }), 'Publiceren');
    assert.equal(response.status(), 200);
    assert.match(await textOf(op.locator('main .meta').first()), /Gepubliceerd/);

    // 3. The national partner takes the question up from the national agenda ...
    await visit(pp, '/landelijke-agenda');
    const waiting = pp.getByRole('region', { name: /^Verspreiden/ });
    assert.equal(await waiting.getByRole('link', { name: QUESTION, exact: true }).count(), 1, 'on the national agenda');
    await a11y(pp, 'landelijke-agenda');
    await shot(pp, 'landelijke-agenda');
    // The button's name carries the question (a hidden part, read as "Oppakken : …").
    await press(waiting, new RegExp(`^Oppakken\\s*:\\s*${escape(QUESTION)}$`));
    assert.equal(new URL(pp.url()).pathname, `${questionPath}/pad`);
    assert.match(await textOf(pp.locator('.notice')), /U hebt de vraag opgepakt/);
    assert.equal(await standsIn(pp), 'Opschalen');
    assert.equal(
      await pp.getByRole('group', { name: /^Beweging/ }).getByRole('radio', { name: /^Ontwikkelen/ }).count(),
      0,
      'a national partner does not develop',
    );

    // ... finds the product of the other werkplaats, attaches it and hands the question back.
    const search = pp.locator('form.lem-search');
    await search.getByLabel('Zoek kennis om mee te geven').fill(RUN);
    await navigateBy(pp, () => search.getByRole('button', { name: 'Zoeken', exact: true }).click());
    const box = pp.locator('form.lem-move-form').getByRole('checkbox', { name: new RegExp(`^${escape(PRODUCT)}`) });
    assert.equal(await box.count(), 1, 'the product is offered');
    await box.check();
    await a11y(pp, 'pad-kennispartner');
    await recordStep(pp, { movement: 'Verrijken', step: 'Terugvloeien naar de praktijk', note: 'Gevalideerd in drie regio’s.' });
    assert.equal(await standsIn(pp), 'Verrijken');
    const last = pp.locator('.lem-timeline > li').last();
    assert.equal(await last.getByRole('link', { name: new RegExp(`^${escape(PRODUCT)}`) }).count(), 1, 'handed back with the product');
    assert.match(await textOf(last), /Nadia Landman.*\(Movisie\)/);

    // 4. The zhz coordinator sees it on the home page and applies it in practice.
    await visit(zp, '/');
    const back = zp.getByRole('list', { name: 'Teruggegeven door landelijke kennispartners' }).first();
    await a11y(zp, 'home-teruggegeven');
    await navigateBy(zp, () => back.getByRole('link', { name: QUESTION, exact: true }).click());
    assert.equal(new URL(zp.url()).pathname, `${questionPath}/pad`);
    await recordStep(zp, { movement: 'Ontwikkelen', step: 'Toepassen in de praktijk' });
    assert.equal(await standsIn(zp), 'Ontwikkelen');
    assert.match(await textOf(zp.locator('.lem-now')), /Lokale status: Toegepast in de praktijk/);
    assert.equal(await zp.locator('.lem-timeline > li').count(), 5, 'created, verspreiden, opschalen, verrijken, toepassen');
    assert.equal(await zp.locator('.lem-crossed').count(), 2, 'out and back again');
    await a11y(zp, 'pad');
    await bothWidths(zp, 'pad');

    // 5. The three views: the same numbers as the API, for the same filters and the same viewer.
    await visit(zp, '/kwesties');
    await navigateBy(zp, () => zp.getByRole('link', { name: kwestie, exact: true }).first().click());
    const kwestieId = new URL(zp.url()).pathname.split('/').pop();
    await navigateBy(zp, () => zp.getByRole('link', { name: 'Kennislemniscaat van deze kwestie', exact: true }).click());
    const today = new Date().toISOString().slice(0, 10);
    const views = [
      { name: 'landelijk', path: '/lemniscaat', api: '' },
      { name: 'landelijk-vandaag', path: `/lemniscaat?van=${today}`, api: `?from=${today}` },
      { name: 'zhz', path: '/werkplaatsen/zhz/lemniscaat', api: '?werkplaats=zhz' },
      { name: 'kwestie', path: `/kwesties/${kwestieId}/lemniscaat`, api: `?kwestie=${kwestieId}` },
    ];
    for (const [who, page] of [['coordinator', zp], ['kennispartner', pp]]) {
      for (const v of views) {
        await visit(page, v.path);
        const shown = await shownNumbers(page);
        assert.deepEqual(shown, await apiNumbers(page, v.api), `${v.name} for the ${who}`);
        await assertFigure(page, shown);
        await a11y(page, `${v.name}-${who}`);
      }
    }
    await visit(zp, `/kwesties/${kwestieId}/lemniscaat`);
    const mine = await shownNumbers(zp);
    assert.ok(mine.movements.ontwikkelen >= 1 && mine.crossings >= 2, JSON.stringify(mine));
    await bothWidths(zp, 'kwestie');
    await visit(zp, '/lemniscaat');
    await bothWidths(zp, 'landelijk');

    // Behind a number: the list of questions it counts.
    await visit(zp, `/kwesties/${kwestieId}/lemniscaat?van=${today}`);
    await navigateBy(zp, () => zp.locator('#lem-count-gekruist').click());
    assert.equal(await textOf(zp.locator('h1')), 'Vragen die het midden kruisten');
    assert.equal(await zp.getByRole('link', { name: QUESTION, exact: true }).count(), 1);
    await a11y(zp, 'lijst-gekruist');
  });
});
