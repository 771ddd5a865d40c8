// End-to-end: a forgotten password (the email, its link, a new password, signed in) and an API
// token made in the browser, used on the API, revoked and refused (issue 13, your own account).
//
// Uses the demo member lid@zhz.example, whom no other browser test signs in. The server writes
// emails as .eml files to $BROEDPLAATS_DATA_DIR/mail; the job worker sends them within 15 seconds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkA11y, currentPath, launch, navigateBy, newPage, screenshot, textOf, url, visit } from '../lib.js';

const MEMBER = 'lid@zhz.example';
const NEW_PASSWORD = `een nieuw wachtwoord ${Date.now().toString(36)}`;
const TEST_TIMEOUT = 180_000;
const MAIL_TIMEOUT = 40_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** Quoted-printable decoding, enough to read a link out of an .eml file. */
function decodeQuotedPrintable(s) {
  const joined = s.replace(/=\r?\n/g, '');
  const bytes = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === '=' && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(joined[i], 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** Waits for an email to `to` whose text holds `marker`; returns the decoded message. */
async function waitForMail(to, marker) {
  const dir = process.env.BROEDPLAATS_DATA_DIR && join(process.env.BROEDPLAATS_DATA_DIR, 'mail');
  assert.ok(dir, 'BROEDPLAATS_DATA_DIR is not set; run the tests with e2e/run.sh');
  const deadline = Date.now() + MAIL_TIMEOUT;
  for (;;) {
    let files = [];
    try {
      files = readdirSync(dir).filter((f) => f.endsWith('.eml'));
    } catch {
      // the directory appears with the first email
    }
    for (const f of files) {
      const text = decodeQuotedPrintable(readFileSync(join(dir, f), 'utf8'));
      if (text.includes(`<${to}>`) && text.includes(marker)) return text;
    }
    assert.ok(Date.now() < deadline, `no email to ${to} with ${marker} within ${MAIL_TIMEOUT / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

describe('your own account in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('a forgotten password is reset by email; a token is made, used and revoked', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());

    // 1. "Wachtwoord vergeten?" on the sign-in page; the same answer for every address.
    await visit(page, '/inloggen');
    await navigateBy(page, () => page.getByRole('link', { name: 'Wachtwoord vergeten?', exact: true }).click());
    assert.equal(currentPath(page), '/wachtwoord-vergeten');
    await checkA11y(page, 'wachtwoord-vergeten');
    await page.getByLabel('E-mailadres', { exact: true }).fill(MEMBER);
    await navigateBy(page, () => page.getByRole('button', { name: 'Link sturen', exact: true }).click());
    assert.match(await textOf(page.getByRole('status')), /Als er een account bij dit adres hoort/);

    // 2. The link in the email; a new password, twice; signed in.
    const mail = await waitForMail(MEMBER, '/wachtwoord-herstellen/');
    const link = mail.match(/https?:\/\/\S+\/wachtwoord-herstellen\/[A-Za-z0-9_-]+/);
    assert.ok(link, 'a reset link in the email');
    await page.goto(link[0], { waitUntil: 'load' });
    await checkA11y(page, 'wachtwoord-herstellen');
    await page.getByLabel('Nieuw wachtwoord', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Nieuw wachtwoord nog een keer', { exact: true }).fill(NEW_PASSWORD);
    await navigateBy(page, () => page.getByRole('button', { name: 'Wachtwoord opslaan', exact: true }).click());
    assert.equal(currentPath(page), '/account?melding=wachtwoord');
    assert.match(await textOf(page.getByRole('status')), /Uw wachtwoord is gewijzigd/);
    await checkA11y(page, 'account');
    await screenshot(page, 'acc-01-account');

    // 3. The link works once.
    const again = await page.goto(link[0], { waitUntil: 'load' });
    assert.equal(again.status(), 404);

    // 4. An API token made in the browser, shown once, works on the API.
    await visit(page, '/account/tokens');
    await page.getByLabel('Naam (verplicht)', { exact: true }).fill('Browsertest');
    await page.getByLabel('Geldig voor (dagen)', { exact: true }).fill('7');
    await navigateBy(page, () => page.getByRole('button', { name: 'Token maken', exact: true }).click());
    await checkA11y(page, 'api-tokens');
    const token = (await textOf(page.locator('#new-token'))).trim();
    assert.match(token, /^bp_/);
    const me = await fetch(url('/api/v1/me'), { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).email, MEMBER);

    // 5. Revoked after a confirmation; the API refuses it.
    await visit(page, '/account/tokens');
    await navigateBy(page, () => page.getByRole('link', { name: 'Intrekken Browsertest', exact: true }).click());
    await checkA11y(page, 'api-token-intrekken');
    await navigateBy(page, () => page.getByRole('button', { name: 'Token intrekken', exact: true }).click());
    assert.equal(currentPath(page), '/account/tokens');
    const refused = await fetch(url('/api/v1/me'), { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(refused.status, 401);

    // 6. The other account pages pass the accessibility check too.
    for (const [path, name] of [
      ['/account/wachtwoord', 'wachtwoord-wijzigen'],
      ['/account/email', 'email-wijzigen'],
      ['/account/sessies', 'sessies'],
      ['/account/tweestaps', 'tweestapsverificatie'],
    ]) {
      await visit(page, path);
      await checkA11y(page, name);
    }
    await navigateBy(page, () => page.getByRole('button', { name: 'Tweestapsverificatie instellen', exact: true }).click());
    assert.ok(await page.locator('.qr-code svg').count(), 'a QR code');
    await checkA11y(page, 'tweestapsverificatie-instellen');
  });
});
