// The customer book as a new seller uses it: add a customer with a Hindi name and a phone typed
// loosely, find them by part of the number and by name, open their page, fix a detail, and see
// bad input refused with a message next to the field. Everything is still there after a reload.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

async function addCustomer(page, { name, phone, area }) {
  await page.getByRole('button', { name: 'Add customer' }).click();
  const form = page.getByTestId('customer-form');
  await form.getByLabel('Name').fill(name);
  if (phone !== undefined) await form.getByLabel('Phone').fill(phone);
  if (area !== undefined) await form.getByLabel('Area').fill(area);
  await form.getByRole('button', { name: 'Save' }).click();
  return form;
}

test('add, find, open, edit a customer; it all survives a reload', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/customers');
  await page.getByText('No customers yet.').waitFor();

  const form = await addCustomer(page, { name: ' आशा  शर्मा ', phone: '098765 43210', area: 'सदर बाज़ार' });
  await form.waitFor({ state: 'detached' });
  const list = page.getByTestId('customer-list');
  await list.getByText('आशा शर्मा').waitFor();
  await addCustomer(page, { name: 'Ravi Kumar', phone: '+91 91234-56789' });
  await list.getByText('Ravi Kumar').waitFor();

  // Find by a run of phone digits, and by the Hindi name.
  const search = page.getByTestId('customer-search');
  await search.fill('54321');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=customer-list] li').length === 1);
  assert.match(await list.textContent(), /आशा शर्मा/);
  await search.fill('शर्मा');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=customer-list] li').length === 1);
  await search.fill('zzz');
  await page.getByText('Nobody matches.').waitFor();

  // Her page: normalised number, call and WhatsApp buttons, no visits yet.
  await search.fill('आशा');
  await list.getByText('आशा शर्मा').click();
  await page.getByTestId('customer-name').getByText('आशा शर्मा').waitFor();
  assert.equal(await page.getByRole('link', { name: 'Call' }).getAttribute('href'), 'tel:+919876543210');
  assert.equal(await page.getByRole('link', { name: 'WhatsApp', exact: true }).getAttribute('href'), 'https://wa.me/919876543210');
  assert.match(await page.getByTestId('customer-stats').textContent(), /Visits0.*Last visitnever/);

  // Fix her name; reload; still fixed.
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('customer-form').getByLabel('Name').fill('आशा देवी शर्मा');
  await page.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-name').getByText('आशा देवी शर्मा').waitFor();
  // Her consent to offers is dated when she gives it.
  const today = await page.evaluate(() => new Intl.DateTimeFormat('en-IN', { day: 'numeric', month: 'short', year: 'numeric' }).format(new Date()));
  await page.getByTestId('customer-consent').getByText(`No offers, since ${today}`).waitFor();
  await page.getByRole('button', { name: 'Edit' }).click();
  await page.getByTestId('customer-form').getByLabel('Agrees to offers on WhatsApp').check();
  await page.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-consent').getByText(`Offers on WhatsApp, since ${today}`).waitFor();
  await page.reload();
  await page.getByTestId('customer-name').getByText('आशा देवी शर्मा').waitFor();
  await page.getByTestId('customer-consent').getByText(`Offers on WhatsApp, since ${today}`).waitFor();
  await page.getByRole('link', { name: 'All customers' }).click();
  await page.getByTestId('customer-list').getByText('Ravi Kumar').waitFor();
  assert.deepEqual(foreignRequests(context, env.url), []);
  await context.close();
});

test('bad input is refused next to the field and nothing is saved', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/customers');
  await page.getByText('No customers yet.').waitFor();

  const form = await addCustomer(page, { name: '   ', phone: '12345' });
  await form.getByText('Enter a name.').waitFor();
  await form.getByText('Enter a 10-digit mobile number starting with 6, 7, 8 or 9.').waitFor();
  await form.getByLabel('Phone').fill('98765abc10');
  await form.getByRole('button', { name: 'Save' }).click();
  await form.getByText('Use only digits, spaces, dashes and a leading +.').waitFor();
  await form.getByRole('button', { name: 'Cancel' }).click();
  await page.getByText('No customers yet.').waitFor();

  // A number already in the book: say whose it is and offer to open them.
  await addCustomer(page, { name: 'Meena', phone: '9812345678' });
  await page.getByTestId('customer-list').getByText('Meena').waitFor();
  const twin = await addCustomer(page, { name: 'Meena 2', phone: '+91 98123 45678' });
  await twin.getByText('This number already belongs to Meena.').waitFor();
  await twin.getByRole('link', { name: 'Open Meena' }).click();
  await page.getByTestId('customer-name').getByText('Meena').waitFor();

  await page.reload();
  await page.getByTestId('customer-name').waitFor();
  await openApp(page, env.url + '#/customers');
  await page.getByTestId('customer-list').waitFor();
  assert.equal(await page.locator('[data-testid=customer-list] li').count(), 1);
  await context.close();
});

