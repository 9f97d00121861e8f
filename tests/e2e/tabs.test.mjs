// One book, two tabs: what a seller with the app open in two tabs (or the installed app beside a
// browser tab) does. Every sale either tab said "Saved" for is in the book; a customer added in one
// tab is found in the other without a reload; a restore in one tab shows in the other, with
// nothing of the old book mixed in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { start, openApp, foreignRequests, bookCounts } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const nav = (page, name) => page.locator('nav.sections').getByRole('link', { name }).click();

/** A walk-in sale of a product added on the spot, as in the report that lost half the sales. */
async function sellNewProduct(page, name, price) {
  // The seller switches to this tab (a hidden tab gets no animation frames, so clicks would wait).
  await page.bringToFront();
  await page.getByRole('button', { name: 'Walk-in' }).click();
  await page.getByRole('button', { name: '+ New product' }).click();
  const pf = page.getByTestId('product-form');
  await pf.getByLabel('Product name').fill(name);
  await pf.getByLabel('Price').fill(String(price));
  await pf.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('sale-line').getByText(name).waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText(`Saved: ₹${price} from Walk-in customer.`).waitFor();
}

test('two tabs selling in turn: all 20 sales are in the book after a reload', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url);
  await openApp(b, env.url);
  for (let k = 1; k <= 10; k++) {
    await sellNewProduct(a, `A item ${k}`, 10 + k);
    await sellNewProduct(b, `B item ${k}`, 100 + k);
  }
  // Both tabs already show all of it, without a reload...
  for (const page of [a, b]) {
    await page.bringToFront();
    await nav(page, 'Settings');
    await page.getByTestId('book-counts').getByText('Customers: 0 · Products: 20 · Sales: 20').waitFor({ timeout: 5000 });
  }
  // ...and so does the stored book.
  await a.reload();
  assert.equal(await bookCounts(a), 'Customers: 0 · Products: 20 · Sales: 20');
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('a customer added in one tab is found by the other tab\'s search without a reload', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url + '#/customers');
  await openApp(b, env.url);
  // The seller in tab B has already typed the name: nothing found yet, and the text stays.
  await b.getByTestId('page-sell').getByText('Who is buying?').waitFor();
  await b.getByTestId('buyer-search').fill('Meera');
  await a.getByRole('button', { name: 'Add customer' }).click();
  const form = a.getByTestId('customer-form');
  await form.getByLabel('Name').fill('Meera Nair');
  await form.getByLabel('Phone').fill('98470 12345');
  await form.getByRole('button', { name: 'Save' }).click();
  await a.getByTestId('customer-list').getByText('Meera Nair').waitFor();
  // Within a second or so, tab B finds her, and its typed search is untouched.
  await b.getByTestId('buyer-list').getByText('Meera Nair').waitFor({ timeout: 3000 });
  assert.equal(await b.getByTestId('buyer-search').inputValue(), 'Meera');
  // And the customer list in B has her too.
  await nav(b, 'Customers');
  await b.getByTestId('customer-list').getByText('Meera Nair').waitFor({ timeout: 3000 });

  // Deleted in A while B has her page open: B's sale to her is refused, in plain words.
  await b.getByTestId('customer-list').getByText('Meera Nair').click();
  await b.getByTestId('page-customer').getByRole('link', { name: 'Sell', exact: true }).click();
  await b.getByTestId('sale-buyer').getByText('Meera Nair').waitFor();
  await b.getByRole('button', { name: '+ New product' }).click();
  const pf = b.getByTestId('product-form');
  await pf.getByLabel('Product name').fill('Coconut oil');
  await pf.getByLabel('Price').fill('220');
  await pf.getByRole('button', { name: 'Save' }).click();
  await b.getByTestId('sale-line').getByText('Coconut oil').waitFor();
  a.on('dialog', (d) => d.accept());
  await a.getByTestId('customer-list').getByText('Meera Nair').click();
  await a.getByTestId('page-customer').getByRole('button', { name: 'Delete' }).click();
  await a.getByTestId('undo').waitFor();
  await b.getByRole('button', { name: 'Save sale' }).click();
  await b.getByText(/This customer was deleted in another window: nothing was saved\.|Part of this entry no longer exists/).waitFor();
  await nav(b, 'Settings');
  await b.getByTestId('book-counts').getByText('Customers: 0 · Products: 1 · Sales: 0').waitFor({ timeout: 5000 });
  await context.close();
});

