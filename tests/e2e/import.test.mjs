// CSV import: the import screen (part of the app) guesses columns (also from Hindi headers),
// lets the seller change them over a preview, lists rejected rows in a downloadable report, and
// saves everything in one step that the app sees at once; closing the tab at any point leaves
// the book whole.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, openApp, foreignRequests, bookCounts, OUTPUT } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function openImport(page) {
  await openApp(page, env.url + '#/settings');
  await page.getByTestId('import-panel').waitFor();
}

async function choose(page, which, name, text) {
  const buffer = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  await page.getByTestId(`import-${which}-file`).setInputFiles({ name, mimeType: 'text/csv', buffer });
}

const counts = bookCounts;

test('a sales file: columns guessed and changed over a preview, bad rows reported, one save', async () => {
  const context = await env.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await openImport(page);
  assert.equal(await counts(page), 'Customers: 0 · Products: 0 · Sales: 0');

  // Not text at all, then a file whose amount column is left out: refused, nothing saved.
  await choose(page, 'sales', 'photo.csv', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00]));
  await page.getByTestId('import-status').getByText('This file is not CSV text.', { exact: false }).waitFor();

  const csv = '\ufeffतारीख;Bill;ग्राहक;Item;Qty;राशि;Payment\r\n' +
    '2026-11-01;B1;+91 98765 43210;Rice;2;240;cash\r\n' +
    '2026-11-01;B1;+91 98765 43210;Dal;1;240;cash\r\n' +
    '05/11/2026;B2;Asha <b>Stores</b>;Tea;1;50;upi\r\n' +
    '31/02/2026;B3;Bina;Oil;1;90;cash\r\n' +
    '07.11.2026;;Chandra;=SUM(A1);1;abc;cash\r\n';
  await choose(page, 'sales', 'sales.csv', csv);
  const map = page.getByTestId('import-map');
  await map.waitFor();
  await page.getByText('5 rows. Check what each column holds', { exact: false }).waitFor();
  const picked = async (header) => map.getByRole('combobox', { name: header }).evaluate((s) => s.selectedOptions[0].textContent);
  assert.equal(await picked('तारीख'), 'Date');
  assert.equal(await picked('Bill'), 'Receipt or bill number');
  assert.equal(await picked('ग्राहक'), 'Customer (phone, code or name)');
  assert.equal(await picked('Item'), 'Product');
  assert.equal(await picked('राशि'), 'Sale total');
  // The file's text is shown as text, never as markup.
  await map.getByText('Asha <b>Stores</b>').waitFor();
  assert.equal(await map.locator('b').count(), 0);

  // Leaving out the amount is refused before any row is checked.
  await map.getByRole('combobox', { name: 'राशि' }).selectOption({ label: '(leave out)' });
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await page.getByTestId('import-status').getByText("Choose the column that holds: Sale total (or each line's amount, or its rate).").waitFor();
  await map.getByRole('combobox', { name: 'राशि' }).selectOption({ label: 'Sale total' });
  // Choosing a meaning twice moves it: "Qty" as the sale total frees "राशि".
  await map.getByRole('combobox', { name: 'Qty' }).selectOption({ label: 'Sale total' });
  assert.equal(await picked('राशि'), '(leave out)');
  await map.getByRole('combobox', { name: 'Qty' }).selectOption({ label: 'Quantity' });
  await map.getByRole('combobox', { name: 'राशि' }).selectOption({ label: 'Sale total' });

  await page.getByRole('button', { name: 'Check all rows' }).click();
  const ready = page.getByTestId('import-ready');
  await ready.getByText('Ready to import. Sales: 2 · New customers: 2 · New products: 3 · Rows left out: 2').waitFor();
  // Checked, not saved.
  assert.equal(await counts(page), 'Customers: 0 · Products: 0 · Sales: 0');

  const [file] = await Promise.all([
    page.waitForEvent('download'),
    ready.getByRole('button', { name: 'Download left-out rows' }).click(),
  ]);
  const to = path.join(OUTPUT, file.suggestedFilename());
  await file.saveAs(to);
  assert.match(file.suggestedFilename(), /^grahak-left-out-rows-\d{4}-\d{2}-\d{2}\.csv$/);
  const report = fs.readFileSync(to, 'utf8').split('\r\n');
  assert.equal(report[0], '\ufeffline,reason,तारीख,Bill,ग्राहक,Item,Qty,राशि,Payment');
  assert.equal(report[1], '5,date is not like 2026-11-22 or 22/11/2026,31/02/2026,B3,Bina,Oil,1,90,cash');
  assert.equal(report[2], "6,amount is not a number,07.11.2026,,Chandra,'=SUM(A1),1,abc,cash");

  await ready.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-status').getByText('Imported and saved. Sales: 2 · New customers: 2 · New products: 3').waitFor();
  // The app reads the book again at once.
  await page.getByTestId('book-counts').getByText('Customers: 2 · Products: 3 · Sales: 2').waitFor();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('Asha <b>Stores</b>').waitFor();

  // Durable: a fresh page reads the same book.
  await page.reload();
  await openApp(page, env.url + '#/settings');
  assert.equal(await counts(page), 'Customers: 2 · Products: 3 · Sales: 2');
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('a notebook bill with a Customer Name column and an amount on each line imports whole', async () => {
  const context = await env.newContext({ viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  await openImport(page);
  await choose(page, 'sales', 'notebook.csv',
    'Date,Bill No,Customer Name,Phone,Item,Qty,Rate,Amount\n' +
    '2026-11-20,1,Asha,9876543210,Rice,2,50,100\n' +
    '2026-11-20,1,Asha,9876543210,Dal,1,140,140\n' +
    '2026-11-21,2,Ravi,9812345678,Oil,3,150,450\n' +
    '2026-11-21,3,Ravi,9812345678,Oil,1.5,120,180\n');
  const map = page.getByTestId('import-map');
  await map.waitFor();
  const picked = async (header) => map.getByRole('combobox', { name: header }).evaluate((s) => s.selectedOptions[0].textContent);
  assert.equal(await picked('Customer Name'), 'Customer (phone, code or name)');
  assert.equal(await picked('Amount'), 'Line amount (quantity x rate)');
  // The column table fits the screen, a column per row, each choice a finger tall.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 800));
  const select = await map.getByRole('combobox', { name: 'Amount' }).boundingBox();
  assert.ok(select.height >= 48 && select.x + select.width <= 800, JSON.stringify(select));
  await map.getByText('100 · 140 · 450 · 180').waitFor();
  await page.getByRole('button', { name: 'Check all rows' }).click();
  const ready = page.getByTestId('import-ready');
  await ready.getByText('Ready to import. Sales: 3 · New customers: 2 · New products: 3', { exact: false }).waitFor();
  await ready.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('book-counts').getByText('Customers: 2 · Products: 3 · Sales: 3').waitFor();
  // Bill 1 is one sale of two lines: ₹240.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('Asha').click();
  await page.getByTestId('customer-stats').waitFor();
  assert.match(await page.getByTestId('customer-stats').textContent(), /Visits1Spent₹240/);
  assert.match(await page.getByTestId('page-customer').textContent(), /\+91 98765 43210/);
  await context.close();
});

test('a customers file: new customers saved, a phone already in the book left out', async () => {
  const context = await env.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  await openImport(page);
  await choose(page, 'customers', 'customers.csv',
    'Name,Mobile,Area,Tags\nAsha,98765 43210,Market Road,regular; wholesale\nBina,98765 43210,,\n,99887 76655,,\nChandra,12,,\n');
  await page.getByTestId('import-map').waitFor();
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await page.getByTestId('import-ready').getByText('Ready to import. Sales: 0 · New customers: 1 · New products: 0 · Rows left out: 3').waitFor();
  await page.getByTestId('import-ready').getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('book-counts').getByText('Customers: 1 · Products: 0 · Sales: 0').waitFor();
  await context.close();
});

test('closing the tab while a big file is checked, or while it is saved, leaves the book whole', async () => {
  const context = await env.newContext();
  let page = await context.newPage();
  await openImport(page);
  // 100k sales of 2,000 customers: about a second or more of checking on this machine.
  const rows = ['date,customer,product,quantity,amount'];
  for (let k = 0; k < 100000; k++) {
    const day = String(1 + (k % 28)).padStart(2, '0');
    rows.push(`2026-10-${day},+91 9${String(800000000 + (k % 2000)).padStart(9, '0')},Item ${k % 50},1,${10 + (k % 90)}`);
  }
  const big = rows.join('\n');
  const before = await counts(page);

  await choose(page, 'sales', 'big.csv', big);
  await page.getByTestId('import-map').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Check all rows' }).click();
  await page.getByTestId('import-progress').waitFor();
  await page.close({ runBeforeUnload: false });

  page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  assert.equal(await counts(page), before);

  // Cut off while saving: all of the file or none of it.
  await page.getByTestId('import-panel').waitFor();
  await choose(page, 'sales', 'big.csv', big);
  await page.getByTestId('import-map').waitFor({ timeout: 60000 });
  await page.getByRole('button', { name: 'Check all rows' }).click();
  const ready = page.getByTestId('import-ready');
  await ready.getByText('Ready to import. Sales: 1,00,000 · New customers: 2,000 · New products: 50 · Rows left out: 0').waitFor({ timeout: 60000 });
  await ready.getByRole('button', { name: 'Import' }).click();
  await page.close({ runBeforeUnload: false });

  page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  const after = await counts(page);
  assert.ok(after === before || after === 'Customers: 2000 · Products: 50 · Sales: 100000', after);
  await context.close();
});

test('a sales file imported while Sell is open in the same tab: its customers are found on Sell at once', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/sell');
  const search = page.getByTestId('buyer-search');
  await search.fill('Zubair');
  await page.getByTestId('buyer-list').locator('li').first().waitFor({ state: 'detached', timeout: 2000 }).catch(() => {});
  assert.equal(await page.getByTestId('buyer-list').locator('li').count(), 0);

  // To Settings and back by the navigation: the same page, no reload.
  await page.getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('import-panel').waitFor();
  await choose(page, 'sales', 'notebook.csv',
    'Date,Customer,Product,Qty,Amount\n2026-11-01,Zubair Khan,Rice,2,240\n2026-11-02,ज़ुबैर,Dal,1,90\n');
  await page.getByTestId('import-map').waitFor();
  await page.getByRole('button', { name: 'Check all rows' }).click();
  const ready = page.getByTestId('import-ready');
  await ready.getByText('Ready to import. Sales: 2 · New customers: 2 · New products: 2', { exact: false }).waitFor();
  await ready.getByRole('button', { name: 'Import' }).click();
  await page.getByTestId('import-status').getByText('Imported and saved', { exact: false }).waitFor();

  const loads = await page.evaluate(() => performance.getEntriesByType('navigation').length);
  await page.getByRole('link', { name: 'Sell' }).click();
  await page.getByTestId('buyer-search').fill('Zubair');
  await page.getByTestId('buyer-list').getByText('Zubair Khan').waitFor();
  await page.getByTestId('buyer-search').fill('ज़ुबैर');
  await page.getByTestId('buyer-list').getByText('ज़ुबैर').waitFor();
  assert.equal(await page.evaluate(() => performance.getEntriesByType('navigation').length), loads);
  await context.close();
});
