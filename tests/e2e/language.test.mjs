// Speaking the seller's language: Hindi chosen in Settings changes every visible text at once,
// with no reload and nothing typed lost; it is kept for the next start, before the first screen;
// and it works offline.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests, messages, OUTPUT } from './harness.mjs';
import path from 'node:path';
import fs from 'node:fs';

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
  await page.locator('select[name=language]').selectOption('hi');
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
    await page.locator('select[name=language]').selectOption(to);
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
  await page.locator('select[name=language]').selectOption('en');
  await page.getByRole('button', { name: 'सेव करें', exact: true }).first().click();
  await nav.getByRole('link', { name: 'Sell' }).waitFor();
  // English came from the page itself, which ships it once.
  assert.ok(!context.requests.some((u) => u.includes('messages-en.js')), 'English fetched again');
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
  assert.equal(await shell.locator('h2').first().textContent(), 'کون خرید رہا ہے؟');
  // A device whose book has never had records: what to do first, in Urdu too.
  assert.equal(await shell.locator('#boot-first h2').textContent(), messages('ur').FirstRunTitle);
  assert.equal(await shell.locator('#boot-first p').textContent(), messages('ur').FirstRunBody);
  assert.equal(await shell.locator('input').getAttribute('placeholder'), 'نام یا فون سے تلاش کریں');
  assert.equal(await page.evaluate(() => document.documentElement.dir), 'rtl');
  // Once the book has had records, the page does not draw it.
  await page.evaluate(() => localStorage.setItem('grahak.book-used', '1'));
  await page.reload();
  await shell.locator('nav').getByRole('link', { name: 'بیچیں' }).waitFor();
  assert.equal(await shell.locator('#boot-first').isHidden(), true);
  await context.close();
});

test("a first run offers the browser's language first, each language in its own script; a tap switches and is kept", async () => {
  const context = await env.newContext({ locale: 'gu-IN' });
  const page = await context.newPage();
  await openApp(page, env.url);
  const nav = page.locator('nav.sections');
  await nav.getByRole('link', { name: 'વેચો' }).waitFor();
  const chooser = page.getByTestId('language-chooser');
  await chooser.getByText(messages('gu').ChooseLanguage).waitFor();
  for (const name of ['English', 'हिन्दी', 'ગુજરાતી', 'മലയാളം', 'اردو']) {
    const pressed = await chooser.getByRole('button', { name, exact: true }).getAttribute('aria-pressed');
    assert.equal(pressed, String(name === 'ગુજરાતી'), name);
  }
  await chooser.getByRole('button', { name: 'हिन्दी' }).click();
  await nav.getByRole('link', { name: 'बेचें' }).waitFor();
  await chooser.waitFor({ state: 'detached' });
  await page.reload();
  await nav.getByRole('link', { name: 'बेचें' }).waitFor();
  await page.getByTestId('page-sell').getByText(messages('hi').SellWho).waitFor();
  assert.equal(await page.getByTestId('language-chooser').count(), 0);
  await context.close();
});