test('a restore in one tab while the other is on Sell: the other shows the restored book, nothing mixed', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  a.on('dialog', (d) => d.accept());
  await openApp(a, env.url + '#/settings');
  await openApp(b, env.url);
  // Tab B sells from the old book, and has a second sale half entered.
  await sellNewProduct(b, 'Old book item', 55);
  await b.getByRole('button', { name: 'Walk-in' }).click();
  await b.getByTestId('product-chips').getByText(/Old book item/).click();
  await b.getByTestId('sale-line').getByText('Old book item').waitFor();

  // Tab A restores the sample shop's backup file.
  const bytes = fs.readFileSync('public/sample-shop.grahak');
  await a.getByTestId('restore-file').setInputFiles({ name: 'sample-shop.grahak', mimeType: 'application/octet-stream', buffer: bytes });
  await a.getByTestId('restore-preview').getByRole('button', { name: 'Restore this backup' }).click();
  await a.getByText('Backup restored.').waitFor({ timeout: 60000 });
  const counts = await bookCounts(a);
  assert.match(counts, /^Customers: 300 · Products: \d+ · Sales: 6,000$/);

  // Tab B says what happened and shows the restored book: the sample's products, not its own.
  await b.getByTestId('notice').getByText('The book was replaced in another window (restore or sample shop). This window now shows it.').waitFor({ timeout: 10000 });
  await b.getByTestId('product-chips').getByText(/Old book item/).waitFor({ state: 'detached' });
  // Its half-entered sale of an old-book product is refused, not mixed in.
  await b.getByRole('button', { name: 'Save sale' }).click();
  await b.getByTestId('sale-status').getByText(/nothing was saved/).or(b.getByText(/Part of this entry no longer exists/)).first().waitFor();
  await b.getByTestId('notice').getByRole('button', { name: 'OK' }).click();
  await nav(b, 'Settings');
  await b.getByTestId('book-counts').getByText(counts).waitFor({ timeout: 10000 });
  await b.reload();
  assert.equal(await bookCounts(b), counts);
  await context.close();
});

test('while the book opens no screen shows a false empty, and nothing typed is wiped', async () => {
  const context = await env.newContext();
  const setup = await context.newPage();
  setup.on('dialog', (d) => d.accept());
  await openApp(setup, env.url + '#/settings');
  await setup.getByRole('button', { name: 'Load sample shop' }).click();
  await setup.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  await setup.close();

  // Holds the book for 2.5 s at start, as a big book on a slow tablet does: a transaction over
  // every store that keeps itself busy, opened before the app asks to read.
  await context.addInitScript(() => {
    const req = indexedDB.open('grahak');
    req.onsuccess = () => {
      const db = req.result;
      const tx = db.transaction(Array.from(db.objectStoreNames), 'readwrite');
      const meta = tx.objectStore('meta');
      const end = Date.now() + 2500;
      const spin = () => { if (Date.now() < end) meta.get('spin').onsuccess = spin; };
      spin();
      tx.oncomplete = () => db.close();
    };
  });
  const page = await context.newPage();
  for (const [hash, testid, falsehood] of [
    ['#/customers', 'page-customers', 'No customers yet'],
    ['#/products', 'page-products', 'No products yet'],
    ['#/segments', 'page-segments', 'customers with purchases'],
  ]) {
    await page.goto('about:blank');
    await page.goto(env.url + hash);
    await page.getByTestId(testid).getByText('Opening your book…').waitFor();
    assert.equal(await page.getByText(falsehood).count(), 0, `${hash} while opening`);
    await page.getByTestId(testid).getByText('Opening your book…').waitFor({ state: 'detached', timeout: 10000 });
  }
  // On Sell, a name typed while the book opens stays, and finds the customer once it is open.
  await page.goto('about:blank');
  await page.goto(env.url);
  await page.getByTestId('buyer-search').fill('a');
  assert.equal(await page.getByTestId('buyer-list').locator('li').count(), 0, 'still opening');
  await page.getByTestId('buyer-list').locator('li').first().waitFor({ timeout: 10000 });
  assert.equal(await page.getByTestId('buyer-search').inputValue(), 'a');
  await page.getByTestId('buyer-search').pressSequentially('sha');
  assert.equal(await page.getByTestId('buyer-search').inputValue(), 'asha');
  await context.close();
});

test('a background change does not wipe a form being typed on the customer page', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url + '#/customers');
  await a.getByRole('button', { name: 'Add customer' }).click();
  await a.getByTestId('customer-form').getByLabel('Name').fill('Farida Khan');
  await a.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await a.getByTestId('customer-list').getByText('Farida Khan').click();
  await a.getByTestId('customer-stats').waitFor();
  await a.getByTestId('log-form').getByLabel('What happened?').fill('Wants basmati next week');
  await a.getByRole('button', { name: 'Edit' }).click();
  await a.getByTestId('customer-form').getByLabel('Area').fill('Mominpura');

  // Another tab sells to her.
  await openApp(b, env.url);
  await b.getByTestId('buyer-search').fill('Farida');
  await b.getByTestId('buyer-list').getByText('Farida Khan').click();
  await b.getByRole('button', { name: '+ New product' }).click();
  const pf = b.getByTestId('product-form');
  await pf.getByLabel('Product name').fill('Basmati');
  await pf.getByLabel('Price').fill('120');
  await pf.getByRole('button', { name: 'Save' }).click();
  await b.getByRole('button', { name: 'Save sale' }).click();
  await b.getByTestId('sale-status').getByText('Saved: ₹120 from Farida Khan.').waitFor();

  // Tab A shows the sale, and what was typed is still there.
  await a.bringToFront();
  await a.getByTestId('customer-stats').getByText(/Visits1Spent₹120/).waitFor({ timeout: 5000 });
  assert.equal(await a.getByTestId('log-form').getByLabel('What happened?').inputValue(), 'Wants basmati next week');
  assert.equal(await a.getByTestId('customer-form').getByLabel('Area').inputValue(), 'Mominpura');
  await a.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await a.getByTestId('customer-form').waitFor({ state: 'detached' });
  await a.getByTestId('page-customer').getByText('Mominpura').waitFor();
  await context.close();
});

