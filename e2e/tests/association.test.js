// End-to-end tests of the association pages (issue 16) in a real browser: /vereniging with its
// matrix at desktop and phone width, the list behind a count, the comparison page, and a
// coordinator who adds a priority, links a project to it, changes and deletes it again. Every
// page visited is checked with axe (WCAG 2.1 AA) and photographed.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertLayout, checkA11y, h1Text, launch, navigateBy, newPage, screenshot, visit } from '../lib.js';

const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const TEST_TIMEOUT = 120_000;

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

async function login(page, { email, password }) {
  await visit(page, '/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  return navigateBy(page, () => page.getByRole('button', { name: 'Inloggen', exact: true }).click());
}

describe('The association in the browser', { timeout: TEST_TIMEOUT * 3 }, () => {
  test('a visitor reads the matrix, on a desktop and on a phone', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    const response = await visit(page, '/vereniging');
    assert.equal(response.status(), 200);
    await assertLayout(page);
    assert.equal(await h1Text(page), 'De vereniging');
    const table = page.getByRole('table', { name: /per kwestie/ });
    assert.equal(await table.count(), 1, 'the matrix is a table named by its caption');
    assert.ok((await table.locator('th[scope="row"]').count()) > 0, 'kwesties are row headers');
    assert.ok((await table.locator('thead th[scope="col"]').count()) >= 3, 'werkplaatsen are column headers');
    await checkA11y(page, 'vereniging');
    await screenshot(page, 'v-01-vereniging');

    // At 390 px the table scrolls in its own region; the page itself does not.
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the page is ${overflow}px wider than a phone`);
    await checkA11y(page, 'vereniging-390');
    await screenshot(page, 'v-02-vereniging-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // A count leads to the list behind it.
    const cell = table.locator('tbody td a').first();
    const label = (await cell.innerText()).replace(/\s+/g, ' ');
    await navigateBy(page, () => cell.click());
    assert.match(new URL(page.url()).pathname, /^\/werkplaatsen\/[^/]+\/kwesties\/\d+$/);
    await checkA11y(page, 'vereniging-cel');
    await screenshot(page, 'v-03-cel');
    assert.ok(label.length > 0);

    await visit(page, '/werkplaatsen/zhz/vergelijken');
    const wider = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(wider <= 0, `the comparison page is ${wider}px wider than the window`);
    await checkA11y(page, 'vergelijken');
    await screenshot(page, 'v-04-vergelijken');
  });

  test('a coordinator keeps a collective priority', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const title = `Lerende gemeenschappen ${stamp}`;
    await login(page, COORDINATOR);
    await visit(page, '/vereniging');

    // A refused form comes back with its error summary.
    await navigateBy(page, () => page.getByRole('button', { name: 'Prioriteit toevoegen', exact: true }).click());
    assert.equal(await page.locator('.error-summary').count(), 1);
    await checkA11y(page, 'vereniging-fout');

    await page.locator('#priority-title').fill(title);
    await page.locator('#priority-description').fill('Wat werkt, wanneer en hoe.');
    await navigateBy(page, () => page.getByRole('button', { name: 'Prioriteit toevoegen', exact: true }).click());
    assert.ok((await page.locator('main').innerText()).includes('De prioriteit is toegevoegd.'));
    assert.ok((await page.locator('main').innerText()).includes(title));
    await checkA11y(page, 'vereniging-coordinator');

    // Link a project of zhz on the comparison page.
    await visit(page, '/werkplaatsen/zhz/vergelijken');
    const priority = page.locator('article.assoc-priority', { hasText: title });
    await priority.locator('summary').click();
    await priority.locator('fieldset').first().locator('input[type="checkbox"]').first().check();
    await checkA11y(page, 'vergelijken-coordinator');
    await navigateBy(page, () => priority.getByRole('button', { name: 'Koppelingen opslaan' }).click());
    assert.ok((await page.locator('main').innerText()).includes('De koppelingen zijn opgeslagen.'));
    await screenshot(page, 'v-05-gekoppeld');

    // Change it, then delete it after confirming.
    await visit(page, '/vereniging');
    const card = page.locator('article.assoc-priority', { hasText: title });
    assert.equal(await card.locator('ul li').count(), 1, 'the linked project is listed');
    await navigateBy(page, () => card.getByRole('link', { name: /^Wijzigen/ }).click());
    await checkA11y(page, 'prioriteit-wijzigen');
    await page.locator('#priority-title').fill(`${title} (gewijzigd)`);
    await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
    const changed = page.locator('article.assoc-priority', { hasText: `${title} (gewijzigd)` });
    await navigateBy(page, () => changed.getByRole('link', { name: /^Verwijderen/ }).click());
    await checkA11y(page, 'prioriteit-verwijderen');
    await navigateBy(page, () => page.getByRole('button', { name: 'Ja, verwijderen', exact: true }).click());
    assert.ok((await page.locator('main').innerText()).includes('De prioriteit is verwijderd.'));
    assert.equal(await page.locator('article.assoc-priority', { hasText: title }).count(), 0);
  });
});
