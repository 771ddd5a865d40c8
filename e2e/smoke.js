// Toolchain check without a Broedplaats server: launches the system Chromium
// through playwright-core and runs axe on a small inline page.
//   node smoke.js
import assert from 'node:assert/strict';
import { checkA11y, launch, newPage } from './lib.js';

const html = `<!doctype html><html lang="nl"><head><title>Rooktest</title></head>
<body><a href="#inhoud">Naar de inhoud</a><main id="inhoud"><h1>Rooktest</h1>
<p>Chromium en axe werken.</p></main></body></html>`;

const browser = await launch();
try {
  const { page } = await newPage(browser);
  await page.goto('data:text/html,' + encodeURIComponent(html));
  assert.equal(await page.locator('h1').innerText(), 'Rooktest');
  const results = await checkA11y(page, 'smoke');
  console.log(
    `smoke ok: Chromium ${browser.version()}, axe-core ${results.testEngine.version}, ` +
      `${results.passes.length} rules passed, 0 violations`,
  );
} finally {
  await browser.close();
}