test('one whole sale in Gujarati, kept half-typed across a switch to Hindi and back; digits and plurals in the language', async () => {
  const context = await env.newContext();
  await context.addInitScript(() => {
    if (!localStorage.getItem('grahak.settings')) localStorage.setItem('grahak.settings', JSON.stringify({ lang: 'gu' }));
  });
  const page = await context.newPage();
  const gu = messages('gu');
  const hi = messages('hi');
  await openApp(page, env.url);
  const nav = page.locator('nav.sections');
  const sell = page.getByTestId('page-sell');
  await sell.getByText(gu.SellWho).waitFor();

  await page.getByRole('button', { name: gu.AddCustomer }).click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel(gu.FieldName, { exact: true }).fill('કિરણ પટેલ');
  await form.getByLabel(gu.FieldPhone, { exact: true }).fill('૯૮૭૬૫ ૪૩૨૧૦');
  await form.getByRole('button', { name: gu.Save, exact: true }).click();
  await page.getByTestId('sale-buyer').getByText('કિરણ પટેલ').waitFor();
  await page.getByRole('button', { name: '+ ' + gu.NewProduct }).click();
  const pf = page.getByTestId('product-form');
  await pf.getByLabel(gu.FieldProductName).fill('ખાંડ');
  await pf.getByLabel(gu.FieldPrice).fill('૪૫');
  await pf.getByLabel(gu.FieldLastsDays).fill('1');
  await pf.getByRole('button', { name: gu.Save, exact: true }).click();
  const line = page.getByTestId('sale-line');
  await line.getByText('ખાંડ').waitFor();
  await line.getByLabel(gu.Qty).fill('૨');
  await page.getByTestId('sale-total').getByText('₹90').waitFor();

  // Half-typed, the seller switches to Hindi: the sale waits on Sell, now in Hindi.
  await nav.getByRole('link', { name: gu.NavSettings }).click();
  await page.locator('select[name=language]').selectOption('hi');
  await page.getByRole('button', { name: gu.Save, exact: true }).first().click();
  await nav.getByRole('link', { name: hi.NavSell }).click();
  await page.getByTestId('sale-buyer').getByText('કિરણ પટેલ').waitFor();
  assert.equal(await page.getByTestId('sale-line').getByLabel(hi.Qty).inputValue(), '૨');
  await page.getByRole('button', { name: hi.SaveSale }).waitFor();

  // Back to Gujarati, with the language's own digits, and the sale saved.
  await nav.getByRole('link', { name: hi.NavSettings }).click();
  await page.locator('select[name=language]').selectOption('gu');
  await page.getByLabel(hi.SettingsDigits).check();
  await page.getByRole('button', { name: hi.Save, exact: true }).first().click();
  await nav.getByRole('link', { name: gu.NavSell }).click();
  await page.getByTestId('sale-total').getByText('₹૯૦').waitFor();
  await page.getByRole('button', { name: gu.PayUpi }).click();
  await page.getByRole('button', { name: gu.SaveSale }).click();
  const saved = gu.SaleSaved.replace('{total}', '₹૯૦').replace('{name}', 'કિરણ પટેલ');
  await page.getByTestId('sale-status').getByText(saved).waitFor();

  // A count of one reads as one: "lasts 1 day", in Gujarati digits.
  await nav.getByRole('link', { name: gu.NavProducts }).click();
  await page.getByText(gu['LastsDays[one]'].replace('{n}', '૧')).waitFor();
  await page.reload();
  await nav.getByRole('link', { name: gu.NavCustomers }).click();
  await page.getByTestId('customer-list').getByText('કિરણ પટેલ').click();
  assert.match(await page.getByTestId('customer-stats').textContent(), /₹૯૦/);
  // She reads Urdu: her messages will be in Urdu whatever the shop's language.
  await page.getByTestId('page-customer').getByRole('button', { name: gu.Edit, exact: true }).click();
  await page.getByTestId('customer-form').locator('select[name=language]').selectOption('ur');
  await page.getByTestId('customer-form').getByRole('button', { name: gu.Save, exact: true }).click();
  await page.getByTestId('customer-language').getByText('اردو').waitFor();
  // The customers file is headed in Gujarati and carries her language.
  await nav.getByRole('link', { name: gu.NavSettings }).click();
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: gu.ExportCustomers }).click()]);
  const csv = fs.readFileSync(await file.path(), 'utf8');
  assert.ok(csv.startsWith(`\ufeff${gu.HeadName},${gu.HeadPhone},`), csv.slice(0, 80));
  assert.match(csv, /કિરણ પટેલ,'\+919876543210,.*,ur,/);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

/** The share of the letters in `text` that are in `script` (a Unicode script name). */
function ownScript(text, script) {
  const letters = text.match(/\p{L}/gu) || [];
  const own = text.match(new RegExp(`\\p{Script=${script}}`, 'gu')) || [];
  return letters.length ? own.length / letters.length : 0;
}

test('on the sample shop, every screen in every language: mostly its own script, mirrored in Urdu, no sideways scroll; screenshots in Hindi and Urdu', { timeout: 300000 }, async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  const scripts = { en: 'Latin', hi: 'Devanagari', gu: 'Gujarati', ml: 'Malayalam', ur: 'Arabic' };
  const screens = ['sell', 'customers', 'products', 'segments', 'campaigns', 'insights', 'settings'];
  for (const [code, script] of Object.entries(scripts)) {
    await page.evaluate((lang) => localStorage.setItem('grahak.settings', JSON.stringify({ lang })), code);
    for (const [width, height] of [[800, 1280], [360, 740], [1280, 800]]) {
      await page.setViewportSize({ width, height });
      for (const screen of screens) {
        await page.goto(env.url + '#/' + screen);
        await page.reload();
        await page.getByTestId('page-' + screen).waitFor();
        // Filled from the book: wait for what each screen reads from it.
        const filled = {
          sell: '[data-testid=buyer-list] li',
          customers: '[data-testid=customer-list] li',
          products: '[data-testid=product-list] li',
          segments: '[data-testid=rf-grid]',
          settings: '[data-testid=book-counts]',
        }[screen];
        if (filled) {
          await page.waitForFunction((css) => /300/.test(document.querySelector('[data-testid=book-counts]')?.textContent || '300')
            && document.querySelector(css), filled);
        }
        if (screen === 'campaigns') {
          // The campaign form open, with its texts in the members' languages.
          await page.getByTestId('ready-WinBack').click();
          await page.getByTestId('campaign-preview-text').waitFor();
        }
        const wide = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(wide <= 0, `${code} ${screen} at ${width}px scrolls sideways by ${wide}px`);
        if (width !== 800) continue;
        assert.equal(await page.evaluate(() => document.documentElement.dir), code === 'ur' ? 'rtl' : 'ltr');
        if (screen === 'sell' || screen === 'segments') {
          // The interface's letters: the seller's records (lists of names and products, in
          // whatever script they were typed) left out.
          const shown = await page.evaluate(() => {
            const copy = document.querySelector('.shell').cloneNode(true);
            for (const list of copy.querySelectorAll('ul.rows')) list.remove();
            return copy.textContent;
          });
          const share = ownScript(shown, script);
          assert.ok(share >= 0.6, `${code} ${screen}: only ${Math.round(share * 100)}% of the letters are ${script}`);
        }
        if (code === 'ur') {
          // Mirrored: the first section link sits at the right.
          const box = await page.locator('nav.sections a').first().boundingBox();
          assert.ok(box.x > width / 2, `ur ${screen}: navigation starts at ${box.x}`);
        }
        if (code === 'hi' || code === 'ur') {
          await page.screenshot({ path: path.join(OUTPUT, `${code}-${screen}-800x1280.png`), fullPage: true });
        }
      }
    }
  }
  await context.close();
});
