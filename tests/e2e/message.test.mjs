// A personal message from the customer's page: the text that suits them, in their own
// language, filled with what the book knows, sent through a WhatsApp link that carries exactly
// that text, and logged on their timeline; a template naming something unknown is refused.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests, messages } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('a win-back message in the customer\'s Hindi, sent on WhatsApp with exactly that text and logged', { timeout: 120000 }, async () => {
  const context = await env.newContext();
  // The seller's tap opens WhatsApp: answered here instead of by the real site.
  await context.route('https://wa.me/**', (r) => r.fulfill({ status: 200, body: 'WhatsApp' }));
  const page = await context.newPage();
  const hi = messages('hi');
  await openApp(page, env.url + '#/settings');
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });
  await page.locator('nav.sections').getByRole('link', { name: 'Customers' }).click();
  await page.getByTestId('customer-list').locator('a', { hasText: '+91' }).first().click();
  const name = (await page.getByTestId('customer-name').textContent()).trim();

  // She reads Hindi; the shop is in English.
  await page.getByRole('button', { name: 'Edit', exact: true }).click();
  await page.getByTestId('customer-form').locator('select[name=language]').selectOption('hi');
  await page.getByTestId('customer-form').getByRole('button', { name: 'Save' }).click();
  await page.getByTestId('customer-language').getByText('हिन्दी').waitFor();

  const card = page.getByTestId('message-card');
  await card.getByRole('button', { name: 'Win back' }).click();
  const box = card.locator('textarea[name=message]');
  await page.waitForFunction((t) => document.querySelector('textarea[name=message]').value === t, hi.TplWinBack);
  const preview = (await card.getByTestId('message-preview').textContent()).trim();
  assert.ok(preview.startsWith(`नमस्ते ${name} जी!`), preview);
  assert.ok(!preview.includes('{'), preview);

  // The link carries exactly what she will read.
  const link = card.getByTestId('send-whatsapp');
  const href = await link.getAttribute('href');
  const url = new URL(href);
  assert.equal(url.origin + url.pathname.replace(/\d+$/, ''), 'https://wa.me/');
  assert.match(url.pathname, /^\/91\d{10}$/);
  assert.equal(url.searchParams.get('text'), preview);
  const sms = await card.getByTestId('send-sms').getAttribute('href');
  assert.equal(decodeURIComponent(sms.split('?body=')[1]), preview);
  const [popup] = await Promise.all([context.waitForEvent('page'), link.click()]);
  await popup.close();
  await card.getByTestId('message-status').getByText('Logged on their timeline.').waitFor();
  await page.reload();
  await page.getByTestId('customer-history').getByText('Message', { exact: false }).first().waitFor();
  assert.ok((await page.getByTestId('customer-history').textContent()).includes(preview.slice(0, 20)));

  // What goes with their buying, across all customers, is offered, and fills {recommended_product}.
  const offer = (await page.getByTestId('recommended').textContent()).replace(/^You could offer: /, '').split(', ');
  assert.ok(offer.length >= 1 && offer.length <= 3 && offer.every((p) => p.length > 0), offer.join('|'));
  await card.getByRole('button', { name: 'New stock' }).click();
  await page.waitForFunction((t) => document.querySelector('textarea[name=message]').value === t, hi.TplNewStock);
  await card.getByTestId('message-preview').getByText(offer[0], { exact: false }).waitFor();

  // A placeholder Grahak cannot fill is refused, and nothing can be sent.
  await box.fill('नमस्ते {nmae}');
  await card.getByText('Grahak cannot fill in “nmae”.', { exact: false }).waitFor();
  assert.equal(await card.getByTestId('send-whatsapp').count(), 0);

  const foreign = foreignRequests(context, env.url);
  assert.ok(foreign.every((u) => u.startsWith('https://wa.me/')), foreign.join('\n'));
  await context.close();
});
