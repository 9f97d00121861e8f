// Loyalty points as a seller runs them: rules turned on in Settings (bad values refused), points
// earned on one sale and spent on the next (more than held refused), shown in the running
// total, bonus points by hand with a reason, the ledger and tier on the customer's page, and a
// rule change that leaves past points as they were.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests, startSale } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

const sellRice = (page, qty) => startSale(page, { search: 'Asha', buyer: 'Asha Patel', product: 'Rice', qty });

test('earn points on one sale and spend them on the next; bonus, ledger, tier; rules never rewrite history', { timeout: 180000 }, async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');

  // The rules: off until turned on; a negative number is refused next to its field.
  const form = page.getByTestId('loyalty-form');
  assert.equal(await form.locator('input[name=loyalty-on]').isChecked(), false);
  await form.locator('input[name=loyalty-on]').check();
  await form.getByLabel('Points for every 100 spent').fill('-1');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Write a whole number in the allowed range.').waitFor();
  await form.getByLabel('Points for every 100 spent').fill('10');
  await form.getByLabel(/Points expire after/).fill('30');
  await form.locator('input[name=tier-name-0]').fill('Silver');
  await form.locator('input[name=tier-spend-0]').fill('300');
  await form.locator('input[name=tier-name-1]').fill('Gold');
  await form.locator('input[name=tier-spend-1]').fill('100');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Each tier needs more spending than the one above it.').waitFor();
  await form.locator('input[name=tier-spend-1]').fill('5000');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByTestId('loyalty-status').getByText('Loyalty rules saved.', { exact: false }).waitFor();

  // A product and a customer.
  await page.locator('nav.sections').getByRole('link', { name: 'Products' }).click();
  await page.getByRole('button', { name: 'Add product' }).click();
  const pf = page.getByTestId('product-form');
  await pf.getByLabel('Product name').fill('Rice');
  await pf.getByLabel('Price').fill('140');
  await pf.getByRole('button', { name: 'Save' }).click();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  const cf = page.getByTestId('customer-form');
  await cf.getByLabel('Name').fill('Asha Patel');
  await cf.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText('Asha Patel').waitFor();

  // ₹280 earns 20 points (10 per full ₹100).
  await sellRice(page, 2);
  await page.getByTestId('sale-points').getByText('0 points, worth ₹0').waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹280 from Asha Patel.').waitFor();

  // The next sale spends them: more than held is refused; 15 take ₹15 off.
  await sellRice(page, 1);
  await page.getByTestId('sale-points').getByText('20 points, worth ₹20').waitFor();
  const spend = page.getByLabel('Points to spend (up to 20)');
  await spend.fill('25');
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByText('They hold only 20 points.').waitFor();
  await spend.fill('15');
  await page.getByTestId('sale-points-off').getByText('Points: −₹15 · to pay ₹125').waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹140 from Asha Patel.').waitFor();

  // Her page: 20 − 15 + 10 (earned on the ₹125 paid) = 15; the ledger; her tier.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('Asha Patel').click();
  const card = page.getByTestId('points-card');
  await card.getByTestId('points-balance').getByText('15 points, worth ₹15').waitFor();
  const ledger = card.getByTestId('points-ledger');
  await ledger.getByText('Earned +20', { exact: false }).waitFor();
  await ledger.getByText('Spent −15', { exact: false }).waitFor();
  await ledger.getByText('Earned +10', { exact: false }).waitFor();
  await card.getByTestId('points-tier').getByText('Tier: Silver (spent ₹420 in 12 months)').waitFor();
  await card.getByTestId('points-expiring').getByText(/^15 expire by /).waitFor();

  // Bonus points by hand: a reason is needed.
  await card.getByLabel('Bonus points').fill('50');
  await card.getByRole('button', { name: 'Give points' }).click();
  await card.getByText('Write why (up to 100 letters).').waitFor();
  await card.getByLabel('Why').fill('Diwali');
  await card.getByRole('button', { name: 'Give points' }).click();
  await card.getByTestId('bonus-status').getByText('Points given.').waitFor();
  await card.getByTestId('points-balance').getByText('65 points, worth ₹65').waitFor();
  await ledger.getByText('Bonus +50 · Diwali', { exact: false }).waitFor();
  await page.getByTestId('customer-history').getByText('Points given · 50', { exact: false }).waitFor();

  // The loyalty segments: her points expire within 30 days, and she is in Silver; member lists
  // show points.
  await page.locator('nav.sections').getByRole('link', { name: 'Segments' }).click();
  await page.getByTestId('segment-list').getByText('Points about to expire (30 days)').click();
  const members = page.getByTestId('page-segment-members');
  await members.getByText('Asha Patel').waitFor();
  await members.getByText('65 points, worth ₹65', { exact: false }).waitFor();
  await page.goBack();
  await page.getByTestId('segment-list').getByText('Tier: Silver').click();
  await page.getByTestId('page-segment-members').getByText('Asha Patel').waitFor();
  await page.goto(env.url + '#/segments');
  await page.getByTestId('segment-list').getByText('Tier: Gold').click();
  await page.getByTestId('page-segment-members').getByText('Asha Patel').waitFor({ state: 'detached' });
  await page.goBack();

  // A rule change never rewrites what was earned; and it all survives a reload.
  await page.goto(env.url + '#/settings');
  await page.getByTestId('loyalty-form').getByLabel('Points for every 100 spent').fill('1');
  await page.getByTestId('loyalty-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('loyalty-status').getByText('Loyalty rules saved.', { exact: false }).waitFor();
  await page.goto(env.url + '#/customers');
  await page.getByTestId('customer-list').getByText('Asha Patel').click();
  await page.reload();
  await page.getByTestId('points-balance').getByText('65 points, worth ₹65').waitFor();
  // The rules themselves are kept on the device too.
  await page.goto(env.url + '#/settings');
  const kept = page.getByTestId('loyalty-form');
  assert.equal(await kept.locator('input[name=loyalty-on]').isChecked(), true);
  assert.equal(await kept.getByLabel('Points for every 100 spent').inputValue(), '1');
  assert.equal(await kept.locator('input[name=tier-name-0]').inputValue(), 'Silver');

  // Insights counts the points every customer holds (only Asha has any).
  await page.goto(env.url + '#/insights');
  await page.getByTestId('points-total').getByText('Customers hold 65 points, worth ₹65.').waitFor({ timeout: 30000 });

  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});
