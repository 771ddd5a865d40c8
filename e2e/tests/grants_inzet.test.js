// End-to-end test of the contributions import (issue 18) in a real browser: a coordinator checks a
// CSV file on the import page, sees the preview, confirms, and finds the row in the contributions
// table. The pages are checked with axe (WCAG 2.1 AA) at 1280 and 390 px, and may not be wider than
// a phone.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertLayout, checkA11y, h1Text, launch, logIn, navigateBy, newPage, screenshot, visit } from '../lib.js';

const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const TEST_TIMEOUT = 120_000;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function noWiderThanAPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone`);
  await checkA11y(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Contributions in the browser', { timeout: TEST_TIMEOUT * 2 }, () => {
  test('import a CSV through the page and see the row', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());
    await logIn(page, COORDINATOR);
    await visit(page, '/werkplaatsen/zhz/inzet/importeren');
    assert.equal(await h1Text(page), 'Inzet importeren uit CSV');
    await assertLayout(page);
    await checkA11y(page, 'inzet-importeren');
    await noWiderThanAPhone(page, 'inzet-importeren');

    const justification = `E2E-inzet ${Date.now().toString(36)}`;
    const csv = Buffer.from(
      `organisatie;jaar;soort;bedrag;status;toelichting\nHogeschool Maasoever (fictief);2025;natura;4.321,09;gerealiseerd;${justification}\n`,
    );
    await page.locator('#bestand').setInputFiles({ name: 'inzet.csv', mimeType: 'text/csv', buffer: csv });
    await navigateBy(page, () => page.getByRole('button', { name: 'Bestand controleren' }).click());
    assert.match(await page.locator('#preview-title').innerText(), /Controle/);
    await checkA11y(page, 'inzet-importeren-controle');
    await screenshot(page, 'inzet-01-controle');
    await navigateBy(page, () => page.getByRole('button', { name: /Importeer 1 regel/ }).click());

    assert.equal(await h1Text(page), 'Inzet van partners');
    const row = page.locator('tr', { hasText: justification });
    assert.equal(await row.count(), 1);
    assert.match(await row.innerText(), /€ 4\.321,09/);
    await checkA11y(page, 'inzet');
    await noWiderThanAPhone(page, 'inzet');
    await screenshot(page, 'inzet-02-lijst');

    await visit(page, '/werkplaatsen/zhz/resultaten');
    assert.equal(await h1Text(page), 'Resultaten');
    await checkA11y(page, 'resultaten');
    await noWiderThanAPhone(page, 'resultaten');
  });
});
