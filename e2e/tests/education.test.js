// End-to-end test of education (issue 19) in a real browser: a coordinator offers an assignment,
// a student finds it through /opdrachten (at 1280 and 390 px) and applies, the supervisor (the
// lector, chosen as supervisor) accepts, the student sees the decision and gets the email, the
// student submits a result, the supervisor publishes it, and a visitor without an account sees it
// on the assignment's page. Every page visited is checked with axe (WCAG 2.1 AA) and photographed.
//
// Run with e2e/run.sh (starts a demo server), or against a running server:
//   BROEDPLAATS_URL=http://127.0.0.1:8080 npm test

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { assertLayout, checkA11y, field, h1Text, launch, logIn, navigateBy, newPage, screenshot, visit, waitForMail } from '../lib.js';

const PASSWORD = 'broedplaats-demo';
const COORDINATOR = { email: 'coordinator@zhz.example', password: PASSWORD };
const LECTOR = { email: 'lector@zhz.example', password: PASSWORD };
const STUDENT = { email: 'student@zhz.example', password: PASSWORD };
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

describe('Education in the browser', { timeout: TEST_TIMEOUT * 2 }, () => {
  test('offer, find, apply, accept, submit a result, publish it', { timeout: TEST_TIMEOUT }, async (t) => {
    const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
    const title = `Minor wijkgericht werken ${stamp}`;

    // The coordinator offers an assignment, with the lector as supervisor.
    const coord = await freshPage(t);
    await logIn(coord, COORDINATOR);
    await visit(coord, '/werkplaatsen/zhz/opdrachten/nieuw');
    assert.equal(await h1Text(coord), 'Opdracht aanbieden');
    await assertLayout(coord);
    await checkA11y(coord, 'opdracht-aanbieden');
    // Sent empty first: the error summary, and nothing is made.
    await navigateBy(coord, () => coord.getByRole('button', { name: 'Opdracht aanbieden' }).click());
    assert.equal(await coord.locator('.error-summary').count(), 1);
    await checkA11y(coord, 'opdracht-aanbieden-fouten');
    await field(coord, 'Soort opdracht').selectOption({ label: 'Minor' });
    await field(coord, 'Titel').fill(title);
    await field(coord, 'Wat de student doet').fill('Een halfjaar meewerken in de wijk met het opbouwwerk.');
    await field(coord, 'Aantal plaatsen').fill('1');
    await field(coord, 'Opleidingen').fill('Social Work, Pedagogiek');
    await field(coord, 'Begeleidend docent-onderzoeker').selectOption({ label: 'Lars Lector (fictief)' });
    await field(coord, 'Begint op').fill('2026-02-02');
    await navigateBy(coord, () => coord.getByRole('button', { name: 'Opdracht aanbieden' }).click());
    assert.equal(await h1Text(coord), title);
    const assignmentPath = new URL(coord.url()).pathname;
    assert.match(assignmentPath, /^\/werkplaatsen\/zhz\/opdrachten\/\d+$/);
    await checkA11y(coord, 'opdracht');
    await screenshot(coord, 'edu-01-opdracht');

    // The student finds it through /opdrachten, on a desktop and on a phone, and applies.
    const student = await freshPage(t);
    await logIn(student, STUDENT);
    await visit(student, '/opdrachten');
    assert.equal(await h1Text(student), 'Opdrachten voor studenten');
    await assertLayout(student);
    await checkA11y(student, 'opdrachten');
    await screenshot(student, 'edu-02-opdrachten');
    await student.setViewportSize({ width: 390, height: 844 });
    const overflow = await student.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `/opdrachten is ${overflow}px wider than a phone`);
    await checkA11y(student, 'opdrachten-390');
    await screenshot(student, 'edu-03-opdrachten-390');
    await student.setViewportSize({ width: 1280, height: 900 });
    await field(student, 'Soort opdracht').selectOption({ label: 'Minor' });
    await navigateBy(student, () => student.getByRole('button', { name: 'Toon opdrachten' }).click());
    await navigateBy(student, () => student.getByRole('link', { name: title }).click());
    assert.equal(new URL(student.url()).pathname, assignmentPath);
    await checkA11y(student, 'opdracht-student');
    await field(student, 'Uw motivatie').fill('Ik studeer Social Work en wil graag in de wijk werken.');
    await navigateBy(student, () => student.getByRole('button', { name: 'Sollicitatie versturen' }).click());
    assert.match(await student.locator('.notice').innerText(), /sollicitatie is verstuurd/);
    await checkA11y(student, 'opdracht-gesolliciteerd');
    await screenshot(student, 'edu-04-gesolliciteerd');

    // The supervisor sees the application and accepts it.
    const lector = await freshPage(t);
    await logIn(lector, LECTOR);
    await visit(lector, assignmentPath);
    assert.ok((await lector.getByText('Ik studeer Social Work en wil graag in de wijk werken.').count()) === 1);
    await checkA11y(lector, 'opdracht-sollicitaties');
    await screenshot(lector, 'edu-05-sollicitaties');
    await lector.getByLabel('Bericht aan de student').first().fill('Welkom in het team!');
    await navigateBy(lector, () => lector.getByRole('button', { name: /^Aannemen\W+Sam Student/ }).click());
    assert.match(await lector.locator('.notice').innerText(), /besluit is opgeslagen/);
    await checkA11y(lector, 'opdracht-besloten');

    // The student sees the decision, the assignment is full, and the email arrives.
    await visit(student, assignmentPath);
    const body = await student.locator('main').innerText();
    assert.match(body, /aangenomen/);
    assert.match(body, /Welkom in het team!/);
    assert.match(body, /Vol/);
    await screenshot(student, 'edu-06-aangenomen');
    const mail = await waitForMail(STUDENT.email, { matching: new RegExp(stamp) });
    assert.match(mail, /Aangenomen/);
    assert.match(mail, /Welkom in het team!/);

    // The student submits a result: with a blank title first (the browser lets spaces through,
    // the server does not), then right.
    const resultTitle = `Advies aan het wijkteam ${stamp}`;
    await field(student, 'Titel van het resultaat').fill('   ');
    await field(student, 'Samenvatting').fill('Drie aanbevelingen uit twaalf gesprekken met bewoners.');
    await navigateBy(student, () => student.getByRole('button', { name: 'Resultaat indienen' }).click());
    assert.equal(await student.locator('.error-summary').count(), 1);
    await checkA11y(student, 'resultaat-fouten');
    await field(student, 'Titel van het resultaat').fill(resultTitle);
    await field(student, 'Soort resultaat').selectOption({ label: 'Beroepsproduct (van een student)' });
    await navigateBy(student, () => student.getByRole('button', { name: 'Resultaat indienen' }).click());
    assert.match(await student.locator('.notice').innerText(), /resultaat is ingediend/);
    assert.match(await student.locator('main').innerText(), /ter beoordeling/);
    await checkA11y(student, 'resultaat-ingediend');
    await screenshot(student, 'edu-07-resultaat-ingediend');

    // Not yet public: a visitor without an account sees the assignment but not the result.
    const visitor = await freshPage(t);
    await visit(visitor, assignmentPath);
    assert.equal(await h1Text(visitor), title);
    assert.equal(await visitor.getByText(resultTitle).count(), 0);

    // The supervisor publishes it.
    await visit(lector, assignmentPath);
    await navigateBy(lector, () => lector.getByRole('button', { name: /^Publiceren/ }).click());
    assert.match(await lector.locator('.notice').innerText(), /beoordeling is opgeslagen/);
    await checkA11y(lector, 'resultaat-gepubliceerd');

    // Now everyone sees it on the assignment's page, credited to the student, and can open it.
    await visit(visitor, assignmentPath);
    const results = visitor.locator('section, main').filter({ hasText: resultTitle }).last();
    assert.match(await results.innerText(), /gepubliceerd/);
    await checkA11y(visitor, 'opdracht-anoniem');
    await screenshot(visitor, 'edu-08-resultaat-openbaar');
    await visitor.setViewportSize({ width: 390, height: 844 });
    const phone = await visitor.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(phone <= 0, `the assignment's page is ${phone}px wider than a phone`);
    await visitor.setViewportSize({ width: 1280, height: 900 });
    await navigateBy(visitor, () => visitor.getByRole('link', { name: resultTitle }).click());
    assert.equal(await h1Text(visitor), resultTitle);
    assert.match(await visitor.locator('main').innerText(), /Sam Student/);
    await checkA11y(visitor, 'resultaat-kennisproduct');
  });
});
