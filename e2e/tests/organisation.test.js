// End-to-end: a coordinator builds up the werkplaats organisation and watches a governance
// violation appear and disappear as she fixes it (issue: werkplaats organisation).
//
// Runs after agenda.test.js against the same demo server (e2e/run.sh).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';

import { checkA11y, field, launch, navigateBy, newPage, screenshot, textOf, visit } from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const COORDINATOR = { email: 'coordinator@zhz.example', password: 'broedplaats-demo' };
const ORG = 'Stichting Buurtkracht (fictief, e2e)';
const THEME = 'Digitale inclusie (e2e)';
const PROJECT = 'Digitaal samen (e2e)';
const TEST_TIMEOUT = 180_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

async function save(page) {
  return navigateBy(page, () => page.getByRole('button', { name: 'Opslaan', exact: true }).click());
}

async function governanceText(page) {
  const response = await visit(page, `${ZHZ}/governance`);
  assert.equal(response.status(), 200);
  return textOf(page.locator('main'));
}

describe('werkplaats organisation in the browser', { timeout: TEST_TIMEOUT }, () => {
  test('coordinator adds a partner, a theme group and a project; a violation comes and goes', { timeout: TEST_TIMEOUT }, async (t) => {
    const { context, page } = await newPage(browser);
    t.after(() => context.close());

    await visit(page, '/inloggen');
    await page.getByLabel('E-mailadres', { exact: true }).fill(COORDINATOR.email);
    await page.getByLabel('Wachtwoord', { exact: true }).fill(COORDINATOR.password);
    await navigateBy(page, () => page.getByRole('button', { name: 'Inloggen', exact: true }).click());

    // The agenda page tells the coordinator how many violations are open.
    await visit(page, ZHZ);
    assert.match(await textOf(page.locator('main')), /overtreding/i);

    // 1. A new partner organisation …
    await visit(page, `${ZHZ}/organisaties/nieuw`);
    await field(page, 'Naam').fill(ORG);
    await field(page, 'Soort').selectOption({ value: 'welzijn' });
    await field(page, 'Plaats').fill('Merwestad');
    await checkA11y(page, 'organisatie-nieuw');
    let response = await save(page);
    assert.equal(response.status(), 200);
    assert.ok((await textOf(page.locator('main'))).includes(ORG), 'organisation page shows the new partner');
    await checkA11y(page, 'organisatie');
    await screenshot(page, 'g-01-organisatie');

    // … with a letter of intent.
    await visit(page, `${ZHZ}/intentieovereenkomsten/nieuw`);
    await field(page, 'Organisatie').selectOption({ label: ORG });
    await field(page, 'Getekend op').fill('2026-11-01');
    await field(page, 'Geschatte inzet in uren').fill('120');
    await checkA11y(page, 'intentieovereenkomst-nieuw');
    response = await save(page);
    assert.equal(response.status(), 200);
    assert.ok((await textOf(page.locator('main'))).includes(ORG));
    await checkA11y(page, 'intentieovereenkomst');

    // 2. A new theme on the agenda has no theme group yet: a violation appears.
    await visit(page, `${ZHZ}/themas/nieuw`);
    await field(page, 'Titel').fill(THEME);
    await save(page);
    let gov = await governanceText(page);
    assert.ok(gov.includes(THEME), 'governance names the theme without a theme group');
    assert.ok(gov.includes('Overtreding'));
    await checkA11y(page, 'governance-met-overtreding');
    await screenshot(page, 'g-02-governance-overtreding');

    // 3. A theme group with the hogescholen and one partner: still a violation (one too few).
    await visit(page, `${ZHZ}/themagroepen/nieuw`);
    await field(page, 'Thema').selectOption({ label: THEME });
    await field(page, 'Themaleider').selectOption({ label: 'Dirk Docent (fictief)' });
    for (const org of ['Hogeschool Maasoever (fictief)', 'Hogeschool Rijnmond-Zuid (fictief)', ORG]) {
      await page.getByRole('checkbox', { name: org, exact: true }).first().check();
    }
    await checkA11y(page, 'themagroep-nieuw');
    response = await save(page);
    assert.equal(response.status(), 200);
    const groupPath = new URL(page.url()).pathname;
    assert.match(groupPath, /^\/werkplaatsen\/zhz\/themagroepen\/\d+$/);
    await checkA11y(page, 'themagroep');
    gov = await governanceText(page);
    assert.ok(gov.includes(THEME), 'a group with one partner besides the hogescholen is still a violation');

    // 4. A project within the theme with two partners.
    await visit(page, `${ZHZ}/projecten/nieuw`);
    await field(page, 'Titel').fill(PROJECT);
    await field(page, 'Thema').selectOption({ label: THEME });
    await page.getByRole('checkbox', { name: 'Onderzoek', exact: true }).check();
    const projectForm = page.locator('main form');
    for (const org of [ORG, 'Gemeente Merwestad (fictief)']) {
      await projectForm.getByRole('checkbox', { name: org, exact: true }).first().check();
    }
    await checkA11y(page, 'project-nieuw');
    response = await save(page);
    assert.equal(response.status(), 200);
    const projectText = await textOf(page.locator('main'));
    for (const needle of [PROJECT, ORG, 'Gemeente Merwestad (fictief)']) {
      assert.ok(projectText.includes(needle), `project page shows ${needle}`);
    }
    await checkA11y(page, 'project');
    await screenshot(page, 'g-03-project');

    // 5. She adds a second partner to the theme group: the violation about the theme disappears.
    await visit(page, `${groupPath}/bewerken`);
    await page.getByRole('checkbox', { name: 'Gemeente Merwestad (fictief)', exact: true }).first().check();
    response = await save(page);
    assert.equal(response.status(), 200);
    gov = await governanceText(page);
    assert.ok(gov.includes('nog geen kennisdelingsactiviteit'), 'only rule 8 still names the new group');

    // 6. The theme group plans its first theme meeting: nothing about the theme is left.
    const groupId = groupPath.split('/').pop();
    await visit(page, `${ZHZ}/activiteiten/nieuw`);
    await field(page, 'Soort').selectOption({ value: 'themabijeenkomst' });
    await field(page, 'Titel').fill(`Eerste themabijeenkomst ${THEME}`);
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    await field(page, 'Begint op').fill(`${day}T14:00`);
    await field(page, 'Eindigt op').fill(`${day}T16:00`);
    await page.getByRole('radio', { name: 'Partners', exact: true }).check();
    await field(page, 'Themagroep').selectOption({ value: groupId });
    response = await save(page);
    assert.equal(response.status(), 200);
    gov = await governanceText(page);
    assert.ok(!gov.includes(THEME), 'no check mentions the theme any more');
    await checkA11y(page, 'governance-na-herstel');
    await screenshot(page, 'g-04-governance-hersteld');

    // The relations map shows the new partner with a text alternative.
    await visit(page, `${ZHZ}/relaties`);
    // The drawing is an image with a title; its links repeat the table's, which is the accessible equivalent.
    assert.equal(await page.locator('svg [role="img"], svg[role="img"]').count(), 1);
    assert.equal(await page.locator('svg title').count() >= 1, true);
    assert.ok((await textOf(page.locator('main table'))).includes(ORG));
    await checkA11y(page, 'relaties');
    await screenshot(page, 'g-05-relaties');
  });
});
