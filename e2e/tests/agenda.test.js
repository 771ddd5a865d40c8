// End-to-end tests of the Broedplaats agenda pages in a real browser.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  assertLayout,
  checkA11y,
  h1Text,
  hrefPath,
  launch,
  navigateBy,
  newPage,
  screenshot,
  textOf,
  url,
  visit,
} from '../lib.js';

const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const ZHZ = '/werkplaatsen/zhz';
const ZHZ_TITLE = 'Werkplaats Sociaal Domein Zuid-Holland Zuid';
const HISTORY = '/werkplaatsen/zhz/agenda/versies';
const THEMES = ['Samen leven', 'Weerbaarheid', 'Professionele veerkracht', 'Thuiswonende ouderen'];
const THEME_PATH = /^\/werkplaatsen\/zhz\/themas\/[^/?#]+$/;
const TEST_TIMEOUT = 120_000;

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** New isolated page; its context is closed after the test that opened it. */
async function freshPage(t) {
  const { context, page } = await newPage(browser);
  t.after(() => context.close());
  return page;
}

/** The link belonging to a theme heading (the heading contains the link, or the link wraps the heading). */
function themeLink(page, title) {
  return page
    .locator('h2 a, h3 a, a:has(h2), a:has(h3)')
    .filter({ hasText: title });
}

async function mainText(page) {
  return textOf(page.locator('main'));
}

async function login(page, { email, password }) {
  await visit(page, '/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  return navigateBy(page, () =>
    page.getByRole('button', { name: 'Inloggen', exact: true }).click(),
  );
}

/** Picks the <option> for version n: value "n", or a label whose first number is n. */
async function selectVersion(select, n) {
  const options = await select
    .locator('option')
    .evaluateAll((els) => els.map((o) => ({ value: o.value, label: o.textContent.trim() })));
  const match =
    options.find((o) => o.value === String(n)) ??
    options.find((o) => (o.label.match(/\d+/) ?? [])[0] === String(n));
  assert.ok(match, `no option for version ${n} in ${JSON.stringify(options)}`);
  await select.selectOption({ value: match.value });
}

/** Version numbers offered by a version <select>: numeric values, else the first number in each label. */
async function versionNumbers(select) {
  const options = await select
    .locator('option')
    .evaluateAll((els) => els.map((o) => ({ value: o.value, label: o.textContent })));
  return options
    .map((o) => Number(/^\d+$/.test(o.value) ? o.value : (o.label.match(/\d+/) ?? [])[0]))
    .filter((n) => Number.isInteger(n) && n > 0);
}

// The row with a cell reading exactly `needle` (a change note may mention a date too).
async function historyRow(page, needle) {
  const exact = new RegExp(`^\\s*${needle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
  const row = page.locator('table tbody tr').filter({ has: page.locator('td', { hasText: exact }) });
  assert.ok((await row.count()) >= 1, `no history row with a cell "${needle}"`);
  return textOf(row.first());
}

describe('Broedplaats agenda in the browser', { timeout: TEST_TIMEOUT * 6 }, () => {
  test('anonymous visitor walks through the public pages', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);

    // Home
    let response = await visit(page, '/');
    assert.equal(response.status(), 200);
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Werkplaatsen Sociaal Domein');
    // The skip link is the first thing a keyboard user reaches.
    await page.keyboard.press('Tab');
    assert.equal(
      await page.evaluate(() => document.activeElement?.textContent?.trim()),
      'Naar de inhoud',
      'first Tab stop is the skip link',
    );
    await checkA11y(page, 'home');
    await screenshot(page, 'a-01-home');

    // Werkplaats Zuid-Holland Zuid
    const zhzLink = page.getByRole('link', { name: ZHZ_TITLE, exact: true });
    assert.equal(await hrefPath(page, zhzLink), ZHZ);
    response = await navigateBy(page, () => zhzLink.click());
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, ZHZ);
    await assertLayout(page);
    assert.equal(await h1Text(page), ZHZ_TITLE);
    const text = await mainText(page);
    assert.ok(
      text.includes('Met elkaar werken aan duurzame sociale kwaliteit'),
      'vision "Met elkaar werken aan duurzame sociale kwaliteit"',
    );
    assert.match(text, /sociale kwaliteit voor de brede basis/i);
    assert.match(text, /vertrouwen/i);
    for (const theme of THEMES) {
      const heading = page.locator('h2, h3').filter({ hasText: theme });
      assert.ok((await heading.count()) >= 1, `heading for theme "${theme}"`);
      const link = themeLink(page, theme);
      assert.equal(await link.count(), 1, `one link for theme heading "${theme}"`);
      assert.match(await hrefPath(page, link), THEME_PATH, `link target of "${theme}"`);
    }
    const historyLink = page.getByRole('link', { name: 'Geschiedenis van de agenda', exact: true });
    assert.equal(await hrefPath(page, historyLink), HISTORY);
    await checkA11y(page, 'werkplaats-zhz');
    await screenshot(page, 'a-02-werkplaats-zhz');

    // Theme "Samen leven"
    response = await navigateBy(page, () => themeLink(page, 'Samen leven').click());
    assert.equal(response.status(), 200);
    assert.match(new URL(page.url()).pathname, THEME_PATH);
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Samen leven');
    const option = page.locator('main li').filter({ hasText: 'Samenzorgzaamheid.' });
    assert.ok((await option.count()) >= 1, 'project option "Samenzorgzaamheid." in a list');
    assert.equal(
      await page.getByRole('link', { name: 'Thema bewerken' }).count(),
      0,
      'anonymous visitor sees no "Thema bewerken"',
    );
    await checkA11y(page, 'thema-samen-leven');
    await screenshot(page, 'a-03-thema-samen-leven');

    // History of the agenda, reached from the workplace page
    await visit(page, ZHZ);
    response = await navigateBy(page, () =>
      page.getByRole('link', { name: 'Geschiedenis van de agenda', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, HISTORY);
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Geschiedenis van de agenda');
    assert.match(await historyRow(page, '20 oktober 2022'), /\b1\b.*concept|concept.*\b1\b/i);
    assert.match(await historyRow(page, '3 november 2022'), /\b2\b.*definitief|definitief.*\b2\b/i);
    assert.equal(await page.getByLabel('Van versie', { exact: true }).evaluate((e) => e.tagName), 'SELECT');
    assert.equal(await page.getByLabel('Naar versie', { exact: true }).evaluate((e) => e.tagName), 'SELECT');
    assert.equal(await page.getByRole('button', { name: 'Vergelijken', exact: true }).count(), 1);
    await checkA11y(page, 'geschiedenis');
    await screenshot(page, 'a-04-geschiedenis');

    // Accessibility statement, through the footer link
    response = await navigateBy(page, () =>
      page.locator('footer').getByRole('link', { name: 'Toegankelijkheid', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/toegankelijkheid');
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Toegankelijkheidsverklaring');
    await checkA11y(page, 'toegankelijkheid');
    await screenshot(page, 'a-05-toegankelijkheid');

    // Unknown page
    response = await visit(page, '/bestaat-niet');
    assert.equal(response.status(), 404);
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Pagina niet gevonden');
    await checkA11y(page, 'niet-gevonden');
    await screenshot(page, 'a-06-niet-gevonden');
  });

  test('language switch to English and back', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await visit(page, '/');
    const dutchH1 = await h1Text(page);
    assert.equal(dutchH1, 'Werkplaatsen Sociaal Domein');

    const toEnglish = page.getByRole('link', { name: 'English', exact: true });
    const href = new URL(await toEnglish.getAttribute('href'), page.url());
    assert.equal(href.pathname, '/taal/en');
    assert.equal(href.searchParams.get('terug'), '/', 'language link returns to the current page');
    let response = await navigateBy(page, () => toEnglish.click());
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, '/', 'back on the home page');
    await assertLayout(page, { lang: 'en' });
    const englishH1 = await h1Text(page);
    assert.equal(englishH1, 'Social Domain Workplaces');
    assert.notEqual(englishH1, dutchH1);
    await checkA11y(page, 'home-en');
    await screenshot(page, 'b-01-home-en');

    // The choice sticks on other pages.
    await visit(page, ZHZ);
    await assertLayout(page, { lang: 'en' });
    await checkA11y(page, 'werkplaats-zhz-en');
    await screenshot(page, 'b-02-werkplaats-zhz-en');

    // And back to Dutch, returning to the same page.
    response = await navigateBy(page, () =>
      page.getByRole('link', { name: 'Nederlands', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, ZHZ);
    await assertLayout(page, { lang: 'nl' });
    assert.equal(await h1Text(page), ZHZ_TITLE);
    await visit(page, '/');
    assert.equal(await h1Text(page), dutchH1);
  });

  test('login with a wrong password shows an error', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await visit(page, '/inloggen');
    await assertLayout(page);
    assert.equal(await h1Text(page), 'Inloggen');
    await checkA11y(page, 'inloggen');
    await screenshot(page, 'c-01-inloggen');

    await login(page, { email: COORDINATOR.email, password: 'fout-wachtwoord' });
    assert.equal(new URL(page.url()).pathname, '/inloggen', 'stays on the login page');
    assert.equal(await h1Text(page), 'Inloggen');
    assert.match(await mainText(page), /onjuist/i, 'error message mentions "onjuist"');
    assert.equal(await page.getByRole('button', { name: 'Uitloggen' }).count(), 0, 'not logged in');
    // The form is still usable, with the e-mail address kept or empty but present.
    assert.equal(await page.getByLabel('Wachtwoord', { exact: true }).count(), 1);
    await checkA11y(page, 'inloggen-fout');
    await screenshot(page, 'c-02-inloggen-fout');
  });

  test('coordinator edits a theme and compares versions', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const sentence = `Deze zin is toegevoegd door de browsertest ${stamp}.`;
    const newOption = `Buurtkamer ${stamp}.`;
    const changeNote = `Browsertest: introductie aangevuld (${stamp})`;

    // Log in
    await visit(page, '/inloggen');
    await checkA11y(page, 'inloggen-coordinator');
    await login(page, COORDINATOR);
    assert.notEqual(new URL(page.url()).pathname, '/inloggen', 'left the login page');
    const logout = page.locator('header').getByRole('button', { name: 'Uitloggen', exact: true });
    await logout.waitFor({ state: 'visible' });
    await screenshot(page, 'd-01-ingelogd');

    // Theme page, from the workplace page
    await visit(page, ZHZ);
    await navigateBy(page, () => themeLink(page, 'Samen leven').click());
    const themePath = new URL(page.url()).pathname;
    assert.match(themePath, THEME_PATH);
    assert.equal(await h1Text(page), 'Samen leven');

    // Edit form
    await navigateBy(page, () => page.getByRole('link', { name: 'Thema bewerken', exact: true }).click());
    await assertLayout(page);
    // "Titel" is a required field; its accessible name may carry "(verplicht)".
    const field = (label) =>
      label === 'Titel' ? page.getByLabel(/^Titel( \(verplicht\))?$/) : page.getByLabel(label, { exact: true });
    for (const label of [
      'Titel',
      'Niveau',
      'Introductie',
      'Leidende vragen (één per regel)',
      'Projectopties (één per regel)',
      'Financiering (optioneel)',
      'Toelichting bij de wijziging',
    ]) {
      assert.equal(await field(label).count(), 1, `form field labelled "${label}"`);
    }
    assert.equal(await field('Niveau').evaluate((e) => e.tagName), 'SELECT', '"Niveau" is a select');
    assert.equal(await field('Titel').inputValue(), 'Samen leven');
    assert.ok((await field('Projectopties (één per regel)').inputValue()).includes('Samenzorgzaamheid.'));
    await checkA11y(page, 'thema-bewerken');
    await screenshot(page, 'd-02-thema-bewerken');

    const intro = field('Introductie');
    const oldIntro = (await intro.inputValue()).trimEnd();
    await intro.fill(`${oldIntro} ${sentence}`);
    const options = field('Projectopties (één per regel)');
    await options.fill(`${(await options.inputValue()).trimEnd()}\n${newOption}`);
    await field('Toelichting bij de wijziging').fill(changeNote);

    // Save: back on the theme page with a status message
    const response = await navigateBy(page, () =>
      page.getByRole('button', { name: 'Opslaan', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    assert.equal(new URL(page.url()).pathname, themePath, 'back on the theme page');
    const status = page.getByRole('status');
    assert.match(await textOf(status.first()), /versie/i, 'status message mentions the version');
    const themeText = await mainText(page);
    assert.ok(themeText.includes(sentence), 'new introduction sentence on the theme page');
    assert.ok(
      (await page.locator('main li').filter({ hasText: newOption }).count()) >= 1,
      'new project option listed',
    );
    await checkA11y(page, 'thema-na-opslaan');
    await screenshot(page, 'd-03-thema-na-opslaan');

    // History shows the new version with the change note
    await visit(page, HISTORY);
    assert.equal(await h1Text(page), 'Geschiedenis van de agenda');
    const from = page.getByLabel('Van versie', { exact: true });
    const to = page.getByLabel('Naar versie', { exact: true });
    const newest = Math.max(...(await versionNumbers(to)));
    assert.ok(newest >= 3, `a version 3 or later exists (newest: ${newest})`);
    const row = await historyRow(page, changeNote);
    assert.match(row, new RegExp(`\\b${newest}\\b`), `change note is on the row of version ${newest}`);
    await checkA11y(page, 'geschiedenis-na-wijziging');
    await screenshot(page, 'd-04-geschiedenis-na-wijziging');

    // Compare previous → new: the sentence is inserted
    await selectVersion(from, newest - 1);
    await selectVersion(to, newest);
    let diff = await navigateBy(page, () =>
      page.getByRole('button', { name: 'Vergelijken', exact: true }).click(),
    );
    assert.equal(diff.status(), 200);
    assert.match(await h1Text(page), /Vergelijking/);
    const inserted = page.locator('main ins').filter({ hasText: stamp });
    assert.ok((await inserted.count()) >= 1, `the new text (${stamp}) is inside an <ins>`);
    const allIns = (await page.locator('main ins').allTextContents()).join(' ').replace(/\s+/g, '');
    assert.ok(allIns.includes(sentence.replace(/\s+/g, '')), 'whole new sentence is marked inserted');
    assert.ok(allIns.includes(newOption.replace(/\s+/g, '')), 'new project option is marked inserted');
    assert.equal(
      await page.locator('main del').filter({ hasText: stamp }).count(),
      0,
      'the new text is not marked deleted',
    );
    await checkA11y(page, 'vergelijking');
    await screenshot(page, 'd-05-vergelijking');

    // Compare new → previous: the same sentence is now removed
    await visit(page, HISTORY);
    await selectVersion(page.getByLabel('Van versie', { exact: true }), newest);
    await selectVersion(page.getByLabel('Naar versie', { exact: true }), newest - 1);
    diff = await navigateBy(page, () =>
      page.getByRole('button', { name: 'Vergelijken', exact: true }).click(),
    );
    assert.equal(diff.status(), 200);
    assert.ok(
      (await page.locator('main del').filter({ hasText: stamp }).count()) >= 1,
      `comparing backwards shows the text (${stamp}) inside a <del>`,
    );
    await screenshot(page, 'd-06-vergelijking-terug');
  });

  test('anonymous visitor cannot edit a theme', { timeout: TEST_TIMEOUT }, async (t) => {
    // Find the edit URL as the coordinator, in a separate browser context.
    const coordinator = await freshPage(t);
    await login(coordinator, COORDINATOR);
    await visit(coordinator, ZHZ);
    await navigateBy(coordinator, () => themeLink(coordinator, 'Samen leven').click());
    const themePath = new URL(coordinator.url()).pathname;
    const editPath = await hrefPath(
      coordinator,
      coordinator.getByRole('link', { name: 'Thema bewerken', exact: true }),
    );

    // Anonymous: no edit link on the theme page
    const page = await freshPage(t);
    await visit(page, themePath);
    assert.equal(await h1Text(page), 'Samen leven');
    assert.equal(await page.getByRole('link', { name: 'Thema bewerken' }).count(), 0);

    // GET of the edit URL: either a redirect to the login page or a 403
    const raw = await page.request.get(url(editPath), { maxRedirects: 0 });
    if (raw.status() !== 403) {
      assert.ok(
        [302, 303, 307].includes(raw.status()),
        `GET ${editPath} anonymously: expected redirect or 403, got ${raw.status()}`,
      );
      const location = new URL(raw.headers()['location'], page.url());
      assert.equal(location.pathname, '/inloggen', 'redirects to the login page');
    }
    const response = await visit(page, editPath);
    if (response.status() === 403) {
      await assertLayout(page);
    } else {
      assert.equal(response.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/inloggen', 'browser ends on the login page');
      assert.equal(await h1Text(page), 'Inloggen');
    }
    await screenshot(page, 'e-01-bewerken-anoniem');

    // A forged anonymous POST to the edit URL changes nothing.
    const post = await page.request.post(url(editPath), {
      form: {
        titel: 'Gekaapt',
        title: 'Gekaapt',
        introductie: 'Gekaapt',
        toelichting: 'Gekaapt',
      },
      maxRedirects: 0,
    });
    assert.ok(post.status() >= 300, `anonymous POST ${editPath} must not succeed (got ${post.status()})`);
    if (post.status() < 400) {
      const location = new URL(post.headers()['location'] ?? '/', page.url());
      assert.equal(location.pathname, '/inloggen', 'anonymous POST redirects to the login page');
    }
    await visit(page, themePath);
    assert.equal(await h1Text(page), 'Samen leven', 'theme unchanged after anonymous POST');
    assert.ok(!(await mainText(page)).includes('Gekaapt'));
  });

  test('coordinator reorders themes, with and without JavaScript', { timeout: TEST_TIMEOUT }, async (t) => {
    const page = await freshPage(t);
    await login(page, COORDINATOR);
    await visit(page, ZHZ);
    const order = async (p) => (await p.locator('.theme-list h3').allTextContents()).map((s) => s.trim());
    assert.deepEqual((await order(page)).slice(0, 2), ['Samen leven', 'Weerbaarheid']);

    // With JavaScript (htmx): only the list is swapped; focus stays on the pressed button.
    const down = page.getByRole('button', { name: 'Samen leven een plaats omlaag', exact: true });
    const buttonId = await down.getAttribute('id');
    const before = page.url();
    await down.click();
    await page.waitForFunction(
      () => document.querySelector('.theme-list h3')?.textContent.trim() === 'Weerbaarheid',
    );
    assert.deepEqual((await order(page)).slice(0, 2), ['Weerbaarheid', 'Samen leven']);
    assert.equal(page.url(), before, 'no navigation: the list was updated in place');
    const saved = (await textOf(page.getByRole('status'))).match(/versie (\d+)/);
    assert.ok(saved, 'status message names the new version');
    assert.equal(
      await page.getByRole('link', { name: `Versie ${saved[1]}`, exact: true }).count(),
      1,
      'the version shown above the list is updated too',
    );
    assert.equal(await page.evaluate(() => document.activeElement?.id), buttonId, 'focus kept');
    await checkA11y(page, 'agenda-coordinator');
    await screenshot(page, 'f-01-volgorde-gewijzigd');

    // Without JavaScript: a plain form post and redirect restore the original order.
    const context = await browser.newContext({ javaScriptEnabled: false, locale: 'nl-NL' });
    t.after(() => context.close());
    await context.addCookies(await page.context().cookies());
    const noJs = await context.newPage();
    await noJs.goto(url(ZHZ));
    await Promise.all([
      noJs.waitForURL(/opgeslagen=\d+/),
      noJs.getByRole('button', { name: 'Weerbaarheid een plaats omlaag', exact: true }).click(),
    ]);
    assert.deepEqual((await order(noJs)).slice(0, 2), ['Samen leven', 'Weerbaarheid']);
    assert.match(await textOf(noJs.getByRole('status')), /versie \d+/);
  });
});
