// Backups: the reminder after a week with changes, a download that holds the whole book, a
// restore that is checked and previewed before it replaces anything, and damaged or foreign files
// refused with the book untouched.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { start, openApp, foreignRequests, bookCounts, OUTPUT } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const content = (bytes) => bytes.subarray(bytes.indexOf('\n\n') + 2);

async function download(page) {
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Download backup' }).click(),
  ]);
  const to = path.join(OUTPUT, file.suggestedFilename());
  await file.saveAs(to);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(to) };
}

async function choose(page, name, buffer) {
  await page.getByTestId('restore-file').setInputFiles({ name, mimeType: 'application/octet-stream', buffer });
}

test('backup, change, restore, backup: the book comes back exactly and bad files change nothing', async () => {
  const context = await env.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await openApp(page, env.url + '#/settings');
  await page.getByTestId('last-backup').getByText('No backup yet.').waitFor();
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  const counts = await bookCounts(page);
  // A year of sales and never a backup: the reminder is up.
  await page.getByTestId('backup-reminder').getByText('No backup yet: if this tablet is lost, so is your book.').waitFor();

  const first = await download(page);
  assert.match(first.name, /^grahak-backup-\d{4}-\d{2}-\d{2}\.grahak$/);
  const header = first.bytes.subarray(0, first.bytes.indexOf('\n\n')).toString();
  assert.match(header, /^GRAHAK-BACKUP 1\napp \S+\nschema 6\ncreated \d+\ncustomers 300\nproducts \d+\ninteractions \d+\nsegments 0\ncampaigns 0\nsnapshots 1\npurchases 6000\nsha256 [0-9a-f]{64}$/);
  await page.getByTestId('backup-status').getByText('Backup downloaded.', { exact: false }).waitFor();
  await page.getByTestId('last-backup').getByText(/^Last backup: \d{1,2} [A-Z][a-z]{2} \d{4}\.$/).waitFor();
  assert.equal(await page.getByTestId('backup-reminder').count(), 0);

  // A change after the backup.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  await page.getByTestId('customer-form').getByLabel('Name').fill('Zed After Backup');
  await page.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText('Zed After Backup').waitFor();

  // Foreign and damaged files: refused with the reason, nothing replaced.
  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  await choose(page, 'customers.csv', Buffer.from('name,phone\nAsha,9876543210\n'));
  await page.getByText('This file is not a Grahak backup. Nothing was changed.').waitFor();
  const damaged = Buffer.from(first.bytes);
  damaged[damaged.length - 100] ^= 0x20;
  await choose(page, 'damaged.grahak', damaged);
  await page.getByText('This backup is damaged or incomplete. Nothing was changed.').waitFor();
  await choose(page, 'cut.grahak', first.bytes.subarray(0, first.bytes.length - 5000));
  await page.getByText('This backup is damaged or incomplete. Nothing was changed.').waitFor();
  assert.equal(await page.getByTestId('restore-preview').count(), 0);
  assert.notEqual(await bookCounts(page), counts);

  // The good file: previewed first, then restored whole.
  await choose(page, first.name, first.bytes);
  const preview = page.getByTestId('restore-preview');
  await preview.getByText(/^Backup of \d{1,2} [A-Z][a-z]{2} \d{4}\. Customers: 300 · Products: \d+ · Sales: 6,000 · Contacts and complaints: \d+ · Own segments: 0 · Campaigns: 0$/).waitFor();
  await preview.getByRole('button', { name: 'Restore this backup' }).click();
  await page.getByText('Backup restored.').waitFor();
  await page.getByTestId('book-counts').getByText(counts).waitFor();

  // Still so after a reload, and the new customer is gone.
  await page.reload();
  await page.getByTestId('book-counts').getByText(counts).waitFor();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-search').fill('Zed After');
  await page.getByText('Zed After Backup').waitFor({ state: 'detached' });

  // Backup -> restore -> backup: the same content.
  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  const second = await download(page);
  assert.ok(content(second.bytes).equals(content(first.bytes)), 'same content after a restore');
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('customers, sales and a segment list export as CSV that Excel reads as typed', async () => {
  const context = await env.newContext({ acceptDownloads: true });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await openApp(page, env.url + '#/settings');
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });

  const save = async (button) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: button }).click()]);
    const to = path.join(OUTPUT, file.suggestedFilename());
    await file.saveAs(to);
    return { name: file.suggestedFilename(), text: fs.readFileSync(to, 'utf8') };
  };
  const customers = await save('Customers as CSV');
  assert.match(customers.name, /^grahak-customers-\d{4}-\d{2}-\d{2}\.csv$/);
  assert.ok(customers.text.startsWith('\ufeffname,phone,code,area,type,tags,notes,language,offers,offers since,visits,spent,average,last visit,days since last visit,segment,rfm,owed,credit limit,points\r\n'));
  const rows = customers.text.trim().split('\r\n');
  assert.equal(rows.length, 301);
  // Phone numbers stay text: an apostrophe keeps Excel from reading "+91..." as a formula.
  assert.ok(rows.some((r) => /,'\+91\d{10},/.test(r)), rows[1]);
  assert.ok(!rows.some((r) => /(^|,)[=+\-@]/.test(r)), 'no cell starts like a formula');
  // Who owes what: customers with credit sales owe (the sample shop has no payments yet).
  assert.ok(rows.slice(1).some((r) => /,R\dF\dM\d,\d+(\.\d+)?,,$/.test(r)), 'an owed amount after the RFM cell');

  const sales = await save('Sales as CSV');
  assert.ok(sales.text.startsWith('\ufeffdate,receipt,customer phone,customer,product,quantity,unit price,line total,amount,payment,status,remark,on credit,points used,points earned\r\n'));
  // A sale on credit: all of it on credit (the sample shop's credit sales were never part-paid).
  assert.ok(/,([\d.]+),credit,,,\1,,\r\n/.test(sales.text), 'a credit sale with its amount on credit');
  const receipts = new Set(sales.text.trim().split('\r\n').slice(1).map((r) => r.split(',')[1]));
  assert.equal(receipts.size, 6000);

  // A segment's members.
  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();
  await page.getByTestId('segment-list').getByText('Champions', { exact: true }).click();
  await page.getByTestId('page-segment-members').waitFor();
  const shown = await page.getByTestId('member-pager').getByText(/^1–\d+ of [\d,]+$/).textContent();
  const members = Number(shown.match(/of ([\d,]+)/)[1].replace(/,/g, ''));
  const list = await save('Export this list (CSV)');
  assert.match(list.name, /^grahak-segment-champions-/);
  const lines = list.text.trim().split('\r\n');
  assert.equal(lines.length, members + 1);
  assert.ok(lines.slice(1).every((l) => l.includes(',champions,')), lines[1]);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('closing the tab during a restore leaves the book whole: all old or all new', async () => {
  const context = await env.newContext({ acceptDownloads: true });
  let page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await openApp(page, env.url + '#/settings');
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  const full = await bookCounts(page);
  const backup = await download(page);
  // One more customer after the backup: the restore must end with exactly the backup (the
  // customer gone) or, cut off, with exactly the book before it (the customer still there).
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  await page.getByTestId('customer-form').getByLabel('Name').fill('Only Before Restore');
  await page.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText('Only Before Restore').waitFor();
  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  const before = await bookCounts(page);
  await choose(page, backup.name, backup.bytes);
  await page.getByTestId('restore-preview').getByRole('button', { name: 'Restore this backup' }).click();
  await page.close({ runBeforeUnload: false });

  page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  const after = await bookCounts(page);
  assert.ok(after === before || after === full, `${after} is neither ${before} nor ${full}`);
  await context.close();
});
