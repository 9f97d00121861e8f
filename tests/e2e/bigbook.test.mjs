// A big book (issue 14): a generated backup of 200k sales by 20k customers
// (target/big-book-200000.grahak, written by scripts/test.sh) restored through Settings with a
// progress bar, then a cold start visiting every screen. No main-thread task may run longer than
// LONG_TASK_MS (PerformanceObserver 'longtask'), and every count shown must be the book's.
// The 50 ms is what scripts/bench-big.mjs measures on a quiet machine; on a shared CI
// machine a stray 50-60 ms task (a garbage collection, another process) is common, so this test
// guards at 100 ms: a step that does a whole big book in one task (the old restore froze for
// minutes, the old start for over a second) fails it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { start, openApp, foreignRequests } from './harness.mjs';

const FILE = 'target/big-book-200000.grahak';
const LONG_TASK_MS = Number(process.env.LONG_TASK_MS || 100);

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

/** The counts in the backup's header. */
function headerCounts(bytes) {
  const text = bytes.subarray(0, bytes.indexOf('\n\n')).toString();
  const n = (k) => Number(text.match(new RegExp(`^${k} (\\d+)$`, 'm'))[1]);
  return { customers: n('customers'), products: n('products'), sales: n('purchases') };
}

const grouped = (n) => n.toLocaleString('en-IN');

/** The long tasks that started after `since` (ms of the page's clock), with the screen. */
async function longTasks(page, since = 0) {
  return page.evaluate((t0) => window.__long.filter(([, start]) => start >= t0)
    .map(([hash, start, d]) => [hash, Math.round(start), d]), since);
}
const now = (page) => page.evaluate(() => performance.now());

