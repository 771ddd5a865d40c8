// End-to-end: a citizen without an account registers for a public kenniscafé, finds the
// confirmation email with its cancel link and cancels; the organiser follows the registrations
// and writes the report with a knowledge product (issue: knowledge sharing).
//
// Runs after the other tests against the same demo server (e2e/run.sh). The server writes emails
// as .eml files to $BROEDPLAATS_DATA_DIR/mail; the job worker sends them within 15 seconds.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkA11y, field, launch, navigateBy, newPage, screenshot, textOf, visit, waitForMail } from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const RUN = Date.now().toString(36);
const TITLE = `Kenniscafé: samen zorgen in de wijk (e2e ${RUN})`;
const CITIZEN = { name: 'Anouk de Vries (e2e)', email: `anouk.${RUN}@example.org` };
const PRODUCT = 'Factsheet samen zorgen (e2e)';
const TEST_TIMEOUT = 180_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** `YYYY-MM-DDTHH:MM` for a datetime-local field, `days` from today. */
function localDateTime(days, hour) {
  const d = new Date(Date.now() + days * 86_400_000);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(hour)}:00`;
}

/** Collects Content-Security-Policy complaints in the console (the JSON-LD must cause none). */
function watchCsp(page) {
  const problems = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
  });
  return problems;
}

describe('activities in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('a citizen registers and cancels by email; the organiser reports', { timeout: TEST_TIMEOUT }, async (t) => {
    // 1. The organiser plans a public kenniscafé.
    const org = await newPage(browser);
    t.after(() => org.context.close());
    const page = org.page;
    await visit(page, '/inloggen');
    await page.getByLabel('E-mailadres', { exact: true }).fill(COORDINATOR.email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(COORDINATOR.password);
    await navigateBy(page, () => page.getByRole('button', { name: 'Inloggen', exact: true }).click());

    await visit(page, `${ZHZ}/activiteiten`);
    await checkA11y(page, 'activiteiten-agenda');
    await screenshot(page, 'a-01-agenda');
    await navigateBy(page, () => page.getByRole('link', { name: 'Nieuwe activiteit', exact: true }).click());
    await field(page, 'Soort').selectOption({ value: 'kenniscafe' });
    await field(page, 'Titel').fill(TITLE);
    await field(page, 'Beschrijving').fill('Buurtbewoners, wijkteams en onderzoekers over zorgen voor elkaar.');
    await field(page, 'Begint op').fill(localDateTime(21, 15));
    await field(page, 'Eindigt op').fill(localDateTime(21, 17));
    await field(page, 'Locatie').fill('Bibliotheek Merwestad');
    await field(page, 'Aantal plaatsen').fill('40');
    await page.getByRole('radio', { name: 'Openbaar', exact: true }).check();
    await page.getByRole('checkbox', { name: 'Onderzoek', exact: true }).check();
    await checkA11y(page, 'activiteit-formulier');
    let response = await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
    assert.equal(response.status(), 200);
    const activityPath = new URL(page.url()).pathname;
    assert.match(activityPath, /^\/werkplaatsen\/zhz\/activiteiten\/\d+$/);
    assert.ok((await textOf(page.locator('main'))).includes('De activiteit is opgeslagen.'));

    // 2. A citizen without an account finds it and registers.
    const citizen = await newPage(browser);
    t.after(() => citizen.context.close());
    const cp = citizen.page;
    const csp = watchCsp(cp);
    response = await visit(cp, activityPath);
    assert.equal(response.status(), 200);
    const ld = JSON.parse(await cp.locator('script[type="application/ld+json"]').textContent());
    assert.equal(ld['@type'], 'Event');
    assert.equal(ld.name, TITLE);
    assert.match(ld.startDate, /T15:00:00\+0[12]:00$/);
    assert.equal(ld.eventStatus, 'https://schema.org/EventScheduled');
    const ics = cp.locator('head link[rel="alternate"][type="text/calendar"]');
    assert.match(await ics.getAttribute('href'), /^\/api\/v1\/werkplaatsen\/zhz\/activities\/\d+\.ics$/);
    assert.equal(await cp.getByRole('link', { name: 'Zet in uw agenda (.ics)' }).count(), 1);
    await checkA11y(cp, 'activiteit');
    await screenshot(cp, 'a-02-activiteit');

    await field(cp, 'Naam').fill(CITIZEN.name);
    await field(cp, 'E-mailadres').fill(CITIZEN.email);
    await field(cp, 'Organisatie').fill('Bewonersplatform Eilandzicht');
    await field(cp, 'Toegankelijkheid').fill('ringleiding');
    response = await navigateBy(cp, () => cp.getByRole('button', { name: 'Aanmelden', exact: true }).click());
    assert.equal(response.status(), 200);
    const confirmation = await textOf(cp.locator('#aanmelden').locator('..'));
    assert.ok(confirmation.includes('U bent aangemeld.'), confirmation);
    assert.ok(confirmation.includes('link om u af te melden'));
    await checkA11y(cp, 'aanmelding-bevestiging');
    await screenshot(cp, 'a-03-aangemeld');
    assert.deepEqual(csp, [], 'the JSON-LD causes no CSP violation');

    // 3. The confirmation email has a calendar file and a cancel link; GET shows, POST cancels.
    const mail = await waitForMail(CITIZEN.email);
    assert.match(mail, /filename="[^"]*\.ics"/);
    const link = mail.match(/https?:\/\/\S+?\/afmelden\/[A-Za-z0-9_-]+/);
    assert.ok(link, 'a cancel link in the email');
    const cancelPath = new URL(link[0]).pathname;
    assert.ok(cancelPath.startsWith(`${activityPath}/afmelden/`), cancelPath);
    response = await visit(cp, cancelPath);
    assert.equal(response.status(), 200);
    assert.ok((await textOf(cp.locator('h1'))).startsWith('Afmelden voor'));
    await checkA11y(cp, 'afmelden');
    await screenshot(cp, 'a-04-afmelden');
    response = await navigateBy(cp, () => cp.getByRole('button', { name: 'Ja, meld mij af', exact: true }).click());
    assert.equal(response.status(), 200);
    assert.equal(await textOf(cp.locator('h1')), 'U bent afgemeld');
    await checkA11y(cp, 'afgemeld');

    // 4. The organiser sees the cancelled registration.
    await visit(page, `${activityPath}/aanmeldingen`);
    const regs = await textOf(page.locator('main'));
    assert.ok(regs.includes('afgemeld: 1'), regs);
    assert.ok(regs.includes(CITIZEN.name));
    await checkA11y(page, 'aanmeldingen');
    await screenshot(page, 'a-05-aanmeldingen');

    // 5. … and writes the report, linking a knowledge product.
    await visit(page, activityPath);
    await navigateBy(page, () => page.getByRole('link', { name: 'Verslag', exact: true }).click());
    await field(page, 'Verslag').fill('## Opbrengst\n\nBewoners en wijkteam willen **samen** verder.\n\n<script>alert(1)</script>');
    await field(page, 'Besluiten').fill('We starten een leerkring.');
    const action = page.getByRole('group', { name: 'Actiepunt 1' });
    await field(action, 'Omschrijving').fill('Factsheet schrijven');
    await field(action, 'Wie').fill('Lars Lector');
    const product = page.getByRole('group', { name: 'Opbrengst 1' });
    await field(product, 'Titel').fill(PRODUCT);
    await field(product, 'Webadres').fill('https://example.org/factsheet-samen-zorgen');
    await checkA11y(page, 'verslag-formulier');
    await screenshot(page, 'a-06-verslag-formulier');
    response = await navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
    assert.equal(response.status(), 200);
    const report = page.locator('section.act-report');
    assert.ok((await textOf(report)).includes('Het verslag is opgeslagen.'));
    assert.equal(await report.locator('strong', { hasText: 'samen' }).count(), 1);
    assert.ok((await textOf(report)).includes('<script>alert(1)</script>'), 'raw HTML shown as text');
    const productLink = report.getByRole('link', { name: PRODUCT, exact: true });
    assert.equal(await productLink.getAttribute('href'), 'https://example.org/factsheet-samen-zorgen');
    await checkA11y(page, 'activiteit-met-verslag');
    await screenshot(page, 'a-07-activiteit-met-verslag');
  });
});
