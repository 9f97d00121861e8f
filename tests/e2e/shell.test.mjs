// The app shell as a seller meets it: every section reachable, reloads keep the screen, nothing
// fetched from another origin, usable on a phone and on a landscape tablet, and offline later.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, openApp, foreignRequests, OUTPUT } from './harness.mjs';

const SECTIONS = [
  ['Sell', 'sell'],
  ['Customers', 'customers'],
  ['Products', 'products'],
  ['Segments', 'segments'],
  ['Campaigns', 'campaigns'],
  ['Insights', 'insights'],
  ['Settings', 'settings'],
];

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('every section opens from the navigation and survives a reload, with no foreign request', async () => {
  const context = await env.newContext({ viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await openApp(page, env.url);

  // The home screen is Sell, and the boot message is gone.
  await page.getByTestId('page-sell').waitFor();
  assert.equal(await page.locator('#boot').count(), 0);
  assert.equal(await page.getByTestId('shop-name').textContent(), 'My shop');

  for (const [label, slug] of SECTIONS) {
    await page.locator('nav.sections').getByRole('link', { name: label, exact: true }).click();
    await page.getByTestId(`page-${slug}`).waitFor();
    assert.ok(page.url().endsWith(`/shop/grahak/#/${slug}`), page.url());
    assert.equal(await page.locator('h1').textContent(), label);
    const current = page.locator('nav.sections a[aria-current="page"]');
    assert.equal(await current.textContent(), label);

    await page.reload();
    await page.getByTestId(`page-${slug}`).waitFor();
    assert.equal(await page.locator('h1').textContent(), label, `reload on ${slug}`);
  }

  assert.deepEqual(foreignRequests(context, env.url), []);
  assert.deepEqual(errors, []);
  await context.close();
});

test('an unknown address shows a way back, not a blank page', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/no-such-screen');
  await page.getByTestId('page-not-found').waitFor();
  await page.getByRole('link', { name: 'Go to Sell' }).click();
  await page.getByTestId('page-sell').waitFor();
  await context.close();
});

for (const [width, height] of [[800, 1280], [1280, 800], [360, 740]]) {
  test(`fits a ${width}x${height} screen with touch-sized navigation`, async () => {
    const context = await env.newContext({ viewport: { width, height } });
    const page = await context.newPage();
    await openApp(page, env.url + '#/customers');
    await page.getByTestId('page-customers').waitFor();
    for (const box of await page.locator('nav.sections a').evaluateAll((els) =>
      els.map((e) => e.getBoundingClientRect().toJSON()))) {
      assert.ok(box.height >= 48, `nav link ${box.height}px tall`);
    }
    // Nothing spills sideways off the page.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than the screen`);
    await page.screenshot({ path: path.join(OUTPUT, `shell-${width}x${height}.png`) });
    await context.close();
  });
}

test('after the first visit the app opens with no network', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
  await context.setOffline(true);
  await page.goto(env.url + '#/segments');
  await page.getByTestId('page-segments').waitFor();
  // The import screen is part of the app: there offline too.
  await page.goto(env.url + '#/settings');
  await page.getByTestId('import-panel').waitFor();
  await context.close();
});