test('a 200k-sale book restores with progress, every screen opens and it backs up and exports without a long task', { timeout: 600000 }, async () => {
  assert.ok(fs.existsSync(FILE), `${FILE} is missing: BIG_BOOKS=200000 cargo test --test big_book -- --ignored`);
  const counts = headerCounts(fs.readFileSync(FILE));
  const context = await env.newContext({ viewport: { width: 800, height: 1280 }, acceptDownloads: true });
  await context.addInitScript(() => {
    window.__long = [];
    window.__progress = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__long.push([location.hash, e.startTime, Math.round(e.duration)]);
    }).observe({ type: 'longtask', buffered: true });
    // Every time the restore's progress bar shows.
    new MutationObserver(() => {
      if (document.querySelector('[data-testid=backup-progress] progress')) window.__progress += 1;
    }).observe(document, { childList: true, subtree: true });
  });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  const over = (tasks) => tasks.filter(([, , d]) => d > LONG_TASK_MS);

  // Restore: checked and previewed, then written, a part at a time.
  await openApp(page, env.url + '#/settings');
  await page.getByTestId('book-counts').getByText(/^Customers: /).waitFor();
  const chosen = await now(page);
  await page.getByTestId('restore-file').setInputFiles(FILE);
  const preview = page.getByTestId('restore-preview');
  await preview.getByText(`Customers: ${grouped(counts.customers)}`, { exact: false }).waitFor({ timeout: 120000 });
  await preview.getByRole('button', { name: 'Restore this backup' }).click();
  await page.getByText('Backup restored.').waitFor({ timeout: 120000 });
  assert.ok(await page.evaluate(() => window.__progress) > 0, 'the progress bar showed');
  assert.deepEqual(over(await longTasks(page, chosen)), [], 'restore');
  await page.getByTestId('book-counts')
    .getByText(`Customers: ${grouped(counts.customers)} · Products: ${grouped(counts.products)} · Sales: ${grouped(counts.sales)}`).waitFor();

  // Someone to sell to: the newest customer.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  const newest = page.getByTestId('customer-list').locator('.row-main').first();
  await newest.waitFor({ timeout: 60000 });
  const name = (await newest.textContent()).trim().split('\n')[0].trim();

  // A cold start on Sell (from the first moment of the page): the buyer is found by name at
  // once, while the sales may still be being read.
  await page.goto('about:blank');
  await openApp(page, env.url);
  await page.getByTestId('buyer-search').fill(name);
  await page.getByTestId('buyer-list').getByText(name).first().waitFor({ timeout: 60000 });
  // Sold at once: a save made while the sales are read waits for them.
  await page.getByTestId('buyer-list').getByText(name).first().click();
  await page.getByTestId('product-chips').locator('button.chip').first().click();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText(/^Saved: /).waitFor({ timeout: 60000 });
  counts.sales += 1;

  // Customers: everyone counted, reachable page by page.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  const pager = page.getByTestId('customer-pager').locator('span');
  await pager.getByText(`1–50 of ${grouped(counts.customers)}`).waitFor({ timeout: 60000 });
  assert.equal(await page.getByTestId('customer-list').locator('li').count(), 50);
  await page.getByTestId('customer-pager').getByRole('button', { name: 'Next' }).click();
  await pager.getByText(`51–100 of ${grouped(counts.customers)}`).waitFor();
  const second = await page.getByTestId('customer-list').locator('.row-main').allTextContents();
  assert.equal(second.length, 50);

  await page.locator('nav.sections').getByRole('link', { name: 'Products' }).click();
  await page.getByTestId('product-list').locator('li').first().waitFor();

  // Segments: the grid adds up to the customers with purchases; a segment lists all its members.
  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();
  const asOf = await page.getByTestId('segments-as-of').textContent({ timeout: 60000 });
  const buyers = Number(asOf.match(/([\d,]+) customers with purchases/)[1].replaceAll(',', ''));
  assert.ok(buyers > counts.customers / 2 && buyers <= counts.customers, asOf);
  const cells = (await page.getByTestId('rf-grid').locator('a.cell').allTextContents()).map((t) => Number(t.replaceAll(',', '')));
  assert.equal(cells.reduce((a, b) => a + b, 0), buyers);
  const champions = page.getByTestId('segment-list').locator('a', { has: page.getByText('Champions', { exact: true }) });
  const size = Number((await champions.locator('.row-sub').textContent()).match(/^([\d,]+) customers?\b/)[1].replaceAll(',', ''));
  await champions.click();
  await page.getByTestId('member-pager').locator('span')
    .getByText(`1–50 of ${grouped(size)}`).waitFor({ timeout: 60000 });

  // A customer's page.
  await page.getByTestId('member-list').locator('a').first().click();
  await page.getByTestId('customer-history').waitFor();

  // Campaigns: a win-back for a big audience, worked out as the choice changes, started, and
  // one member marked sent.
  await page.locator('nav.sections').getByRole('link', { name: 'Campaigns' }).click();
  await page.getByTestId('ready-WinBack').click();
  const audience = page.getByTestId('campaign-audience');
  await audience.getByText(/customers? will get it/).waitFor({ timeout: 60000 });
  const first = await audience.textContent();
  await page.locator('input[data-slug=hibernating]').check();
  await page.waitForFunction((t) => document.querySelector('[data-testid=campaign-audience]').textContent !== t, first);
  const members = (await audience.textContent()).match(/^([\d,]+) customers/)[1];
  await page.getByTestId('campaign-start').click();
  const progress = page.getByTestId('campaign-progress');
  await progress.getByText(`0 of ${members} sent`).waitFor({ timeout: 60000 });
  await page.getByTestId('send-list').getByTestId('mark-sent').first().click();
  await progress.getByText(`1 of ${members} sent`).waitFor({ timeout: 60000 });

  // Who owes and who is due to reorder: whole-book lists, worked out in slices.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('who-owes').click();
  await page.getByTestId('owed-total').getByText(/^[\d,]+ customers owe ₹[\d,.]+ in all\.$/).waitFor({ timeout: 60000 });
  assert.equal(await page.getByTestId('owed-list').locator('li').count(), 25);
  const owed = await page.getByTestId('owed-total').textContent();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('reorder-due').click();
  await page.getByTestId('reorder-list').locator('li').first().waitFor({ timeout: 60000 });

  // Insights: the figures first, then the forecasts and what is owed (the same as Who owes),
  // all in slices; the segment bars add up to every customer.
  await page.locator('nav.sections').getByRole('link', { name: 'Insights' }).click();
  await page.getByTestId('insight-figures').waitFor({ timeout: 60000 });
  await page.getByTestId('forecast-table').getByTestId('forecast-product').first().waitFor({ timeout: 60000 });
  await page.getByTestId('held-card').getByTestId('owed-total').getByText(owed, { exact: true }).waitFor({ timeout: 60000 });
  const sizes = (await page.getByTestId('segment-bars').locator('.bar-value').allTextContents())
    .map((t) => Number(t.replaceAll(',', '')));
  assert.equal(sizes.reduce((a, b) => a + b, 0), counts.customers);

  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  await page.getByTestId('book-counts')
    .getByText(`Customers: ${grouped(counts.customers)} · Products: ${grouped(counts.products)} · Sales: ${grouped(counts.sales)}`).waitFor();
  // Background work (segment details) finishes in slices too.
  await page.waitForTimeout(2000);
  assert.deepEqual(over(await longTasks(page)), [], 'opening and every screen');

  // A backup and a sales export of the whole book, in parts.
  const saved = async (button) => {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: 120000 }),
      page.getByRole('button', { name: button }).click(),
    ]);
    return fs.readFileSync(await file.path());
  };
  const before = await now(page);
  const backup = await saved('Download backup');
  assert.deepEqual(headerCounts(backup), counts);
  const csv = (await saved('Sales as CSV')).toString();
  const receipts = new Set(csv.trim().split('\r\n').slice(1).map((r) => r.split(',')[1]));
  assert.equal(receipts.size, counts.sales);
  assert.deepEqual(over(await longTasks(page, before)), [], 'backup and export');
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
