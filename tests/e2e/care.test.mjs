// After-sale care and the catalogue, as a seller does them: a complaint logged, kept open with a
// badge and listed until resolved; products added, refused when wrong, edited; sales entered
// with past dates give the customer's usual interval and favourite product. Reloads keep it all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function addCustomer(page, name, phone) {
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('Name').fill(name);
  await form.getByLabel('Phone').fill(phone);
  await form.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText(name).click();
  await page.getByTestId('customer-name').getByText(name).waitFor();
}

test('a complaint stays open with a badge until it is resolved', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  await addCustomer(page, 'Ravi Kumar', '98765 00001');

  const log = page.getByTestId('log-form');
  await log.getByRole('button', { name: 'Complaint' }).click();
  assert.equal(await log.getByRole('button', { name: 'Complaint' }).getAttribute('aria-pressed'), 'true');
  // A complaint must say what it is about.
  await log.getByRole('button', { name: 'Save' }).click();
  await log.getByText('Say what it is about.').waitFor();
  assert.equal(await page.getByTestId('open-issues').count(), 0);
  await log.getByLabel('What happened?').fill('Rice bag was torn');
  await log.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('open-badge').getByText('1 open').waitFor();
  assert.match(await page.getByTestId('open-issues').textContent(), /Complaint.*Rice bag was torn/);
  // A call needs no note and never stays open.
  await log.getByRole('button', { name: 'Call' }).click();
  await log.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-history').getByText(/· Call$/).waitFor();
  assert.equal(await page.getByTestId('open-issues').locator('li').count(), 1);

  // The customer list shows the badge and the list of open complaints, after a reload too.
  await page.reload();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('1 open').waitFor();
  const all = page.getByTestId('all-open-issues');
  await all.getByText('Open complaints (1)').click();
  await all.getByText(/Ravi Kumar · Complaint: Rice bag was torn/).click();

  // Resolved: the badge and the open list go, the history keeps it as resolved.
  await page.getByTestId('open-issues').getByRole('button', { name: 'Mark resolved' }).click();
  await page.getByTestId('open-issues').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('open-badge').count(), 0);
  await page.getByTestId('customer-history').getByText('Complaint (resolved)').waitFor();
  await page.reload();
  await page.getByTestId('customer-history').getByText('Complaint (resolved)').waitFor();
  assert.equal(await page.getByTestId('open-badge').count(), 0);
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('Ravi Kumar').waitFor();
  assert.equal(await page.getByTestId('all-open-issues').count(), 0);
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('the catalogue refuses bad products, edits good ones, and feeds the customer page', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url);
  await page.locator('nav.sections').getByRole('link', { name: 'Products' }).click();
  await page.getByText('No products yet. Add what you sell, with its price.').waitFor();

  await page.getByRole('button', { name: 'Add product' }).click();
  const form = page.getByTestId('product-form');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText("Enter the product's name.").waitFor();
  await form.getByText('Enter a price of zero or more, such as 45 or 45.50 (45,50 is read as 45.50).').waitFor();
  await form.getByLabel('Product name').fill('Basmati Rice');
  await form.getByLabel('Price').fill('abc');
  await form.getByLabel(/lasts a household/).fill('2.5');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Enter whole days from 1 to 3650, or leave it empty.').waitFor();
  assert.equal(await form.getByText("Enter the product's name.").count(), 0);
  await form.getByLabel('Price').fill('120');
  await form.getByLabel(/Unit/).fill('kg');
  await form.getByLabel(/Category/).fill('grains');
  await form.getByLabel(/lasts a household/).fill('30');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.waitFor({ state: 'detached' });
  const list = page.getByTestId('product-list');
  await list.getByText('Basmati Rice · ₹120 / kg').waitFor();
  await list.getByText('grains · lasts 30 days').waitFor();

  // The same name again (any case) is refused.
  await page.getByRole('button', { name: 'Add product' }).click();
  await form.getByLabel('Product name').fill('basmati  RICE');
  await form.getByLabel('Price').fill('99');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Basmati Rice is already in your products.').waitFor();
  await form.getByRole('button', { name: 'Cancel' }).click();

  // Edit the price.
  await list.getByText('Basmati Rice · ₹120 / kg').click();
  assert.equal(await form.getByLabel('Price').inputValue(), '120');
  await form.getByLabel('Price').fill('125');
  await form.getByRole('button', { name: 'Save' }).click();
  await list.getByText('Basmati Rice · ₹125 / kg').waitFor();
  await page.reload();
  await list.getByText('Basmati Rice · ₹125 / kg').waitFor();
  assert.equal(await list.locator('li').count(), 1);

  // Three sales a week apart, the first two entered late with their dates.
  const day = (offset) => page.evaluate((o) => {
    const d = new Date(Date.now() + o * 86400000);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  }, offset);
  await addCustomer(page, 'Meena', '98765 00002');
  for (const offset of [-14, -7, 0]) {
    await page.getByTestId('page-customer').getByRole('link', { name: 'Sell', exact: true }).click();
    await page.getByTestId('sale-buyer').getByText('Meena').waitFor();
    await page.getByTestId('product-chips').getByText('Basmati Rice · ₹125').click();
    if (offset) await page.getByTestId('sale-date').fill(await day(offset));
    await page.getByRole('button', { name: 'Save sale' }).click();
    await page.getByTestId('sale-status').getByText('Saved: ₹125 from Meena.').waitFor();
    await page.getByTestId('feedback').getByRole('button', { name: 'Skip' }).click();
    await page.goBack();
    await page.getByTestId('customer-name').getByText('Meena').waitFor();
  }
  await page.reload();
  await page.getByTestId('usual-interval').getByText('7 days').waitFor();
  assert.match(await page.getByTestId('customer-stats').textContent(), /Visits3Spent₹375/);
  assert.equal(await page.getByTestId('favourites').textContent(), 'Usually buys: Basmati Rice 3×');
  const history = await page.getByTestId('customer-history').textContent();
  // Dates as the seller reads them: "22 Nov 2026".
  const shown = (offset) => page.evaluate((o) => new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', year: 'numeric' })
    .format(new Date(Date.now() + o * 86400000)), offset);
  for (const offset of [-14, -7, 0]) assert.ok(history.includes(await shown(offset)), history);
  // Meena bought today: nothing is due. Kiran's 30-day rice ran out yesterday: due now.
  assert.equal(await page.getByTestId('due-products').count(), 0);
  await addCustomer(page, 'Kiran', '98765 00003');
  await page.getByTestId('page-customer').getByRole('link', { name: 'Sell', exact: true }).click();
  await page.getByTestId('product-chips').getByText('Basmati Rice · ₹125').click();
  await page.getByTestId('sale-date').fill(await day(-31));
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹125 from Kiran.').waitFor();
  await page.getByTestId('feedback').getByRole('button', { name: 'Skip' }).click();
  await page.goBack();
  await page.getByTestId('due-products').getByText(`Due for a refill: Basmati Rice (ran out ${await shown(-1)})`).waitFor();
  await context.close();
});