test('an import checked in one tab is checked again when another tab saved meanwhile', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url + '#/settings');
  await a.getByTestId('import-panel').waitFor();
  await a.getByTestId('import-customers-file').setInputFiles({
    name: 'customers.csv', mimeType: 'text/csv',
    buffer: Buffer.from('Name,Mobile\nAsha,98765 43210\nRavi,98220 00001\n'),
  });
  await a.getByTestId('import-map').waitFor();
  await a.getByRole('button', { name: 'Check all rows' }).click();
  const ready = a.getByTestId('import-ready');
  await ready.getByText('Ready to import. Sales: 0 · New customers: 2 · New products: 0 · Rows left out: 0').waitFor();

  // Meanwhile the other tab adds Ravi with the same number.
  await openApp(b, env.url + '#/customers');
  await b.getByRole('button', { name: 'Add customer' }).click();
  await b.getByTestId('customer-form').getByLabel('Name').fill('Ravi Kumar');
  await b.getByTestId('customer-form').getByLabel('Phone').fill('98220 00001');
  await b.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await b.getByTestId('customer-list').getByText('Ravi Kumar').waitFor();

  // Import in the first tab checks every row again and shows the new counts before saving.
  await a.bringToFront();
  await a.getByTestId('book-counts').getByText('Customers: 1 · Products: 0 · Sales: 0').waitFor({ timeout: 5000 });
  await ready.getByRole('button', { name: 'Import' }).click();
  await a.getByText('The book changed since the check, so every row was checked again.', { exact: false }).waitFor();
  await ready.getByText('Ready to import. Sales: 0 · New customers: 1 · New products: 0 · Rows left out: 1').waitFor();
  await ready.getByRole('button', { name: 'Import' }).click();
  await a.getByTestId('book-counts').getByText('Customers: 2 · Products: 0 · Sales: 0').waitFor();
  await b.reload();
  await nav(b, 'Settings');
  assert.equal(await bookCounts(b), 'Customers: 2 · Products: 0 · Sales: 0');
  await context.close();
});

test('without BroadcastChannel (older browsers) tabs still hear of each other\'s writes', async () => {
  const context = await env.newContext();
  await context.addInitScript(() => { delete window.BroadcastChannel; });
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url + '#/customers');
  await openApp(b, env.url);
  assert.equal(await b.evaluate(() => typeof window.BroadcastChannel), 'undefined');
  await b.getByTestId('buyer-search').fill('Lakshmi');
  await a.getByRole('button', { name: 'Add customer' }).click();
  await a.getByTestId('customer-form').getByLabel('Name').fill('Lakshmi Iyer');
  await a.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await a.getByTestId('customer-list').getByText('Lakshmi Iyer').waitFor();
  await b.getByTestId('buyer-list').getByText('Lakshmi Iyer').waitFor({ timeout: 3000 });
  await context.close();
});

test('a language and a shop name saved in one tab show in the other at once', async () => {
  const context = await env.newContext();
  const a = await context.newPage();
  const b = await context.newPage();
  await openApp(a, env.url + '#/settings');
  await openApp(b, env.url + '#/customers');
  await a.bringToFront();
  await a.getByLabel('Shop name').fill('Sharma General Store');
  await a.locator('select[name=language]').selectOption('hi');
  await a.getByRole('button', { name: 'Save', exact: true }).first().click();
  await a.locator('nav.sections').getByRole('link', { name: 'बेचें' }).waitFor();
  // The other tab, without a reload: Hindi, the new name, and its page in Hindi too.
  await b.bringToFront();
  await b.locator('nav.sections').getByRole('link', { name: 'बेचें' }).waitFor();
  await b.getByTestId('shop-name').getByText('Sharma General Store').waitFor();
  await b.getByTestId('page-customers').getByText('अभी कोई ग्राहक नहीं।', { exact: false }).waitFor();
  assert.equal(await b.evaluate(() => document.documentElement.lang), 'hi');
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
