// Speaking the seller's language: Hindi chosen in Settings changes every visible text at once,
// with no reload and nothing typed lost; it is kept for the next start, before the first screen;
// and it works offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('Hindi chosen in Settings: every screen speaks it at once and after a reload, offline too', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  await page.getByTestId('page-settings').waitFor();
  // Something typed elsewhere on the page survives the switch.
  await page.getByLabel('Shop name').fill('Sharma General Store');
  await page.getByLabel('Language').selectOption('hi');
  await page.getByRole('button', { name: 'Save', exact: true }).first().click();
  const nav = page.locator('nav.sections');
  await nav.getByRole('link', { name: 'बेचें' }).waitFor();
  assert.equal(await page.getByLabel('दुकान का नाम').inputValue(), 'Sharma General Store');
  await nav.getByRole('link', { name: 'ग्राहक' }).click();
  await page.getByTestId('page-customers').getByText('अभी कोई ग्राहक नहीं।', { exact: false }).waitFor();

  // The next start is in Hindi from the first screen, and so is an offline one.
  await page.reload();
  await nav.getByRole('link', { name: 'बेचें' }).waitFor();
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await context.setOffline(true);
  await page.reload();
  await nav.getByRole('link', { name: 'बेचें' }).click();
  await page.getByTestId('page-sell').getByText('कौन खरीद रहा है?').waitFor();
  await context.setOffline(false);

  // And back to English.
  await nav.getByRole('link', { name: 'सेटिंग' }).click();
  await page.getByLabel('भाषा').selectOption('en');
  await page.getByRole('button', { name: 'सेव करें', exact: true }).first().click();
  await nav.getByRole('link', { name: 'Sell' }).waitFor();
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
