// End-to-end (issue 13). First: the coordinator invites a new professional by email; she accepts the invitation,
// sets a password and is signed in with the role; she forgets her password and sets a new one
// through the emailed link (her other session ends); she makes an API token, uses it on the API,
// revokes it, and the API refuses it. Second: self-registration, switched on, a citizen registers,
// confirms the address by the emailed link and is signed in without a role.
//
// Runs against the demo server of e2e/run.sh, which writes emails as .eml files to
// $BROEDPLAATS_DATA_DIR/mail.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import {
  checkA11y,
  currentPath,
  field,
  launch,
  logIn,
  navigateBy,
  newPage,
  screenshot,
  textOf,
  url,
  visit,
  waitForMail,
} from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const RUN = Date.now().toString(36);
const INVITEE = {
  email: `sanne.${RUN}@example.org`,
  name: 'Sanne Bakker (e2e)',
  password: 'eerste-wachtwoord-e2e',
  newPassword: 'tweede-wachtwoord-e2e',
};
const CITIZEN = { name: 'Ruben Registreert (e2e)', email: `ruben.${RUN}@example.org`, password: 'nog-een-lang-wachtwoord' };
const TEST_TIMEOUT = 240_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The path of the first link in an email that starts with `prefix`, e.g. "/uitnodiging/". */
function linkPath(mail, prefix) {
  const m = mail.match(new RegExp(`https?://[^\\s/]+(${prefix}[A-Za-z0-9_-]+)`));
  assert.ok(m, `no ${prefix} link in the email:\n${mail}`);
  return m[1];
}

/** `GET /api/v1/me` with a bearer token: status and body. */
async function meWithToken(token) {
  const r = await fetch(url('/api/v1/me'), { headers: { Authorization: `Bearer ${token}` } });
  return { status: r.status, body: r.status === 200 ? await r.json() : null };
}

