// End-to-end test of collections (issue 19) in a real browser: a lector builds a reading list of
// two items with a note each in the form without JavaScript (choose from the werkplaats's list,
// add, move, save), opens the reading list, and an anonymous visitor reads it too, at 1280 and
// 390 px. Every page visited is checked with axe (WCAG 2.1 AA) and photographed.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertLayout, checkA11y, field, h1Text, launch, logIn, navigateBy, newPage, screenshot, visit } from '../lib.js';

const LECTOR = { email: 'lector@zhz.example', password: 'broedplaats-demo' };
const PRODUCT = 'Keukentafelgesprek over geldzorgen (fictief)';
const APPROACH = 'Vroeg erop af bij geldzorgen (fictief)';
const TEST_TIMEOUT = 180_000;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function freshPage(t) {
  const { context, page } = await newPage(browser);
  t.after(() => context.close());
  return page;
}

describe('Collections in the browser', { timeout: TEST_TIMEOUT * 2 }, () => {
  test('a lector builds a reading list that everyone can read', { timeout: TEST_TIMEOUT }, async (t) => {
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const title = `Module geldzorgen ${stamp}`;

    const lector = await freshPage(t);
    await logIn(lector, LECTOR);
    await visit(lector, '/collecties');
    assert.equal(await h1Text(lector), 'Collecties');
    await checkA11y(lector, 'collecties');
    await navigateBy(lector, () => lector.getByRole('link', { name: 'Nieuwe collectie' }).click());
    assert.equal(await h1Text(lector), 'Nieuwe collectie');
    await assertLayout(lector);
    await checkA11y(lector, 'collectie-nieuw');

    await field(lector, 'Titel').fill(title);
    await field(lector, 'Beschrijving').fill('Leeslijst voor de module over geldzorgen, jaar 2.');
    await field(lector, 'Opleiding').fill('Social Work');
    // Two items from the werkplaats's list, each added with its button.
    await field(lector, 'Kies uit de kennis van de werkplaats').selectOption({ label: `Kennisproduct: ${PRODUCT}` });
    await navigateBy(lector, () => lector.getByRole('button', { name: 'Item toevoegen' }).click());
    await field(lector, 'Kies uit de kennis van de werkplaats').selectOption({ label: `Aanpak: ${APPROACH}` });
    await navigateBy(lector, () => lector.getByRole('button', { name: 'Item toevoegen' }).click());
    assert.equal(await field(lector, 'Titel').inputValue(), title, 'the form keeps what was typed');
    await lector.locator('#note-0').fill('Lees dit eerst en noteer twee vragen.');
    await lector.locator('#note-1').fill('Vergelijk met wat u in uw stage ziet.');
    // Move the approach up: it comes first.
    // The button's name is "Omhoog" and, visually hidden, the item's title (Chromium puts a space
    // before the hidden part's colon, being absolutely positioned).
    const up = lector.getByRole('button', { name: /^Omhoog/ });
    assert.equal(await up.count(), 1, 'only the second item moves up');
    assert.match(await up.getAttribute('value'), /^up-1$/);
    assert.match(await up.innerText(), new RegExp(APPROACH.replace(/[()]/g, '\\$&')));
    await navigateBy(lector, () => up.click());
    assert.equal(await lector.locator('#note-0').inputValue(), 'Vergelijk met wat u in uw stage ziet.');
    await checkA11y(lector, 'collectie-met-items');
    await screenshot(lector, 'coll-01-formulier');
    await navigateBy(lector, () => lector.getByRole('button', { name: 'Collectie opslaan' }).last().click());

    // The reading list.
    assert.equal(await h1Text(lector), title);
    const path = new URL(lector.url()).pathname;
    assert.match(path, /^\/collecties\/\d+$/);
    const items = lector.locator('ol.reading-list > li');
    assert.equal(await items.count(), 2);
    assert.match(await items.nth(0).innerText(), new RegExp(APPROACH.replace(/[()]/g, '\\$&')));
    assert.match(await items.nth(0).innerText(), /Vergelijk met wat u in uw stage ziet\./);
    assert.match(await items.nth(1).innerText(), /Lees dit eerst/);
    await checkA11y(lector, 'collectie');
    await screenshot(lector, 'coll-02-leeslijst');

    // An anonymous visitor reads it, on a desktop and on a phone.
    const anon = await freshPage(t);
    await visit(anon, path);
    assert.equal(await h1Text(anon), title);
    assert.equal(await anon.locator('ol.reading-list > li').count(), 2);
    assert.equal(await anon.getByRole('link', { name: 'Collectie bewerken' }).count(), 0);
    const feed = await anon.locator('link[rel="alternate"][type="application/atom+xml"]').getAttribute('href');
    assert.equal(feed, `${path}.atom`);
    await assertLayout(anon);
    await checkA11y(anon, 'collectie-anoniem');
    await screenshot(anon, 'coll-03-leeslijst-anoniem');
    await anon.setViewportSize({ width: 390, height: 844 });
    const overflow = await anon.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the reading list is ${overflow}px wider than a phone`);
    await checkA11y(anon, 'collectie-anoniem-390');
    await screenshot(anon, 'coll-04-leeslijst-390');
    await visit(anon, '/collecties');
    await checkA11y(anon, 'collecties-390');
    await screenshot(anon, 'coll-05-collecties-390');
  });
});
