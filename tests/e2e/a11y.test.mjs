// Accessibility, checked by axe-core on every screen of the sample shop in English and in Urdu
// (right to left): no violation of the WCAG A/AA rules it tests.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { start, openApp } from './harness.mjs';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** axe's violations on the page as it is, one line each. */
async function violations(page) {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: axePath });
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] });
    return r.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
  });
  return found;
}

test('every screen of the sample shop, in English and in Urdu, has no accessibility violation', { timeout: 300000 }, async () => {
  // axe is injected as a script: the page's own policy would (rightly) refuse it.
  const context = await env.newContext({ bypassCSP: true, viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  // A customer, a segment's members, a sale and a campaign, besides the sections.
  await page.goto(env.url + '#/customers');
  await page.getByTestId('customer-list').locator('a').first().click();
  await page.getByTestId('page-customer').waitFor();
  const customer = new URL(page.url()).hash;
  const sellTo = customer.replace('#/customers/', '#/sell/');
  await page.getByTestId('page-customer').locator('a[href^="#/sales/"]').first().click();
  await page.getByTestId('page-sale').waitFor();
  const sale = new URL(page.url()).hash;
  // A campaign, to check its sending list; the campaign form is checked open.
  await page.goto(env.url + '#/campaigns');
  await page.getByTestId('ready-WinBack').click();
  await page.getByTestId('campaign-start').click();
  await page.getByTestId('page-campaign').waitFor();
  const campaign = new URL(page.url()).hash;
  const screens = ['#/sell', sellTo, sale, '#/customers', customer, '#/products', '#/segments', '#/segments/champions',
    '#/campaigns', 'the campaign form', campaign, '#/insights', '#/settings', '#/owed', '#/reorder', '#/nowhere'];
  const found = [];
  for (const lang of ['en', 'ur']) {
    // Loyalty on, so that the customer's points card and the points on Sell are checked too.
    await page.evaluate((l) => localStorage.setItem('grahak.settings', JSON.stringify({ lang: l, loyalty: { on: true } })), lang);
    for (const screen of screens) {
      await page.goto(env.url + (screen.startsWith('#') ? screen : '#/campaigns'));
      await page.reload();
      await page.locator('section.page').first().waitFor();
      if (screen === 'the campaign form') await page.getByTestId('ready-WinBack').click();
      await page.waitForTimeout(300);
      for (const v of await violations(page)) found.push(`${lang} ${screen}: ${v}`);
    }
  }
  assert.deepEqual(found, []);
  await context.close();
});
