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
  // Dates in the language too (the browser's Intl): "30 नव॰ 2026".
  await nav.getByRole('link', { name: 'समूह' }).click();
  const asOf = await page.getByTestId('segments-as-of').textContent();
  assert.match(asOf, /^\d{1,2} [\u0900-\u097F]+ \d{4} तक: /, asOf);

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

  // Each language speaks for itself; Urdu also turns the page right to left, from the start.
  // (settings link, language label, save button) in the language being left.
  const words = {
    hi: ['सेटिंग', 'भाषा', 'सेव करें', 'बेचें'],
    gu: ['સેટિંગ', 'ભાષા', 'સેવ કરો', 'વેચો'],
    ml: ['ക്രമീകരണം', 'ഭാഷ', 'സേവ് ചെയ്യുക', 'വിൽക്കുക'],
    ur: ['ترتیبات', 'زبان', 'محفوظ کریں', 'بیچیں'],
  };
  let from = 'hi';
  for (const to of ['gu', 'ml', 'ur', 'hi']) {
    const [settings, label, save] = words[from];
    await nav.getByRole('link', { name: settings }).click();
    await page.getByLabel(label).selectOption(to);
    await page.getByRole('button', { name: save, exact: true }).first().click();
    await nav.getByRole('link', { name: words[to][3] }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), to);
    assert.equal(await page.evaluate(() => document.documentElement.dir), to === 'ur' ? 'rtl' : 'ltr');
    if (to === 'ur') {
      // Right to left from the very start of the next visit.
      await page.reload();
      await nav.getByRole('link', { name: 'بیچیں' }).waitFor();
      assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
    }
    from = to;
  }

  // And back to English.
  await nav.getByRole('link', { name: 'सेटिंग' }).click();
  await page.getByLabel('भाषा').selectOption('en');
  await page.getByRole('button', { name: 'सेव करें', exact: true }).first().click();
  await nav.getByRole('link', { name: 'Sell' }).waitFor();
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test("the page's first frame, before the app's code arrives, is in the chosen language", async () => {
  const context = await env.newContext({ serviceWorkers: 'block' });
  await context.addInitScript(() => localStorage.setItem('grahak.settings', JSON.stringify({ lang: 'ur' })));
  // The app's code never arrives: what stays is the shell the page draws by itself.
  await context.route('**/*.wasm', (r) => r.abort());
  const page = await context.newPage();
  await page.goto(env.url);
  const shell = page.locator('#boot');
  await shell.locator('nav').getByRole('link', { name: 'بیچیں' }).waitFor();
  assert.equal(await shell.locator('h2').textContent(), 'کون خرید رہا ہے؟');
  assert.equal(await shell.locator('input').getAttribute('placeholder'), 'نام یا فون سے تلاش کریں');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  await context.close();
});
