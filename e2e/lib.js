// Shared helpers for the Broedplaats browser end-to-end tests.
//
// Uses playwright-core (which never downloads a browser) with the system's
// Chromium, and axe-core for WCAG 2.1 A/AA checks.

import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';

export const E2E_DIR = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOT_DIR = join(E2E_DIR, 'screenshots');
export const AXE_RESULTS_FILE = join(E2E_DIR, 'axe-results.json');

/** Base URL of the running server, e.g. http://127.0.0.1:8080 (set by run.sh). */
export const BASE = process.env.BROEDPLAATS_URL;

export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Absolute URL for a path on the server under test. */
export function url(path) {
  if (!BASE) {
    throw new Error(
      'BROEDPLAATS_URL is not set; start the server and set it, or use e2e/run.sh',
    );
  }
  return new URL(path, BASE).href;
}

/** Path (plus query) of the page's current URL, e.g. "/inloggen?terug=%2F". */
export function currentPath(page) {
  const u = new URL(page.url());
  return u.pathname + u.search;
}

/** Path of a link's href, resolved against the page URL. */
export async function hrefPath(page, locator) {
  const href = await locator.getAttribute('href');
  assert.ok(href, 'link has no href');
  const u = new URL(href, page.url());
  return u.pathname + u.search;
}

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/**
 * A fresh, isolated browser context (own cookies) and a page in it.
 * The Accept-Language is Dutch, like the site's audience.
 * (Pages for checkA11y must come from browser.newContext(): AxeBuilder
 * refuses pages made by browser.newPage().)
 */
export async function newPage(browser) {
  const context = await browser.newContext({
    locale: 'nl-NL',
    viewport: { width: 1280, height: 900 },
  });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(30_000);
  const page = await context.newPage();
  return { context, page };
}

/** page.goto on a server path; returns the main response. */
export async function visit(page, path) {
  const response = await page.goto(url(path), { waitUntil: 'load' });
  assert.ok(response, `no response for ${path}`);
  return response;
}

/**
 * Run an action that causes a full page navigation (clicking a link,
 * submitting a form) and wait until the new document has loaded. Works even
 * when the new URL equals the old one (e.g. a form re-rendered with an
 * error). Returns the final main-resource response (after redirects).
 */
export async function navigateBy(page, action) {
  // waitForNavigation is set up before the action runs, so it cannot miss it.
  const [response] = await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    action(),
  ]);
  assert.ok(response, 'navigation produced no response');
  return response;
}

/** Whitespace-normalised text content of a locator (auto-waits for it). */
export async function textOf(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/** The page's single h1, normalised. */
export async function h1Text(page) {
  const h1 = page.locator('h1');
  assert.equal(await h1.count(), 1, `expected exactly one <h1> on ${page.url()}`);
  return textOf(h1);
}

function recordAxeResult(name, count) {
  let results = {};
  try {
    results = JSON.parse(readFileSync(AXE_RESULTS_FILE, 'utf8'));
  } catch {
    // first page of the run, or an unreadable file: start afresh
  }
  results[name] = count;
  const sorted = Object.fromEntries(
    Object.entries(results).sort(([a], [b]) => a.localeCompare(b)),
  );
  writeFileSync(AXE_RESULTS_FILE, JSON.stringify(sorted, null, 2) + '\n');
}

/** Human-readable list of axe violations. */
export function formatViolations(violations) {
  return violations
    .map((v) => {
      const targets = v.nodes
        .map((n) => `      - ${n.target.join(' ')}`)
        .join('\n');
      return `  * ${v.id} [${v.impact}] ${v.help}\n    ${v.helpUrl}\n${targets}`;
    })
    .join('\n');
}

/**
 * Run axe (WCAG 2.0/2.1 A and AA) on the current page, record the violation
 * count under `name` in e2e/axe-results.json and assert there are none.
 */
export async function checkA11y(page, name) {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const { violations } = results;
  recordAxeResult(name, violations.length);
  assert.equal(
    violations.length,
    0,
    `axe found ${violations.length} WCAG violation(s) on "${name}" (${page.url()}):\n` +
      formatViolations(violations),
  );
  return results;
}

/** Full-page screenshot to e2e/screenshots/NAME.png. */
export async function screenshot(page, name) {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Checks the layout every page shares: language attribute, skip link,
 * main landmark, accessibility statement link in the footer and the
 * language switch.
 */
export async function assertLayout(page, { lang = 'nl' } = {}) {
  const where = page.url();
  assert.equal(
    await page.locator('html').getAttribute('lang'),
    lang,
    `<html lang> on ${where}`,
  );
  assert.ok((await page.title()).trim().length > 0, `empty <title> on ${where}`);

  const main = page.locator('main#inhoud');
  assert.equal(await main.count(), 1, `expected one <main id="inhoud"> on ${where}`);

  if (lang === 'nl') {
    const skip = page.getByRole('link', { name: 'Naar de inhoud', exact: true });
    assert.equal(await skip.count(), 1, `skip link "Naar de inhoud" on ${where}`);
    assert.equal(await skip.getAttribute('href'), '#inhoud', 'skip link target');

    const a11y = page
      .locator('footer')
      .getByRole('link', { name: 'Toegankelijkheid', exact: true });
    assert.equal(await a11y.count(), 1, `footer link "Toegankelijkheid" on ${where}`);
    assert.equal(new URL(await a11y.getAttribute('href'), where).pathname, '/toegankelijkheid');
  }

  const switchName = lang === 'nl' ? 'English' : 'Nederlands';
  const switchTo = lang === 'nl' ? 'en' : 'nl';
  const langLink = page.getByRole('link', { name: switchName, exact: true });
  assert.equal(await langLink.count(), 1, `language link "${switchName}" on ${where}`);
  assert.equal(
    new URL(await langLink.getAttribute('href'), where).pathname,
    `/taal/${switchTo}`,
    'language link target',
  );
}

/** A form control by its label; a required field's label may end in "(verplicht)". */
export function field(scope, label) {
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return scope.getByLabel(new RegExp(`^${escaped}( \\(verplicht\\))?$`));
}

/** Quoted-printable decoding, enough to read links and text out of an .eml file. */
export function decodeQuotedPrintable(s) {
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

/** How long to wait for the job worker (it polls every 15 s) to write an email. */
const MAIL_TIMEOUT = 40_000;

/**
 * Waits for an email to `to` in the server's mail directory (run.sh sets BROEDPLAATS_DATA_DIR)
 * whose decoded text matches `matching` (any email when absent); returns its decoded text.
 */
export async function waitForMail(to, { matching } = {}) {
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
      // "To: Name <to>" or "To: to"
      if (!raw.includes(`<${to}>`) && !/^To: (.*)$/m.exec(raw)?.[1].trim().split(/\s*,\s*/).includes(to)) continue;
      const text = decodeQuotedPrintable(raw);
      if (!matching || matching.test(text)) return text;
    }
    assert.ok(Date.now() < deadline, `no email to ${to} in ${dir} within ${MAIL_TIMEOUT / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** Signs in on /inloggen with email and password. */
export async function logIn(page, { email, password }) {
  await visit(page, '/inloggen');
  await page.getByLabel('E-mailadres', { exact: true }).fill(email);
  await page.getByLabel('Wachtwoord', { exact: true }).fill(password);
  await navigateBy(page, () => page.getByRole('button', { name: 'Inloggen', exact: true }).click());
}
