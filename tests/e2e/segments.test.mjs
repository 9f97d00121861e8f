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
  const counts = await page.getByText(/^Customers: [\d,]+ · Products/).textContent();
  const customers = Number(counts.match(/^Customers: ([\d,]+)/)[1].replaceAll(',', ''));

  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();
  const asOf = await page.getByTestId('segments-as-of').textContent();
  const buyers = Number(asOf.match(/([\d,]+) customers with purchases/)[1].replaceAll(',', ''));
  assert.ok(buyers > 0 && buyers <= customers, asOf);

  // What each group means, in plain words first.
  const help = page.getByTestId('segment-help');
  await help.locator('summary').first().click();
  await help.getByText('Champions: came lately, come often and spend the most. Thank them.').waitFor();
  const cells = await page.getByTestId('rf-grid').locator('a.cell').allTextContents();
  assert.equal(cells.length, 25);
  assert.equal(cells.map(Number).reduce((a, b) => a + b, 0), buyers);

  const list = page.getByTestId('segment-list');
  const countOf = async (name) => {
    const row = list.locator('a', { has: page.getByText(name, { exact: true }) });
    return Number((await row.locator('.row-sub').textContent()).match(/^([\d,]+) customers?\b/)[1].replaceAll(',', ''));
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
  // A page of 50 at a time, and the pager says how many there are in all.
  const shown = Math.min(numbers[best], 50);
  assert.equal(await page.getByTestId('member-list').locator('li').count(), shown);
  assert.equal(await page.getByTestId('member-pager').locator('span').textContent(),
    `1–${shown} of ${numbers[best].toLocaleString('en-IN')}`);
  // Sorted by visits: never increasing down the list.
  await page.getByRole('button', { name: 'Visits', exact: true }).click();
  const subs = await page.getByTestId('member-list').locator('.row-sub').allTextContents();
  const visits = subs.map((s) => Number(s.match(/Visits: (\d+)/)[1]));
  assert.deepEqual(visits, [...visits].sort((a, b) => b - a));

  // A member's page names the segment and explains it.
  await page.getByTestId('member-list').locator('a').first().click();
  // A sentence first; the numbers one tap away.
  const lead = await page.getByTestId('customer-lead').textContent();
  assert.match(lead, /^(Has come once|Comes often|Comes now and then|Has come a few times) and (spends a lot|spends about as much as most|spends less than most); last came (today|yesterday|\d+ days? ago)\.$/);
  assert.match(await page.getByTestId('customer-segment').textContent(), /Segment: /);
  const behind = page.getByTestId('customer-numbers');
  assert.equal(await behind.isVisible(), false);
  await page.getByTestId('customer-segment').getByText('The numbers').click();
  assert.match(await behind.textContent(), /^Days since the last visit: \d+ · Visits: \d+ · Spent: ₹[\d,.]+\. Scores R[1-5] F[1-5] M[1-5]\. Cut points: days [\d.]+ \/ /);
  const link = await page.getByTestId('customer-segment').locator('a').boundingBox();
  assert.ok(link.height >= 48, `segment link ${link.height} px tall`);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('a custom segment counts live while editing, is saved, survives a reload, and can be edited and deleted', async () => {
  const context = await env.newContext({ viewport: { width: 800, height: 1280 }, acceptDownloads: true });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await openApp(page, env.url);
  await page.locator('nav.sections').getByRole('link', { name: 'Settings' }).click();
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();

  await page.getByRole('button', { name: 'New segment' }).click();
  const form = page.getByTestId('segment-form');
  const count = form.getByTestId('segment-count');
  const matching = async () => Number((await count.textContent()).match(/^(\d+) customers match now\.$/)?.[1] ?? NaN);
  // An empty amount is pointed out next to the condition, and nothing is counted.
  await form.getByText('Type a number here.').waitFor();
  assert.equal(await count.textContent(), '—');
  // Nameless: refused under the name.
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Type a number here.').waitFor();

  const conditions = form.getByTestId('rule-condition');
  await conditions.nth(0).getByLabel('Value').fill('5000');
  const spenders = await matching();
  assert.ok(spenders > 0, await count.textContent());
  // A second condition in the same group: all of them must hold.
  await form.getByRole('button', { name: '+ Condition' }).click();
  await conditions.nth(1).getByLabel('What to look at').selectOption({ label: 'Visits' });
  await conditions.nth(1).getByLabel('Value').fill('1000');
  assert.equal(await matching(), 0);
  await form.getByTestId('rule-group').locator('select').first().selectOption({ label: 'any of these' });
  assert.equal(await matching(), spenders);
  await conditions.nth(1).getByRole('button', { name: 'Remove' }).click();
  assert.equal(await conditions.count(), 1);
  assert.equal(await conditions.nth(0).getByLabel('Value').inputValue(), '5000');

  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Give the segment a name.').waitFor();
  await form.getByLabel('Name of the segment').fill('Big spenders');
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Segment saved.').waitFor();

  // Listed with the built-ins, and durable.
  await page.reload();
  await page.getByTestId('page-segments').waitFor();
  const row = page.getByTestId('custom-list').locator('li', { hasText: 'Big spenders' });
  const sub = await row.locator('.row-sub').textContent();
  assert.equal(Number(sub.match(/^([\d,]+) customers?\b/)[1].replaceAll(',', '')), spenders);

  // Its members all spent at least ₹5,000.
  await row.locator('a').click();
  await page.getByTestId('page-segment-members').waitFor();
  assert.equal(await page.locator('h1').textContent(), 'Big spenders');
  const subs = await page.getByTestId('member-list').locator('.row-sub').allTextContents();
  assert.equal(subs.length, Math.min(spenders, 50));
  for (const s of subs) {
    const spent = Number(s.match(/Spent: ₹([\d,.]+)/)[1].replace(/,/g, ''));
    assert.ok(spent >= 5000, s);
  }
  // Its list downloads under its name, not an id.
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export this list (CSV)' }).click()]);
  assert.match(file.suggestedFilename(), /^grahak-segment-big-spenders-\d{4}-\d{2}-\d{2}\.csv$/);

  // Edit: a higher bar, fewer members; then delete.
  await page.getByRole('link', { name: 'All segments' }).click();
  await page.getByTestId('custom-list').locator('li', { hasText: 'Big spenders' }).getByRole('button', { name: 'Edit' }).click();
  await form.getByTestId('rule-condition').nth(0).getByLabel('Value').fill('20000');
  const fewer = await matching();
  assert.ok(fewer < spenders, `${fewer} < ${spenders}`);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Segment saved.').waitFor();
  const edited = await page.getByTestId('custom-list').locator('.row-sub').first().textContent();
  assert.equal(Number(edited.match(/^([\d,]+) customers?\b/)[1].replaceAll(',', '')), fewer);
  await page.getByTestId('custom-list').getByRole('button', { name: 'Edit' }).click();
  await form.getByRole('button', { name: 'Delete' }).click();
  await page.getByText('Segment deleted.').waitFor();
  assert.equal(await page.getByTestId('custom-list').locator('li').count(), 0);
  await page.screenshot({ path: path.join(OUTPUT, 'custom-segment.png'), fullPage: true });
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
