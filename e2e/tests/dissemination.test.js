// End-to-end tests of dissemination and federation (issue 17) in a real browser: a visitor finds
// the Atom feed of a werkplaats from its page; a coordinator follows the werkplaats, chooses a
// daily digest and stops following again on "Wat ik volg"; the coordinator's page of harvested
// sources refuses a bad address in Dutch with an error summary that links to the field. Every page visited is
// checked with axe (WCAG 2.1 AA) at desktop and phone width and photographed.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertLayout, checkA11y, h1Text, launch, logIn, navigateBy, newPage, screenshot, url, visit } from '../lib.js';

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

async function atPhoneWidth(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a phone`);
  await checkA11y(page, `${name}-390`);
  await screenshot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('Dissemination in the browser', { timeout: TEST_TIMEOUT * 3 }, () => {
  test('a visitor finds the feed of a werkplaats and reads it', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await visit(page, '/werkplaatsen/zhz');
    const link = page.locator('link[rel="alternate"][type="application/atom+xml"]');
    assert.equal(await link.count(), 1, 'the werkplaats page names its feed');
    const href = await link.getAttribute('href');
    const feed = await page.request.get(url(href));
    assert.equal(feed.status(), 200);
    assert.match(feed.headers()['content-type'], /application\/atom\+xml/);
    const body = await feed.text();
    assert.match(body, /<feed xmlns="http:\/\/www\.w3\.org\/2005\/Atom"/);
    assert.ok((body.match(/<entry>/g) || []).length > 0, 'the demo werkplaats has published products');
    const robots = await page.request.get(url('/robots.txt'));
    assert.match(await robots.text(), /Sitemap: .*\/sitemap\.xml/);
  });

  test('a coordinator follows a werkplaats, picks a daily digest and stops following', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await logIn(page, COORDINATOR);
    await visit(page, '/werkplaatsen/zhz');
    await navigateBy(page, () => page.getByRole('button', { name: /^Volgen/ }).click());
    assert.equal(await page.getByRole('button', { name: /^Niet meer volgen/ }).count(), 1, 'the button turned');

    await visit(page, '/account');
    await navigateBy(page, () => page.getByRole('link', { name: /Wat ik volg/ }).click());
    assert.equal(await h1Text(page), 'Wat ik volg');
    await assertLayout(page);
    assert.ok((await page.locator('main').textContent()).includes('Zuid-Holland Zuid'), 'the follow is listed');
    await page.getByLabel(/Dagelijks/).check();
    await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan' }).click());
    assert.equal(await page.getByLabel(/Dagelijks/).isChecked(), true, 'the choice is kept');
    await checkA11y(page, 'volgen');
    await screenshot(page, 'd-01-volgen');
    await atPhoneWidth(page, 'd-02-volgen');

    await navigateBy(page, () => page.getByRole('button', { name: /Niet meer volgen/ }).first().click());
    assert.ok(!(await page.locator('main').textContent()).includes('Zuid-Holland Zuid'), 'the follow is gone');
  });

  test('the page of harvested sources refuses a bad address in Dutch', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await logIn(page, COORDINATOR);
    await visit(page, '/account');
    await navigateBy(page, () => page.getByRole('link', { name: /Oogsten uit andere bronnen/ }).click());
    assert.equal(await h1Text(page), 'Oogsten uit andere bronnen');
    await checkA11y(page, 'oogsten');
    await page.getByLabel(/OAI-PMH-adres/).fill('gopher://bron.example/oai');
    await navigateBy(page, () => page.getByRole('button', { name: 'Bron toevoegen' }).click());
    const summary = page.locator('.error-summary, [role="alert"]').first();
    assert.ok((await summary.textContent()).includes('http:// of https://'), 'the reason, in Dutch');
    await checkA11y(page, 'oogsten-fout');
    await screenshot(page, 'd-03-oogsten-fout');
    await atPhoneWidth(page, 'd-04-oogsten');
  });
});
