// End-to-end: the coordinator invites someone from the members page; the invitee follows the
// link in the email, sets a password and is signed in with the role; the link works once.
// Then self-registration: switched on, a citizen registers, confirms the address by the emailed
// link and is signed in (issue 13).
//
// Runs against the demo server of e2e/run.sh, which writes emails as .eml files to
// $BROEDPLAATS_DATA_DIR/mail; the job worker sends them within 15 seconds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { checkA11y, launch, navigateBy, newPage, screenshot, textOf, visit } from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const RUN = Date.now().toString(36);
const INVITEE = { name: 'Iris Uitgenodigd (e2e)', email: `iris.${RUN}@example.org`, password: 'een-lang-wachtwoord' };
const CITIZEN = { name: 'Ruben Registreert (e2e)', email: `ruben.${RUN}@example.org`, password: 'nog-een-lang-wachtwoord' };
const TEST_TIMEOUT = 180_000;
const MAIL_TIMEOUT = 40_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function field(scope, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\(verplicht\\))?$`));
}

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

/** Waits for an email to `to` whose text matches `pattern`; returns the match. */
async function waitForLink(to, pattern) {
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
      const raw = readFileSync(join(dir, f), 'utf8');
      if (!raw.includes(to)) continue;
      const m = decodeQuotedPrintable(raw).match(pattern);
      if (m) return m[0];
    }
    assert.ok(Date.now() < deadline, `no email to ${to} in ${dir} within ${MAIL_TIMEOUT / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

async function signIn(page, who) {
  await visit(page, '/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(who.email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(who.password);
  await navigateBy(page, () => page.getByRole('button', { name: 'Inloggen', exact: true }).click());
}

/** The roles in zhz of the signed-in account, through the API with the session cookie. */
async function rolesInZhz(page) {
  const me = await page.evaluate(async () => (await fetch('/api/v1/me')).json());
  return me.roles.filter((r) => r.werkplaats === 'zhz').map((r) => r.role);
}

describe('invitations and self-registration in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('an invitation email leads to an account with the role, once', { timeout: TEST_TIMEOUT }, async (t) => {
    const coord = await newPage(browser);
    t.after(() => coord.context.close());
    const page = coord.page;
    await signIn(page, COORDINATOR);
    await visit(page, ZHZ);
    await navigateBy(page, () => page.getByRole('link', { name: 'Leden en rollen', exact: true }).click());
    await checkA11y(page, 'leden');
    await screenshot(page, 'i-01-leden');

    // An empty address is refused in the form, with the error summary.
    await field(page, 'Rol').selectOption({ value: 'student' });
    let response = await navigateBy(page, () => page.getByRole('button', { name: 'Uitnodiging versturen' }).click());
    assert.equal(response.status(), 422);
    await checkA11y(page, 'leden-fout');

    await field(page, 'E-mailadres').fill(INVITEE.email);
    await field(page, 'Rol').selectOption({ value: 'student' });
    response = await navigateBy(page, () => page.getByRole('button', { name: 'Uitnodiging versturen' }).click());
    assert.equal(response.status(), 200);
    assert.ok((await textOf(page.locator('main'))).includes('De uitnodiging is gemaakt.'));
    assert.ok((await textOf(page.locator('main'))).includes(INVITEE.email));

    const link = await waitForLink(INVITEE.email, /https?:\/\/\S+?\/uitnodiging\/[A-Za-z0-9_-]+/);
    const path = new URL(link).pathname;

    const invitee = await newPage(browser);
    t.after(() => invitee.context.close());
    const ip = invitee.page;
    response = await visit(ip, path);
    assert.equal(response.status(), 200);
    assert.ok((await textOf(ip.locator('main'))).includes('student'));
    await checkA11y(ip, 'uitnodiging');
    await screenshot(ip, 'i-02-uitnodiging');
    await field(ip, 'Naam').fill(INVITEE.name);
    await field(ip, 'Wachtwoord').fill(INVITEE.password);
    await field(ip, 'Wachtwoord nog een keer').fill(INVITEE.password);
    response = await navigateBy(ip, () => ip.getByRole('button', { name: 'Account maken en uitnodiging aannemen' }).click());
    assert.equal(response.status(), 200);
    assert.equal(new URL(ip.url()).pathname, ZHZ);
    assert.ok((await textOf(ip.locator('header'))).includes(INVITEE.name), 'signed in');
    assert.deepEqual(await rolesInZhz(ip), ['student']);

    // Used once: the link now says it is no longer valid.
    response = await visit(ip, path);
    assert.equal(response.status(), 404);
    assert.ok((await textOf(ip.locator('h1'))).includes('Deze uitnodiging is niet (meer) geldig'));
    await checkA11y(ip, 'uitnodiging-ongeldig');
  });

  test('a citizen registers, confirms the address by email and is signed in', { timeout: TEST_TIMEOUT }, async (t) => {
    const coord = await newPage(browser);
    const page = coord.page;
    t.after(async () => {
      // Leave the demo as it was for the tests after this one.
      await visit(page, `${ZHZ}/leden`);
      await navigateBy(page, () => page.getByRole('button', { name: 'Zelf registreren uitzetten' }).click());
      await coord.context.close();
    });
    await signIn(page, COORDINATOR);
    await visit(page, `${ZHZ}/leden`);
    await navigateBy(page, () => page.getByRole('button', { name: 'Zelf registreren aanzetten' }).click());

    const citizen = await newPage(browser);
    t.after(() => citizen.context.close());
    const cp = citizen.page;
    await visit(cp, '/inloggen');
    await navigateBy(cp, () => cp.getByRole('link', { name: /Zelf een account maken bij/ }).click());
    assert.equal(new URL(cp.url()).pathname, `${ZHZ}/registreren`);
    await checkA11y(cp, 'registreren');
    await field(cp, 'Naam').fill(CITIZEN.name);
    await field(cp, 'E-mailadres').fill(CITIZEN.email);
    await field(cp, 'Wachtwoord').fill(CITIZEN.password);
    await field(cp, 'Wachtwoord nog een keer').fill(CITIZEN.password);
    let response = await navigateBy(cp, () => cp.getByRole('button', { name: 'Account maken' }).click());
    assert.equal(response.status(), 202);
    assert.ok((await textOf(cp.locator('main'))).includes('Kijk in uw mailbox'));

    // Not before confirming.
    await signIn(cp, CITIZEN);
    assert.ok((await textOf(cp.locator('main'))).includes('nog niet bevestigd'));

    const link = await waitForLink(CITIZEN.email, /https?:\/\/\S+?\/account\/bevestigen\/[A-Za-z0-9_-]+/);
    response = await visit(cp, new URL(link).pathname);
    assert.equal(response.status(), 200);
    await checkA11y(cp, 'bevestigen');
    await navigateBy(cp, () => cp.getByRole('button', { name: 'E-mailadres bevestigen' }).click());
    assert.ok((await textOf(cp.locator('header'))).includes(CITIZEN.name), 'signed in');
    assert.deepEqual(await rolesInZhz(cp), []);
  });
});
