// End-to-end test of the grants pages (issue 18) in a real browser: the coordinator creates a
// grant with a year amount, adds a budget line, sees the dashboard with a chart and its table
// (at 1280 and 390 px), saves a narrative of the annual report, and the PDF and XLSX download
// links answer 200 with the right content type. Every page visited is checked with axe (WCAG 2.1
// AA) and photographed (also to /tmp/shots-grants).
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';

import { assertLayout, checkA11y, field, h1Text, launch, logIn, navigateBy, newPage, screenshot, url, visit } from '../lib.js';

const PASSWORD = 'broedplaats-demo';
const COORDINATOR = { email: 'coordinator@zhz.example', password: PASSWORD };
const TEST_TIMEOUT = 240_000;
const SHOTS = '/tmp/shots-grants';

let browser;

before(async () => {
  browser = await launch();
  mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
});

async function shoot(page, name) {
  await screenshot(page, name);
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: true });
}

describe('Grants in the browser', { timeout: TEST_TIMEOUT * 2 }, () => {
  test('create a grant, add a budget line, see the dashboard, write the report', { timeout: TEST_TIMEOUT }, async (t) => {
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const title = `Kernsubsidie ${stamp}`;
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await logIn(page, COORDINATOR);

    // From the werkplaats's page to the dashboard.
    await visit(page, '/werkplaatsen/zhz');
    await navigateBy(page, () => page.getByRole('link', { name: 'Subsidies en verantwoording' }).click());
    assert.equal(await h1Text(page), 'Subsidies en verantwoording');
    await assertLayout(page);
    await checkA11y(page, 'subsidies');
    await shoot(page, 'grants-01-dashboard');

    // A new grant: sent with a negative amount first, then right.
    await navigateBy(page, () => page.getByRole('link', { name: 'Subsidie toevoegen' }).click());
    assert.equal(await h1Text(page), 'Subsidie toevoegen');
    await checkA11y(page, 'subsidie-nieuw');
    await field(page, 'Titel').fill(title);
    await field(page, 'Financier').fill('Ministerie van VWS');
    await field(page, 'Soort financiering').selectOption({ label: 'Subsidie' });
    await field(page, 'Begindatum').fill('2024-01-01');
    await field(page, 'Einddatum').fill('2027-12-31');
    await field(page, 'Bedrag per jaar').fill('2024: -185.000');
    await field(page, 'Matchingsratio').fill('1');
    await navigateBy(page, () => page.getByRole('button', { name: 'Subsidie opslaan' }).click());
    assert.equal(await page.locator('.error-summary').count(), 1);
    assert.match(await page.locator('.error-summary').innerText(), /niet negatief/);
    assert.match(await page.title(), /^Fout: /);
    await checkA11y(page, 'subsidie-fouten');
    await shoot(page, 'grants-02-form-errors');
    await field(page, 'Bedrag per jaar').fill('2024: 185.000');
    await navigateBy(page, () => page.getByRole('button', { name: 'Subsidie opslaan' }).click());
    assert.equal(await h1Text(page), title);
    const grantPath = new URL(page.url()).pathname;
    assert.match(grantPath, /^\/werkplaatsen\/zhz\/subsidies\/\d+$/);
    assert.match(await page.locator('main').innerText(), /€ 185\.000/);

    // A budget line from the grant's page.
    await field(page, 'Naam van de post').fill('Coördinatie');
    await field(page, 'Begroot 2024').fill('120.000');
    await field(page, 'Gerealiseerd 2024').fill('95.000,50');
    await navigateBy(page, () => page.getByRole('button', { name: 'Begrotingspost opslaan' }).click());
    const main = await page.locator('main').innerText();
    assert.match(main, /€ 120\.000/);
    assert.match(main, /€ 95\.000,50/);
    await checkA11y(page, 'subsidie');
    await shoot(page, 'grants-03-grant');

    // The dashboard of 2024: charts, each with its table.
    await visit(page, '/werkplaatsen/zhz/subsidies?jaar=2024');
    assert.ok((await page.locator('svg[role="img"]').count()) >= 1, 'a chart');
    const budget = page.locator('table', { has: page.locator('caption', { hasText: 'Begroot en gerealiseerd per post in 2024' }) });
    assert.equal(await budget.count(), 1);
    assert.match(await budget.innerText(), /€ 95\.000,50/);
    await checkA11y(page, 'subsidies-2024');
    await shoot(page, 'grants-04-dashboard-2024');
    await page.setViewportSize({ width: 390, height: 844 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `the dashboard is ${overflow}px wider than a phone`);
    await checkA11y(page, 'subsidies-2024-390');
    await shoot(page, 'grants-05-dashboard-390');
    await page.setViewportSize({ width: 1280, height: 900 });

    // The annual report: a narrative saved as a new version, and the downloads.
    await visit(page, '/werkplaatsen/zhz/verantwoording?year=2024');
    await checkA11y(page, 'verantwoording');
    await field(page, 'Gerealiseerde activiteiten').fill(`Tekst ${stamp}`);
    await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan als nieuwe versie' }).click());
    assert.match(await page.locator('.notice').innerText(), /Versie \d+ is opgeslagen op/);
    assert.equal(await field(page, 'Gerealiseerde activiteiten').inputValue(), `Tekst ${stamp}`);
    await checkA11y(page, 'verantwoording-opgeslagen');
    await shoot(page, 'grants-06-verantwoording');
    await page.setViewportSize({ width: 390, height: 844 });
    await checkA11y(page, 'verantwoording-390');
    await shoot(page, 'grants-07-verantwoording-390');
    await page.setViewportSize({ width: 1280, height: 900 });
    for (const [name, type] of [
      ['Jaarverslag als PDF', 'application/pdf'],
      ['Jaarverslag als Excel-bestand (XLSX)', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]) {
      const href = await page.getByRole('link', { name }).getAttribute('href');
      const res = await page.request.get(url(href), { timeout: 120_000 });
      assert.equal(res.status(), 200, `${name}: ${res.status()}`);
      assert.equal(res.headers()['content-type'], type);
      assert.match(res.headers()['content-disposition'], /jaarverslag-2024-zhz/);
    }
  });
});