test('a regular from the sample shop shows their visits and spending', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByTestId('sample-status').getByText('Sample shop loaded.').waitFor({ timeout: 20000 });
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').locator('li').first().waitFor();
  await page.getByTestId('customer-list').locator('li').first().click();
  const stats = await page.getByTestId('customer-stats').textContent();
  const visits = Number(/Visits(\d+)/.exec(stats)[1]);
  assert.ok(visits > 0, stats);
  assert.match(stats, /Spent₹[\d,]+/);
  await context.close();
});

test('deleting asks first, can be undone, and frees the number', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await openApp(page, env.url + '#/customers');
  await page.getByText('No customers yet.').waitFor();
  await addCustomer(page, { name: 'Ravi Kumar', phone: '9123456789' });
  await page.getByTestId('customer-list').getByText('Ravi Kumar').click();
  await page.getByTestId('customer-name').waitFor();

  // Declined: nothing happens.
  page.once('dialog', (d) => { assert.match(d.message(), /Delete Ravi Kumar\?/); d.dismiss(); });
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.waitForTimeout(200);
  assert.equal(await page.getByTestId('customer-name').textContent(), 'Ravi Kumar');

  // Confirmed: back to the list, with Undo.
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('undo').getByText('Ravi Kumar deleted.').waitFor();
  await page.getByText('No customers yet.').waitFor();
  await page.getByTestId('undo').getByRole('button', { name: 'Undo' }).click();
  await page.getByTestId('customer-list').getByText('Ravi Kumar').waitFor();

  // Deleted for good (after a reload there is no undo), and the number is free for someone new.
  await page.getByTestId('customer-list').getByText('Ravi Kumar').click();
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Delete' }).click();
  await page.getByTestId('undo').waitFor();
  await page.reload();
  await page.getByText('No customers yet.').waitFor();
  assert.equal(await page.getByTestId('undo').count(), 0);
  await addCustomer(page, { name: 'Sunil', phone: '91234 56789' });
  await page.getByTestId('customer-list').getByText('Sunil').waitFor();
  await context.close();
});

test('a name typed on a Latin keyboard finds customers written in Devanagari, and the list sorts by name or last visit', async () => {
  const context = await env.newContext();
  const page = await context.newPage();
  await page.goto(env.url + '#/settings');
  page.once('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByTestId('sample-status').getByText('Sample shop loaded.').waitFor({ timeout: 20000 });
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  const list = page.getByTestId('customer-list');
  await page.getByTestId('customer-search').fill('शर्मा');
  await list.locator('li').first().waitFor();
  const written = await list.locator('.row-main').allTextContents();
  assert.ok(written.length > 0 && written.every((n) => n.includes('शर्मा')), written.join(', '));
  for (const typed of ['sharma', 'sarma']) {
    await page.getByTestId('customer-search').fill(typed);
    await list.getByText('शर्मा').first().waitFor();
    const found = await list.locator('.row-main').allTextContents();
    for (const name of written) assert.ok(found.includes(name), `${typed}: ${name} not in ${found.join(', ')}`);
  }
  // On Sell too; its Recent list starts with the latest buyer.
  await page.locator('nav.sections').getByRole('link', { name: 'Sell' }).click();
  await page.getByTestId('buyer-search').fill('sharma');
  await page.getByTestId('buyer-list').getByText('शर्मा').first().waitFor();
  await page.getByTestId('buyer-search').fill('');
  const latest = (await page.getByTestId('buyer-list').locator('.row-main').first().textContent()).trim();

  // The whole list in the order chosen, with how many there are.
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await list.locator('li').first().waitFor();
  const pager = page.getByTestId('customer-pager').locator('span');
  assert.equal(await pager.textContent(), '1–50 of 300');
  await page.getByRole('button', { name: 'Name', exact: true }).click();
  await page.waitForFunction(() => {
    const n = [...document.querySelectorAll('[data-testid=customer-list] .row-main')].map((e) => e.firstChild.textContent.toLowerCase());
    return n.length === 50 && n.every((x, i) => i === 0 || n[i - 1] <= x);
  });
  await page.getByRole('button', { name: 'Last visit', exact: true }).click();
  await page.waitForFunction((name) => document.querySelector('[data-testid=customer-list] .row-main')?.firstChild.textContent === name, latest);
  assert.equal(await pager.textContent(), '1–50 of 300');
  await context.close();
});
