// End-to-end (issue 15): one co-creation process of the agenda, from the first pitch to the
// adoption, by three people of different roles — a citizen who joins by invitation (the
// coordinator invites a new address with the role citizen; she accepts from the email), a
// professional (lid@zhz.example) and the coordinator. Pitches by all three, support, clustering
// (a suggestion taken over and a cluster made by hand), a cross-cutting concern, points (one
// allocation refused for being over the limit), theme texts, the concept, an amendment by the
// citizen answered by the coordinator, and the adoption. Every co-creation page visited passes
// axe (WCAG 2.1 AA); the main ones are photographed at 1280 and 390 px.
//
// Runs against the demo server of e2e/run.sh (emails as .eml files in $BROEDPLAATS_DATA_DIR/mail).

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
  visit,
  waitForMail,
} from '../lib.js';

const ZHZ = '/werkplaatsen/zhz';
const PASSWORD = 'broedplaats-demo';
const COORDINATOR = { email: 'coordinator@zhz.example', password: PASSWORD };
const PROFESSIONAL = { email: 'lid@zhz.example', password: PASSWORD };
const RUN = Date.now().toString(36);
const CITIZEN = { email: `mila.${RUN}@example.org`, name: 'Mila Mantelzorger (e2e)', password: 'burger-wachtwoord-e2e' };
const PITCHES = {
  citizen: `Eenzaamheid onder mantelzorgers ${RUN}`,
  professional: `Wijkteam en huisarts samen ${RUN}`,
  coordinator: `Vertrouwen in de gemeente ${RUN}`,
};
const CLUSTERS = { suggestion: `Mantelzorg ${RUN}`, manual: `Samenwerken in de wijk ${RUN}` };
const THEMES = { first: `Mantelzorgers niet alleen ${RUN}`, second: `Samen in de wijk ${RUN}` };
const TEST_TIMEOUT = 600_000;

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** The path of the first link in an email that starts with `prefix`. */
function linkPath(mail, prefix) {
  const m = mail.match(new RegExp(`https?://[^\\s/]+(${prefix}[A-Za-z0-9_-]+)`));
  assert.ok(m, `no ${prefix} link in the email:\n${mail}`);
  return m[1];
}

const a11y = (page, name) => checkA11y(page, `cocreatie-${name}`);
const shot = (page, name) => screenshot(page, `cc-${name}`);
const press = (page, name) => navigateBy(page, () => page.getByRole('button', { name, exact: true }).click());
const follow = (page, name) => navigateBy(page, () => page.getByRole('link', { name, exact: true }).first().click());
const main = (page) => textOf(page.locator('main'));

/** Photographs the page at phone width too, and checks it there. */
async function onPhone(page, name) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload({ waitUntil: 'load' });
  await a11y(page, `${name}-telefoon`);
  await shot(page, `${name}-390`);
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Submits a pitch on the pitches page; returns the response. */
async function pitch(page, base, { title, question, why, forWhom }) {
  await visit(page, `${base}/pitches`);
  await field(page, 'Titel').fill(title);
  await field(page, 'Vraag').fill(question);
  await field(page, 'Waarom nu?').fill(why);
  await field(page, 'Voor wie?').fill(forWhom);
  return press(page, 'Pitch indienen');
}

/** Moves the process on by one phase through the confirmation page. */
async function nextPhase(page, base, name) {
  await visit(page, base);
  await follow(page, `Naar de volgende fase: ${name}`);
  await a11y(page, `fase-bevestigen-${name}`);
  const response = await press(page, `Ja, naar ${name}`);
  assert.equal(response.status(), 200);
  assert.equal(new URL(page.url()).pathname, base);
  assert.match(await textOf(page.locator('.cc-phase-badge')), new RegExp(`: ${name}$`));
}

