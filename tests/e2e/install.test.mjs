// Installable, offline and locked down: the page's Content-Security-Policy lets nothing but the
// app's own files run (and the app works under it); the offline cache holds exactly this build;
// a new build waits until the seller reloads into it, keeping the sale being typed, and then
// the old build's files are gone; a language never used before works offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { start, openApp, foreignRequests, messages, BASE } from './harness.mjs';
import { serve } from '../../scripts/serve.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** Records Content-Security-Policy violations in the page (read with `violations`). */
async function watchPolicy(context) {
  await context.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__violations.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
}
const violations = (page) => page.evaluate(() => window.__violations);

test('the page runs under a strict Content-Security-Policy: only its own files, scripts by hash, no eval', async () => {
  const html = fs.readFileSync('dist/index.html', 'utf8');
  const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]+)">/)[1];
  const scripts = policy.split('; ').find((d) => d.startsWith('script-src '));
  assert.ok(!/'unsafe-inline'|'unsafe-eval'|\*|https?:/.test(scripts), scripts);
  assert.match(scripts, /'wasm-unsafe-eval'/);
  assert.match(policy, /default-src 'self'/);
  assert.ok(html.indexOf('Content-Security-Policy') < html.indexOf('<script'), 'the policy comes before any script');
  assert.match(fs.readFileSync('dist/_headers', 'utf8'), /Content-Security-Policy: default-src 'self'.*frame-ancestors 'none'/);

  const context = await env.newContext();
  await watchPolicy(context);
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  for (const screen of ['sell', 'customers', 'products', 'segments', 'campaigns', 'insights', 'settings']) {
    await page.locator('nav.sections').getByRole('link', { name: messages('en')['Nav' + screen[0].toUpperCase() + screen.slice(1)] }).click();
    await page.getByTestId('page-' + screen).waitFor();
  }
  // Another language's texts load under the policy too.
  await page.locator('select[name=language]').selectOption('ur');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  await page.locator('nav.sections').getByRole('link', { name: messages('ur').NavSell }).waitFor();
  // A script the policy does not name is refused: the policy is really in force.
  await page.evaluate(() => {
    const s = document.createElement('script');
    s.textContent = 'window.__ran = true';
    document.head.appendChild(s);
  });
  assert.equal(await page.evaluate(() => window.__ran), undefined);
  const seen = await violations(page);
  assert.equal(seen.length, 1, seen.join('\n'));
  assert.match(seen[0], /^script-src/);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('the offline cache holds exactly this build; a new build waits for the seller, who reloads into it with the sale kept; a new language works offline', { timeout: 120000 }, async () => {
  // A copy of the build, so that a "new version" can be put on the server.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'grahak-build-'));
  fs.cpSync('dist', dir, { recursive: true });
  const { server, url } = await serve({ dir, base: BASE });
  try {
    const context = await env.newContext();
    const page = await context.newPage();
    await openApp(page, url + '#/products');
    await page.evaluate(async () => { await navigator.serviceWorker.ready; });
    await page.waitForFunction(() => navigator.serviceWorker.controller);
    const build = JSON.parse(fs.readFileSync(path.join(dir, 'sw.js'), 'utf8').match(/const BUILD = (\{.*\});/)[1]);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const reqs = await (await caches.open(keys[0])).keys();
      return { keys, files: reqs.map((r) => new URL(r.url).pathname) };
    });
    assert.deepEqual(cached.keys, ['grahak-' + build.version]);
    assert.deepEqual(cached.files.sort(), build.files.map((f) => new URL(f, url).pathname).sort());

    // Half a sale typed.
    await page.getByRole('button', { name: 'Add product' }).click();
    const form = page.getByTestId('product-form');
    await form.getByLabel('Product name').fill('Chai');
    await form.getByLabel('Price').fill('10');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.locator('nav.sections').getByRole('link', { name: 'Sell' }).click();
    await page.getByRole('button', { name: 'Walk-in customer' }).click();
    await page.getByTestId('product-chips').getByRole('button', { name: /Chai/ }).click();
    await page.getByTestId('sale-total').getByText('₹10').waitFor();

    // A new version arrives on the server; the running page is told, and nothing changes yet.
    const worker = path.join(dir, 'sw.js');
    fs.writeFileSync(worker, fs.readFileSync(worker, 'utf8').replace(build.version, 'next0000000000000'));
    await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
    const banner = page.getByTestId('update-ready');
    await banner.getByText('A new version of Grahak is ready.').waitFor({ timeout: 30000 });
    // Not reloaded behind the seller's back: this page is still the one that was typed in.
    await page.evaluate(() => { window.__same = true; });
    await page.waitForTimeout(500);
    assert.equal(await page.evaluate(() => window.__same), true);
    await banner.getByRole('button', { name: 'Reload now' }).click();
    await page.waitForFunction(() => !window.__same && document.querySelector('[data-testid=sale-total]'));
    assert.equal(await page.getByTestId('update-ready').count(), 0);
    await page.getByTestId('sale-total').getByText('₹10').waitFor();
    assert.deepEqual(await page.evaluate(() => caches.keys()), ['grahak-next0000000000000']);

    // Offline: a reload, a sale, and a language this tablet never used.
    await context.setOffline(true);
    await page.reload();
    await page.getByTestId('sale-total').getByText('₹10').waitFor();
    await page.getByRole('button', { name: 'Save sale' }).click();
    await page.getByTestId('sale-status').getByText('Saved: ₹10', { exact: false }).waitFor();
    await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
    await page.locator('select[name=language]').selectOption('ml');
    await page.getByRole('button', { name: 'Save', exact: true }).first().click();
    await page.locator('nav.sections').getByRole('link', { name: messages('ml').NavSell }).waitFor();
    await context.setOffline(false);
    assert.deepEqual(foreignRequests(context, url), []);
    await context.close();
  } finally {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
