// Segments on the sample shop: the R x F grid counts every customer with a purchase exactly once,
// the RFM segments partition them, a grid cell opens its members, and a customer's page says
// which segment they are in and why.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { start, openApp, foreignRequests, OUTPUT } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const RFM = ['Champions', 'Loyal', 'Potential loyalists', 'New customers', 'Promising', 'Need attention',
  'About to sleep', "Can't lose them", 'At risk', 'Hibernating'];

test('the grid and the RFM segments add up to the customers with purchases', async () => {
  const context = await env.newContext({ viewport: { width: 800, height: 1280 } });
  const page = await context.newPage();
  await openApp(page, env.url);
  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  const counts = await page.getByText(/customers, \d+ products/).textContent();
  const customers = Number(counts.match(/(\d+) customers/)[1]);

  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();
  const asOf = await page.getByTestId('segments-as-of').textContent();
  const buyers = Number(asOf.match(/(\d+) customers with purchases/)[1]);
  assert.ok(buyers > 0 && buyers <= customers, asOf);

  const cells = await page.getByTestId('rf-grid').locator('a.cell').allTextContents();
  assert.equal(cells.length, 25);
  assert.equal(cells.map(Number).reduce((a, b) => a + b, 0), buyers);

  const list = page.getByTestId('segment-list');
  const countOf = async (name) => {
    const row = list.locator('a', { has: page.getByText(name, { exact: true }) });
    return Number((await row.locator('.row-sub').textContent()).match(/^(\d+) customers/)[1]);
  };
  let inRfm = 0;
  for (const name of RFM) inRfm += await countOf(name);
  assert.equal(inRfm, buyers);
  assert.equal(await countOf('Prospects (no purchase yet)'), customers - buyers);
  await page.screenshot({ path: path.join(OUTPUT, 'segments.png'), fullPage: true });

  // The busiest cell opens its members, as many as it counted.
  const numbers = cells.map(Number);
  const best = numbers.indexOf(Math.max(...numbers));
  await page.getByTestId('rf-grid').locator('a.cell').nth(best).click();
  await page.getByTestId('page-segment-members').waitFor();
  const shown = Math.min(numbers[best], 200);
  assert.equal(await page.getByTestId('member-list').locator('li').count(), shown);
  // Sorted by visits: never increasing down the list.
  await page.getByRole('button', { name: 'Visits', exact: true }).click();
  const subs = await page.getByTestId('member-list').locator('.row-sub').allTextContents();
  const visits = subs.map((s) => Number(s.match(/Visits (\d+)/)[1]));
  assert.deepEqual(visits, [...visits].sort((a, b) => b - a));

  // A member's page names the segment and explains it.
  await page.getByTestId('member-list').locator('a').first().click();
  const why = await page.getByTestId('customer-segment').textContent();
  assert.match(why, /^Segment: .+Last visit \d+ days ago; \d+ visits; spent ₹[\d,.]+\. Scores R[1-5] F[1-5] M[1-5]\. Cut points: recency [\d.]+ \/ /);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