describe('accounts in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('invitation, password reset and an API token', { timeout: TEST_TIMEOUT }, async (t) => {
    // 1. The coordinator invites a new professional.
    const coord = await newPage(browser);
    t.after(() => coord.context.close());
    const cp = coord.page;
    await logIn(cp, COORDINATOR);
    await visit(cp, `${ZHZ}/leden`);
    await checkA11y(cp, 'leden');
    await screenshot(cp, 'acc-01-leden');
    const invite = () => navigateBy(cp, () => cp.getByRole('button', { name: 'Uitnodiging versturen', exact: true }).click());
    // Without an address: refused in the form, with the error summary.
    await field(cp, 'Rol').selectOption({ value: 'professional' });
    let response = await invite();
    assert.equal(response.status(), 422);
    await checkA11y(cp, 'leden-fout');
    await field(cp, 'E-mailadres').fill(INVITEE.email);
    await field(cp, 'Rol').selectOption({ value: 'professional' });
    response = await invite();
    assert.equal(response.status(), 200);
    assert.ok((await textOf(cp.locator('main'))).includes('De uitnodiging is gemaakt.'));
    assert.ok((await textOf(cp.locator('main'))).includes(INVITEE.email), 'the invitation is listed');

    // 2. She accepts it: a password, and she is signed in with the role.
    const invitation = linkPath(await waitForMail(INVITEE.email, { matching: /\/uitnodiging\// }), '/uitnodiging/');
    const first = await newPage(browser);
    t.after(() => first.context.close());
    const fp = first.page;
    response = await visit(fp, invitation);
    assert.equal(response.status(), 200);
    await checkA11y(fp, 'uitnodiging');
    await screenshot(fp, 'acc-02-uitnodiging');
    await field(fp, 'Naam').fill(INVITEE.name);
    await field(fp, 'Wachtwoord').fill(INVITEE.password);
    await field(fp, 'Wachtwoord nog een keer').fill(INVITEE.password);
    response = await navigateBy(fp, () =>
      fp.getByRole('button', { name: 'Account maken en uitnodiging aannemen', exact: true }).click(),
    );
    assert.equal(response.status(), 200);
    assert.equal(new URL(fp.url()).pathname, ZHZ);
    assert.ok((await textOf(fp.locator('header'))).includes(INVITEE.name), 'signed in');
    const me = await (await fp.request.get(url('/api/v1/me'))).json();
    assert.equal(me.email, INVITEE.email);
    assert.deepEqual(me.roles, [{ werkplaats: 'zhz', role: 'professional' }]);
    // The link is single use.
    const again = await newPage(browser);
    t.after(() => again.context.close());
    response = await visit(again.page, invitation);
    assert.equal(response.status(), 404, 'a used invitation link is refused');
    assert.ok((await textOf(again.page.locator('h1'))).includes('Deze uitnodiging is niet (meer) geldig'));
    await checkA11y(again.page, 'uitnodiging-ongeldig');

    // 3. Later, on another device, she has forgotten her password.
    const second = await newPage(browser);
    t.after(() => second.context.close());
    const sp = second.page;
    await visit(sp, '/inloggen');
    await navigateBy(sp, () => sp.getByRole('link', { name: 'Wachtwoord vergeten?', exact: true }).click());
    await checkA11y(sp, 'wachtwoord-vergeten');
    await field(sp, 'E-mailadres').fill(INVITEE.email);
    await navigateBy(sp, () => sp.getByRole('button', { name: 'Link sturen', exact: true }).click());
    assert.ok((await textOf(sp.locator('main'))).includes('Als er een account bij dit adres hoort'));
    const reset = linkPath(await waitForMail(INVITEE.email, { matching: /wachtwoord-herstellen/ }), '/wachtwoord-herstellen/');
    await visit(sp, reset);
    await checkA11y(sp, 'wachtwoord-herstellen');
    await field(sp, 'Nieuw wachtwoord').fill(INVITEE.newPassword);
    await field(sp, 'Nieuw wachtwoord nog een keer').fill(INVITEE.newPassword);
    response = await navigateBy(sp, () => sp.getByRole('button', { name: 'Wachtwoord opslaan', exact: true }).click());
    assert.equal(response.status(), 200);
    assert.equal(currentPath(sp), '/account?melding=wachtwoord');
    assert.equal((await (await sp.request.get(url('/api/v1/me'))).json()).email, INVITEE.email);
    // The reset link works once.
    const used = await newPage(browser);
    t.after(() => used.context.close());
    assert.equal((await visit(used.page, reset)).status(), 404);
    // Her first session ended with the reset.
    await visit(fp, '/account');
    assert.match(currentPath(fp), /^\/inloggen/);
    // The old password no longer works, the new one does.
    const third = await newPage(browser);
    t.after(() => third.context.close());
    await logIn(third.page, { email: INVITEE.email, password: INVITEE.password });
    assert.match(currentPath(third.page), /^\/inloggen/);
    await logIn(third.page, { email: INVITEE.email, password: INVITEE.newPassword });
    assert.doesNotMatch(currentPath(third.page), /^\/inloggen/);

    // 4. An API token, made in the browser, used on the API, revoked and refused.
    await visit(sp, '/account/tokens');
    await checkA11y(sp, 'tokens');
    await field(sp, 'Naam').fill('Rapportage e2e');
    await navigateBy(sp, () => sp.getByRole('button', { name: 'Token maken', exact: true }).click());
    const token = (await sp.locator('#new-token').textContent()).trim();
    assert.match(token, /^bp_/);
    await screenshot(sp, 'acc-03-token');
    let api = await meWithToken(token);
    assert.equal(api.status, 200);
    assert.equal(api.body.email, INVITEE.email);
    await visit(sp, '/account/tokens');
    assert.equal(await sp.locator('#new-token').count(), 0, 'the token is shown only once');
    await navigateBy(sp, () => sp.getByRole('link', { name: 'Intrekken Rapportage e2e' }).click());
    await navigateBy(sp, () => sp.getByRole('button', { name: 'Token intrekken', exact: true }).click());
    api = await meWithToken(token);
    assert.equal(api.status, 401);

    // 5. The other account pages pass the accessibility check too, and set-up shows a QR code.
    for (const [path, name] of [
      ['/account/wachtwoord', 'wachtwoord-wijzigen'],
      ['/account/email', 'email-wijzigen'],
      ['/account/sessies', 'sessies'],
      ['/account/tweestaps', 'tweestapsverificatie'],
    ]) {
      await visit(sp, path);
      await checkA11y(sp, name);
    }
    await navigateBy(sp, () => sp.getByRole('button', { name: 'Tweestapsverificatie instellen', exact: true }).click());
    assert.ok(await sp.locator('.qr-code svg').count(), 'a QR code');
    await checkA11y(sp, 'tweestapsverificatie-instellen');

    // 6. The account page on a phone.
    await sp.setViewportSize({ width: 390, height: 844 });
    await visit(sp, '/account');
    await checkA11y(sp, 'account-telefoon');
    await screenshot(sp, 'acc-04-account-390');
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
    await logIn(page, COORDINATOR);
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
    await logIn(cp, CITIZEN);
    assert.ok((await textOf(cp.locator('main'))).includes('nog niet bevestigd'));

    const confirm = linkPath(await waitForMail(CITIZEN.email, { matching: /\/account\/bevestigen\// }), '/account/bevestigen/');
    response = await visit(cp, confirm);
    assert.equal(response.status(), 200);
    await checkA11y(cp, 'bevestigen');
    await navigateBy(cp, () => cp.getByRole('button', { name: 'E-mailadres bevestigen' }).click());
    assert.ok((await textOf(cp.locator('header'))).includes(CITIZEN.name), 'signed in');
    const me = await (await cp.request.get(url('/api/v1/me'))).json();
    assert.deepEqual(me.roles, []);
  });
});