describe('co-creation of the agenda', { timeout: TEST_TIMEOUT }, () => {
  test('one process from the first pitch to the adopted agenda', { timeout: TEST_TIMEOUT }, async (t) => {
    const coord = await newPage(browser);
    const prof = await newPage(browser);
    const citizen = await newPage(browser);
    t.after(async () => {
      await coord.context.close();
      await prof.context.close();
      await citizen.context.close();
    });
    const cp = coord.page;
    const lp = prof.page;
    const zp = citizen.page;
    t.after(async () => {
      // Leave the agenda as the tests after this one expect it: without this run's themes (the
      // governance check counts the main themes).
      const clean = await newPage(browser);
      try {
        await logIn(clean.page, COORDINATOR);
        for (const title of Object.values(THEMES)) {
          await visit(clean.page, ZHZ);
          const link = clean.page.getByRole('link', { name: title, exact: true });
          if ((await link.count()) === 0) continue;
          await visit(clean.page, `${await link.first().getAttribute('href')}/verwijderen`);
          await press(clean.page, 'Ja, verwijderen');
        }
      } finally {
        await clean.context.close();
      }
    });

    // 1. The coordinator invites a citizen; she accepts from the email.
    await logIn(cp, COORDINATOR);
    await visit(cp, `${ZHZ}/leden`);
    await field(cp, 'E-mailadres').fill(CITIZEN.email);
    await field(cp, 'Rol').selectOption({ value: 'citizen' });
    await press(cp, 'Uitnodiging versturen');
    const invitation = linkPath(await waitForMail(CITIZEN.email, { matching: /\/uitnodiging\// }), '/uitnodiging/');
    await visit(zp, invitation);
    await field(zp, 'Naam').fill(CITIZEN.name);
    await field(zp, 'Wachtwoord').fill(CITIZEN.password);
    await field(zp, 'Wachtwoord nog een keer').fill(CITIZEN.password);
    await press(zp, 'Account maken en uitnodiging aannemen');
    assert.ok((await textOf(zp.locator('header'))).includes(CITIZEN.name), 'the citizen is signed in');
    await logIn(lp, PROFESSIONAL);

    // 2. The coordinator finds co-creation on the werkplaats page and starts a process.
    await visit(cp, ZHZ);
    await follow(cp, 'Co-creatie van de agenda');
    assert.equal(new URL(cp.url()).pathname, `${ZHZ}/cocreatie`);
    await a11y(cp, 'lijst');
    let response = await press(cp, 'Proces starten');
    assert.equal(response.status(), 422, 'a process without a title is refused');
    assert.ok((await textOf(cp.locator('.error-summary'))).includes('Titel: Dit veld is verplicht.'));
    await a11y(cp, 'lijst-fout');
    await field(cp, 'Titel').fill(`Agenda 2027 samen maken (e2e ${RUN})`);
    await field(cp, 'Punten per deelnemer').fill('10');
    await field(cp, 'Beschrijving').fill('Drie bijeenkomsten in het voorjaar; tussendoor werken kleine groepen de thema’s uit.');
    response = await press(cp, 'Proces starten');
    assert.equal(response.status(), 200);
    const base = new URL(cp.url()).pathname;
    assert.match(base, /^\/werkplaatsen\/zhz\/cocreatie\/\d+$/);
    assert.ok((await main(cp)).includes('Het proces is gestart.'));
    // The phases in order, the current one marked in words too.
    const phases = cp.locator('ol.cc-phases > li');
    assert.equal(await phases.count(), 7);
    assert.equal(await cp.locator('ol.cc-phases > li[aria-current="step"]').getAttribute('id'), 'fase-inventariseren');
    assert.ok((await textOf(phases.first())).includes('Huidige fase'));
    // A plan for the first phase.
    await cp.locator('#fase-inventariseren summary').click();
    await cp.locator('#plan-inventariseren-starts_on').fill('2027-03-01');
    await cp.locator('#plan-inventariseren-ends_on').fill('2027-02-01');
    response = await press(cp, 'Planning opslaan (inventariseren)');
    assert.equal(response.status(), 422, 'an end before the start is refused');
    assert.ok((await textOf(cp.locator('.error-summary'))).includes('De einddatum ligt vóór de begindatum.'));
    await a11y(cp, 'overzicht-planning-fout');
    await cp.locator('#plan-inventariseren-ends_on').fill('2027-03-21');
    await cp.locator('#plan-inventariseren-explanation').fill('Pitch uw vraag vóór de eerste bijeenkomst op 21 maart.');
    await press(cp, 'Planning opslaan (inventariseren)');
    assert.ok((await textOf(cp.locator('#fase-inventariseren'))).includes('Van 1 maart 2027 tot en met 21 maart 2027'));
    await a11y(cp, 'overzicht');
    await shot(cp, '01-overzicht');
    await onPhone(cp, '01-overzicht');

    // 3. Pitches by all three; the professional supports the citizen's.
    response = await visit(zp, `${base}/pitches`);
    assert.equal(response.status(), 200);
    await a11y(zp, 'pitches-leeg');
    response = await press(zp, 'Pitch indienen');
    assert.equal(response.status(), 422, 'an empty pitch is refused');
    assert.ok((await textOf(zp.locator('.error-summary'))).includes('Vraag: Dit veld is verplicht.'));
    await a11y(zp, 'pitch-fout');
    response = await pitch(zp, base, {
      title: PITCHES.citizen,
      question: 'Hoe voorkomen we dat mantelzorgers er alleen voor staan?',
      why: 'Steeds meer mensen zorgen lang voor een naaste.',
      forWhom: 'Mantelzorgers en wie hen ondersteunt.',
    });
    assert.equal(response.status(), 200);
    assert.ok((await main(zp)).includes('Uw pitch is ingediend.'));
    const citizenPitch = new URL(zp.url()).pathname;
    // She sharpens her question: the first text stays as a version.
    await field(zp, 'Vraag').fill('Hoe zorgen we dat mantelzorgers er niet alleen voor staan, ook niet ’s avonds?');
    await press(zp, 'Wijzigingen opslaan');
    assert.ok((await main(zp)).includes('Versie 2'));
    await a11y(zp, 'pitch');
    await shot(zp, '02-pitch');

    await pitch(lp, base, {
      title: PITCHES.professional,
      question: 'Hoe werken het wijkteam en de huisarts beter samen rond kwetsbare ouderen?',
      why: 'Ouderen wonen langer thuis.',
      forWhom: 'Ouderen, wijkteams en huisartsen.',
    });
    await visit(lp, citizenPitch);
    await press(lp, 'Steunen');
    assert.ok((await main(lp)).includes('U steunt deze pitch.'));
    await a11y(lp, 'pitch-gesteund');
    await pitch(cp, base, {
      title: PITCHES.coordinator,
      question: 'Hoe groeit het vertrouwen tussen inwoners en de gemeente?',
      why: 'Zonder vertrouwen vragen mensen geen hulp.',
      forWhom: 'Inwoners en gemeenten.',
    });
    await visit(cp, `${base}/pitches`);
    for (const title of Object.values(PITCHES)) {
      assert.ok((await main(cp)).includes(title), `${title} is listed`);
    }
    await a11y(cp, 'pitches');
    await shot(cp, '03-pitches');

    // 4. Clustering: a suggestion taken over, a cluster made by hand, a cross-cutting concern.
    await nextPhase(cp, base, 'clusteren');
    await visit(cp, `${base}/clusters`);
    await a11y(cp, 'clusters-voorstellen');
    const card = (title) => cp.locator('.cc-cluster').filter({ has: cp.getByRole('heading', { name: title, exact: true }) });
    const suggestion = cp.locator('.cc-suggestion').filter({ hasText: PITCHES.citizen });
    await suggestion.getByLabel('Naam van het cluster').fill(CLUSTERS.suggestion);
    await navigateBy(cp, () => suggestion.getByRole('button', { name: /^Overnemen/ }).click());
    assert.ok((await main(cp)).includes('Het voorstel is overgenomen als cluster.'));
    // Whatever else the suggestion held goes out again, by keyboard: the select of each pitch.
    for (const title of [PITCHES.professional, PITCHES.coordinator]) {
      if ((await textOf(card(CLUSTERS.suggestion))).includes(title)) {
        await cp.getByLabel(`Verplaats naar (${title})`, { exact: true }).selectOption({ value: '' });
        await press(cp, `Verplaatsen (${title})`);
        assert.ok((await main(cp)).includes('De pitch is verplaatst.'));
      }
    }
    await cp.locator('#new-title').fill(CLUSTERS.manual);
    const newCluster = cp.locator('section', { has: cp.locator('#nieuw-cluster') });
    await newCluster.getByRole('checkbox', { name: PITCHES.professional, exact: true }).check();
    await newCluster.getByRole('checkbox', { name: PITCHES.coordinator, exact: true }).check();
    await press(cp, 'Cluster maken');
    assert.ok((await main(cp)).includes('Het cluster is gemaakt.'));
    // The suggestion of a pitch now in a cluster cannot be taken over again.
    assert.ok(
      (await textOf(cp.locator('.cc-suggestion').filter({ hasText: PITCHES.professional }))).includes('Al overgenomen'),
    );
    // With JavaScript a pitch can be dragged onto a cluster; the select does the same by keyboard.
    const row = cp.locator('[data-cc-pitch]').filter({ has: cp.getByRole('link', { name: PITCHES.coordinator, exact: true }) });
    const target = card(CLUSTERS.suggestion).locator('h3');
    // (A tall window, so the drag needs no scrolling.)
    await cp.setViewportSize({ width: 1280, height: 2400 });
    await navigateBy(cp, () => row.locator('a').dragTo(target));
    await cp.setViewportSize({ width: 1280, height: 900 });
    assert.ok((await main(cp)).includes('De pitch is verplaatst.'));
    assert.ok(
      (await textOf(card(CLUSTERS.suggestion))).includes(PITCHES.coordinator),
      'dragged into the cluster',
    );
    await cp.getByLabel(`Verplaats naar (${PITCHES.coordinator})`, { exact: true }).selectOption({ label: CLUSTERS.manual });
    await press(cp, `Verplaatsen (${PITCHES.coordinator})`);
    assert.ok(
      (await textOf(card(CLUSTERS.manual))).includes(PITCHES.coordinator),
      'moved back with the select',
    );
    await a11y(cp, 'clusters');
    await shot(cp, '04-clusters');
    await onPhone(cp, '04-clusters');

    await visit(cp, `${base}/dwarsverbanden`);
    await a11y(cp, 'dwarsverbanden-leeg');
    await cp.locator('#concern-title').fill('Vertrouwen');
    await cp.locator('#concern-description').fill('Vertrouwen tussen inwoners, professionals en gemeente loopt door alle thema’s.');
    await cp.locator('section', { has: cp.locator('#nieuw-dwarsverband') })
      .getByRole('checkbox', { name: PITCHES.coordinator, exact: true })
      .check();
    await press(cp, 'Toevoegen');
    assert.ok((await main(cp)).includes('Het dwarsverband is opgeslagen.'));
    await a11y(cp, 'dwarsverbanden');

    // 5. Prioritising: points from all three; too many points are refused.
    await nextPhase(cp, base, 'prioriteren');
    await visit(zp, `${base}/prioriteren`);
    await a11y(zp, 'prioriteren');
    await field(zp, CLUSTERS.suggestion).fill('8');
    await field(zp, CLUSTERS.manual).fill('8');
    assert.equal(await textOf(zp.locator('[data-cc-points-left]')), 'U verdeelt 6 punten meer dan u heeft.');
    response = await press(zp, 'Punten opslaan');
    assert.equal(response.status(), 422);
    assert.ok((await textOf(zp.locator('.error-summary'))).includes('U verdeelt meer punten dan u heeft.'));
    await a11y(zp, 'prioriteren-fout');
    await field(zp, CLUSTERS.manual).fill('2');
    await press(zp, 'Punten opslaan');
    assert.ok((await main(zp)).includes('U heeft nog 0 van de 10 punten over.'));
    for (const [page, a, b] of [[lp, '4', '6'], [cp, '5', '5']]) {
      await visit(page, `${base}/prioriteren`);
      await field(page, CLUSTERS.suggestion).fill(a);
      await field(page, CLUSTERS.manual).fill(b);
      await press(page, 'Punten opslaan');
    }
    await visit(cp, `${base}/prioriteren`);
    const chart = cp.locator('svg.cc-chart[role="img"]');
    assert.equal(await chart.count(), 1, 'a bar chart');
    assert.ok((await chart.locator('title').textContent()).length > 0);
    const table = await textOf(cp.locator('table'));
    assert.ok(table.includes(`${CLUSTERS.suggestion} 17 3`), `the table has the totals: ${table}`);
    assert.ok(table.includes(`${CLUSTERS.manual} 13 3`), `the table has the totals: ${table}`);
    await a11y(cp, 'prioriteren-uitslag');
    await shot(cp, '05-prioriteren');
    await onPhone(cp, '05-prioriteren');

    // 6. Elaborating: the professional and the citizen write a theme text each.
    await nextPhase(cp, base, 'uitwerken');
    for (const [page, cluster, theme] of [
      [lp, CLUSTERS.suggestion, THEMES.first],
      [zp, CLUSTERS.manual, THEMES.second],
    ]) {
      await visit(page, `${base}/clusters`);
      await follow(page, `Thematekst schrijven (${cluster})`);
      await a11y(page, 'thematekst-leeg');
      await field(page, 'Titel').fill(theme);
      await field(page, 'Niveau').selectOption({ value: 'doelgroep' });
      await field(page, 'Introductie').fill(`Over ${theme.toLowerCase()}: wat werkt, voor wie en waarom.`);
      await field(page, 'Leidende vragen').fill('Wat hebben mensen nodig?\nWie doet wat?');
      await field(page, 'Projectopties').fill('Een leerkring\nEen kenniscafé');
      response = await press(page, 'Versie opslaan');
      assert.equal(response.status(), 200);
      assert.ok((await main(page)).includes('Versie 1 van de thematekst is opgeslagen.'));
    }
    await a11y(zp, 'thematekst');
    await shot(zp, '06-thematekst');

    // 7. The concept agenda, then amending.
    await nextPhase(cp, base, 'concept');
    assert.ok((await main(cp)).includes('Conceptagenda (versie'), 'the overview links the concept');
    await nextPhase(cp, base, 'amenderen');

    // 8. The citizen proposes an amendment; the coordinator answers it.
    await visit(zp, `${base}/amendementen`);
    await a11y(zp, 'amendementen-leeg');
    await field(zp, 'Thema').selectOption({ label: THEMES.first });
    await field(zp, 'Onderdeel').selectOption({ value: 'introduction' });
    await field(zp, 'Voorgestelde tekst').fill('Mantelzorgers staan er niet alleen voor: buren, vrijwilligers en professionals helpen mee.');
    await field(zp, 'Reden').fill('Zo is het positiever en klopt het beter met wat mantelzorgers vertellen.');
    response = await press(zp, 'Amendement indienen');
    assert.equal(response.status(), 200);
    assert.ok((await main(zp)).includes('Uw amendement is ingediend.'));
    await a11y(zp, 'amendementen');

    await visit(cp, `${base}/amendementen`);
    const amendment = cp.locator('.cc-amendment').first();
    await amendment.locator('summary').click();
    await amendment.getByLabel('overgenomen', { exact: true }).check();
    await amendment.getByLabel('Antwoord (verplicht)').fill('Dank u; we nemen de zin over.');
    await navigateBy(cp, () => amendment.getByRole('button', { name: 'Antwoord opslaan', exact: true }).click());
    assert.ok((await main(cp)).includes('Het antwoord is opgeslagen.'));
    assert.ok((await textOf(cp.locator('.cc-amendment').first())).includes('Verwerkt in versie'));
    await a11y(cp, 'amendementen-beantwoord');
    await shot(cp, '07-amendementen');
    await onPhone(cp, '07-amendementen');

    // 9. The adoption, with its confirmation.
    await visit(cp, base);
    await follow(cp, 'Agenda vaststellen');
    await a11y(cp, 'vaststellen');
    response = await press(cp, 'Ja, agenda vaststellen');
    assert.equal(response.status(), 200);
    assert.match(await main(cp), /De agenda is vastgesteld: versie \d+\./);
    assert.equal(await cp.locator('ol.cc-phases > li[aria-current="step"]').getAttribute('id'), 'fase-vastgesteld');
    await a11y(cp, 'vastgesteld');
    await shot(cp, '08-vastgesteld');
    // The werkplaats shows the adopted agenda with the new themes.
    await visit(zp, ZHZ);
    const home = await main(zp);
    assert.ok(home.includes(THEMES.first) && home.includes(THEMES.second), 'the adopted themes are on the agenda');
    assert.ok(home.includes('Mantelzorgers staan er niet alleen voor'), 'with the accepted amendment');

    // 10. Every page once more for the citizen, and the trace if the werkplaats has it.
    for (const [path, name] of [
      ['', 'overzicht-burger'],
      ['/pitches', 'pitches-burger'],
      ['/clusters', 'clusters-burger'],
      ['/prioriteren', 'prioriteren-burger'],
      ['/dwarsverbanden', 'dwarsverbanden-burger'],
      ['/amendementen', 'amendementen-burger'],
    ]) {
      response = await visit(zp, `${base}${path}`);
      assert.equal(response.status(), 200, path);
      await a11y(zp, name);
    }
    // Where the agenda came from: every pitch of the process is on the page, under a theme with
    // the names of the people who brought it, or under "Niet opgenomen" with a reason.
    await visit(cp, `${base}/herkomst`);
    const trace = await main(cp);
    for (const title of Object.values(PITCHES)) {
      assert.ok(trace.includes(title), `the trace shows the pitch ${title}`);
    }
    assert.ok(trace.includes(CITIZEN.name), 'the trace names the invited citizen');
    await a11y(cp, 'herkomst');
    await shot(cp, '09-herkomst');
    await visit(cp, `${base}/verslag`);
    assert.ok((await main(cp)).includes('Verloop'));
    await a11y(cp, 'verslag');
    // Only members: another visitor is asked to sign in.
    const anon = await newPage(browser);
    t.after(() => anon.context.close());
    await visit(anon.page, base);
    assert.match(currentPath(anon.page), /^\/inloggen/);
  });
});
