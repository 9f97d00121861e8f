// A wholesale buyer who orders every ten days, entered from the notebook: once ten days have
// passed since his last order he is on the reorder-due list with his usual basket, one tap
// starts that order on Sell, and once it is saved he is off the list.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('repeat a wholesale order from the reorder-due list', { timeout: 180000 }, async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/products');
  const day = (offset) => page.evaluate((o) => {
    const d = new Date(Date.now() + o * 86400000);
    return `${String(d.getDate()).padStart(2, '0')}/${String(d.getMonth() + 1).padStart(2, '0')}/${d.getFullYear()}`;
  }, offset);

  for (const [name, price, unit] of [['Rice', '40', 'kg'], ['Oil', '150', 'L'], ['Salt', '20', 'kg']]) {
    await page.getByRole('button', { name: 'Add product' }).click();
    const pf = page.getByTestId('product-form');
    await pf.getByLabel('Product name').fill(name);
    await pf.getByLabel('Price').fill(price);
    await pf.getByLabel(/Unit/).fill(unit);
    await pf.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`${name} · ₹${price} / ${unit}`).waitFor();
  }
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  const cf = page.getByTestId('customer-form');
  await cf.getByLabel('Name').fill('Hotel Saravana');
  await cf.getByLabel('Wholesale buyer').check();
  await cf.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText('Hotel Saravana').waitFor();

  // His orders 30, 20 and 10 days ago: rice and oil each time, salt once.
  for (const [ago, salt] of [[30, false], [20, true], [10, false]]) {
    await page.locator('nav.sections').getByRole('link', { name: 'Sell' }).click();
    await page.getByTestId('buyer-search').fill('Saravana');
    await page.getByTestId('buyer-list').getByText('Hotel Saravana').click();
    const chips = page.getByTestId('product-chips');
    await chips.getByRole('button', { name: /^Rice/ }).click();
    await chips.getByRole('button', { name: /^Oil/ }).click();
    if (salt) await chips.getByRole('button', { name: /^Salt/ }).click();
    await page.getByTestId('sale-line').nth(0).getByLabel('Qty').fill('25');
    await page.getByTestId('sale-line').nth(1).getByLabel('Qty').fill('5');
    await page.getByTestId('sale-date').fill(await day(-ago));
    await page.getByRole('button', { name: 'Save sale' }).click();
    await page.getByTestId('sale-status').getByText('Saved:', { exact: false }).waitFor();
  }

  // Due today: every 10 days, his usual rice and oil (salt was once of three).
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('reorder-due').click();
  const list = page.getByTestId('reorder-list');
  await list.getByText('Hotel Saravana').waitFor();
  await list.getByText(/^10 days · last order .* · 0 days late$/).waitFor();
  assert.equal(await list.getByTestId('reorder-basket').textContent(), 'Rice 25 kg, Oil 5 L');

  // One tap: the order on Sell, for him, paid the usual way; saved.
  await list.getByRole('button', { name: 'Start this order' }).click();
  await page.getByTestId('sale-buyer').getByText('Hotel Saravana').waitFor();
  assert.equal(await page.getByTestId('sale-line').count(), 2);
  await page.getByTestId('sale-total').getByText('₹1,750').waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹1,750 from Hotel Saravana.').waitFor();

  await page.goto(env.url + '#/reorder');
  await page.getByTestId('reorder-none').getByText('No wholesale buyer is due to order again.').waitFor();
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
