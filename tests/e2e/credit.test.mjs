// Credit (udhaar) as a stall seller keeps it: a sale partly on credit, a part payment taken on
// the customer's page, too much refused until the seller keeps it as an advance, the who-owes
// list with the total, a credit limit that asks before a sale goes over it, a polite reminder
// in the customer's language, and all of it still there after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests, messages, startSale } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function sellRice(page, qty) {
  await startSale(page, { search: 'Ravi', buyer: 'Ravi Kumar', product: 'Rice', qty });
  await page.getByRole('button', { name: 'Credit (udhaar)' }).click();
}

test('sell on credit, take a part payment, see the balance and who owes; the limit asks first', { timeout: 180000 }, async () => {
  const context = await env.newContext();
  await context.route('https://wa.me/**', (r) => r.fulfill({ status: 200, body: 'WhatsApp' }));
  const page = await context.newPage();
  await openApp(page, env.url + '#/products');

  // A product, and a customer who reads Hindi, with a credit limit of ₹500.
  await page.getByRole('button', { name: 'Add product' }).click();
  const pf = page.getByTestId('product-form');
  await pf.getByLabel('Product name').fill('Rice');
  await pf.getByLabel('Price').fill('140');
  await pf.getByRole('button', { name: 'Save' }).click();
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByRole('button', { name: 'Add customer' }).click();
  const cf = page.getByTestId('customer-form');
  await cf.getByLabel('Name').fill('Ravi Kumar');
  await cf.getByLabel('Phone').fill('98765 11111');
  await cf.locator('select[name=language]').selectOption('hi');
  await cf.getByLabel(/Credit limit/).fill('five hundred');
  await cf.getByRole('button', { name: 'Save' }).click();
  await cf.getByText('Write an amount of zero or more, or leave it empty.').waitFor();
  await cf.getByLabel(/Credit limit/).fill('500');
  await cf.getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-list').getByText('Ravi Kumar').waitFor();

  // ₹280 of rice on credit, ₹80 paid now: ₹200 goes on his account.
  await sellRice(page, 2);
  await page.getByTestId('sale-owes').getByText('Owes ₹0 now').waitFor();
  await page.getByLabel(/Paid now/).fill('300');
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByText('That is the whole bill or more: choose Cash or UPI instead.').waitFor();
  await page.getByLabel(/Paid now/).fill('80');
  await page.getByTestId('sale-credit').getByText('On credit: ₹200').waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹280 from Ravi Kumar.').waitFor();

  // His page: the balance and its age; the sale says what was left on credit.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').getByText('Ravi Kumar').click();
  const card = page.getByTestId('credit-card');
  await card.getByTestId('credit-owed').getByText(/^Owes ₹200, unpaid since .* \(0 days\)$/).waitFor();
  await card.getByTestId('credit-limit').getByText('Credit limit: ₹500').waitFor();
  await page.getByTestId('customer-history').getByText('Credit (udhaar) · On credit: ₹200', { exact: false }).waitFor();

  // A part payment by UPI.
  await card.getByLabel('Amount received').fill('50');
  await card.getByRole('button', { name: 'UPI' }).click();
  await card.getByRole('button', { name: 'Record payment' }).click();
  await card.getByTestId('pay-status').getByText('Payment saved.').waitFor();
  await card.getByTestId('credit-owed').getByText(/^Owes ₹150,/).waitFor();
  await page.getByTestId('customer-history').getByText('Payment received · ₹50 · UPI', { exact: false }).waitFor();

  // Bad amounts and too much: refused, nothing saved, until he is asked about an advance.
  await card.getByLabel('Amount received').fill('abc');
  await card.getByRole('button', { name: 'Record payment' }).click();
  await card.getByText('Write the amount received, above zero.').waitFor();
  await card.getByLabel('Amount received').fill('500');
  await card.getByRole('button', { name: 'Record payment' }).click();
  await card.getByTestId('pay-surplus').getByText('That is ₹350 more than they owe. Keep it as an advance?').waitFor();
  await card.getByTestId('pay-surplus').getByRole('button', { name: 'Correct it' }).click();
  await card.getByTestId('credit-owed').getByText(/^Owes ₹150,/).waitFor();
  assert.equal(await page.getByTestId('customer-history').getByText('Payment received').count(), 1);

  // Who owes: him, with the shop's total.
  await page.goto(env.url + '#/owed');
  await page.getByTestId('owed-total').getByText('1 customer owes ₹150 in all.').waitFor();
  await page.getByTestId('owed-list').getByText('Ravi Kumar').waitFor();
  await page.getByTestId('owed-list').getByText(/^₹150 · since .* \(0 days\)$/).waitFor();

  // Over his ₹500 limit: ₹150 + ₹420 asks first; "Correct it" saves nothing, "Save anyway" saves.
  await sellRice(page, 3);
  await page.getByTestId('sale-owes').getByText('Owes ₹150 now').waitFor();
  await page.getByRole('button', { name: 'Save sale' }).click();
  const ask = page.getByTestId('sale-over-limit');
  await ask.getByText('This takes Ravi Kumar to ₹570 owed, over their limit of ₹500. Save anyway?').waitFor();
  await ask.getByRole('button', { name: 'Correct it' }).click();
  assert.equal(await ask.count(), 0);
  await page.getByRole('button', { name: 'Save sale' }).click();
  await ask.getByRole('button', { name: 'Save anyway' }).click();
  await page.getByTestId('sale-status').getByText('Saved: ₹420 from Ravi Kumar.').waitFor();

  // A polite reminder in his Hindi, with the amount, logged when sent.
  await page.goto(env.url + '#/owed');
  await page.getByTestId('owed-total').getByText('1 customer owes ₹570 in all.').waitFor();
  await page.getByTestId('owed-list').getByText('Ravi Kumar').click();
  await page.getByTestId('credit-owed').getByText(/^Owes ₹570,/).waitFor();
  await page.getByTestId('remind').click();
  const hi = messages('hi');
  await page.waitForFunction((t) => document.querySelector('textarea[name=message]')?.value === t, hi.TplReminder);
  const message = page.getByTestId('message-card');
  const preview = (await message.getByTestId('message-preview').textContent()).trim();
  assert.ok(preview.startsWith('नमस्ते Ravi Kumar जी') && preview.includes('₹570'), preview);
  const link = message.getByTestId('send-whatsapp');
  assert.equal(new URL(await link.getAttribute('href')).searchParams.get('text'), preview);
  const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await popup.close();
  await message.getByTestId('message-status').getByText('Logged on their timeline.').waitFor();

  // After a reload everything is still there; an advance once he pays more than he owes.
  await page.reload();
  await page.getByTestId('credit-owed').getByText(/^Owes ₹570,/).waitFor();
  const again = page.getByTestId('credit-card');
  await again.getByLabel('Amount received').fill('600');
  await again.getByRole('button', { name: 'Record payment' }).click();
  await again.getByTestId('pay-surplus').getByRole('button', { name: 'Keep as advance' }).click();
  await again.getByTestId('credit-owed').getByText('Nothing owed.').waitFor();
  await again.getByTestId('credit-advance').getByText('Paid ahead: ₹30').waitFor();
  await page.goto(env.url + '#/owed');
  await page.getByTestId('owed-none').getByText('Nobody owes anything.').waitFor();

  assert.deepEqual(foreignRequests(context, env.url).filter((u) => !u.startsWith('https://wa.me/')), []);
  await context.close();
});
