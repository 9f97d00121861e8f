// A campaign as a seller runs one on the sample shop: a ready-made win-back, bad input refused
// next to its field with nothing saved, a preview per member, a member's WhatsApp link carrying
// exactly their text, marked sent and still sent after a reload, logged on their timeline, and
// a purchase by that customer moving the campaign's conversion.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { start, openApp, foreignRequests } from './harness.mjs';

let env;
before(async () => { env = await start(); });
after(async () => { await env?.close(); });

test('a win-back campaign: built, refused when wrong, sent, kept across a reload, and its result moves', { timeout: 180000 }, async () => {
  const context = await env.newContext();
  await context.route('https://wa.me/**', (r) => r.fulfill({ status: 200, body: 'WhatsApp' }));
  const page = await context.newPage();
  await openApp(page, env.url + '#/settings');
  page.on('dialog', (d) => d.accept());
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByText('Sample shop loaded.').waitFor({ timeout: 60000 });

  await page.locator('nav.sections').getByRole('link', { name: 'Campaigns' }).click();
  await page.getByTestId('campaigns-none').waitFor();
  await page.getByTestId('campaign-new').getByRole('button', { name: 'Win back' }).click();
  const form = page.getByTestId('campaign-builder');
  assert.equal(await form.locator('input[name=campaign-name]').inputValue(), 'Win back');
  assert.ok(await form.locator('input[data-slug=at-risk]').isChecked());
  assert.ok(await form.locator('input[data-slug=cant-lose]').isChecked());
  assert.ok(!(await form.locator('input[data-slug=champions]').isChecked()));

  // Who gets it, and what each rule left out.
  const audience = form.getByTestId('campaign-audience');
  await audience.getByText(/customers? will get it/).waitFor();
  const [members, chosen, held] = (await audience.textContent()).match(/[\d,]+/g).map((n) => Number(n.replace(/,/g, '')));
  assert.ok(members > 5 && members < chosen, await audience.textContent());
  const consent = Number((await form.getByTestId('removed-consent').textContent()).match(/\d+/)[0]);
  assert.ok(consent > 0, 'the sample shop has customers without consent');
  assert.ok(held >= 0 && members + held <= chosen);

  // The preview: a member's text with everything filled in, and another member's.
  const text = form.locator('textarea[name=text-en]');
  await page.waitForFunction(() => document.querySelector('textarea[name=text-en]')?.value.includes('{offer}'));
  // Each member reads it in their own language (the sample shop's customers read all five).
  const preview = form.getByTestId('campaign-preview-text');
  await preview.getByText(/10/).waitFor();
  const first = (await preview.textContent()).trim();
  const reader = (await form.getByTestId('campaign-preview').locator('.hint').textContent()).replace(' will read:', '');
  assert.ok(first.includes(reader) && !first.includes('{'), first);
  await form.getByTestId('preview-next').click();
  await page.waitForFunction((t) => document.querySelector('[data-testid=campaign-preview-text]').textContent.trim() !== t, first);

  // Bad input is refused next to its field, and nothing is saved.
  await form.locator('input[name=offer-value]').fill('150');
  await text.fill('Namaste {naam}, {offer}');
  await form.locator('input[name=holdout]').fill('70');
  await form.getByTestId('campaign-start').click();
  await form.getByText('A discount is a whole number from 1 to 100.').waitFor();
  await form.getByText('Grahak cannot fill in “naam”.', { exact: false }).waitFor();
  await form.getByText('Write a share from 0 to 50.').waitFor();
  await form.locator('input[name=offer-value]').fill('-5');
  await form.getByText('A discount is a whole number from 1 to 100.').waitFor();
  assert.equal(await page.getByTestId('campaign-list').count(), 0);
  // Nobody chosen: an empty audience is refused too.
  await form.locator('input[data-slug=at-risk]').uncheck();
  await form.locator('input[data-slug=cant-lose]').uncheck();
  await form.getByText('Nobody would get it', { exact: false }).waitFor();
  await form.locator('input[data-slug=at-risk]').check();
  await form.locator('input[data-slug=cant-lose]').check();
  await form.locator('input[name=offer-value]').fill('10');
  await form.locator('input[name=holdout]').fill('10');
  await text.fill('Namaste {name}! We miss you at {shop}. Come this week for {offer} on your {favourite_product}.');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=campaign-builder] .field-error[role=alert]').length === 0);

  // Started: the audience is fixed and the sending list opens.
  await form.getByTestId('campaign-start').click();
  await page.getByTestId('page-campaign').waitFor();
  const progress = page.getByTestId('campaign-progress');
  await progress.getByText(`0 of ${members} sent`).waitFor();
  await page.getByTestId('results-trust').waitFor();

  // A member's WhatsApp link carries exactly the text shown for them.
  const row = page.getByTestId('send-list').getByTestId('send-row').first();
  const name = (await row.locator('.row-main').textContent()).trim();
  const shown = (await row.locator('.preview').textContent()).trim();
  assert.ok(shown.includes(name) && /10/.test(shown) && !shown.includes('{'), shown);
  const href = await row.getByTestId('send-whatsapp').getAttribute('href');
  const url = new URL(href);
  assert.equal(url.origin, 'https://wa.me');
  assert.match(url.pathname, /^\/91\d{10}$/);
  assert.equal(url.searchParams.get('text'), shown);
  const sms = await row.getByTestId('send-sms').getAttribute('href');
  assert.equal(decodeURIComponent(sms.split('?body=')[1]), shown);
  const [popup] = await Promise.all([context.waitForEvent('page'), row.getByTestId('send-whatsapp').click()]);
  await popup.close();
  await row.getByTestId('mark-sent').click();
  await page.getByTestId('send-status').getByText('Marked sent and logged on their timeline.').waitFor();
  await progress.getByText(`1 of ${members} sent`).waitFor();

  // Kept across a reload (and a tab close is the same: it is in IndexedDB).
  const campaignUrl = page.url();
  await page.reload();
  await progress.getByText(`1 of ${members} sent`).waitFor();
  const sentRow = page.getByTestId('send-list').locator('[data-sent=true]');
  assert.equal(await sentRow.count(), 1);
  assert.equal((await sentRow.locator('.row-main').textContent()).trim(), name);
  const contactedBefore = (await page.getByTestId('results-contacted').textContent()).trim();
  assert.match(contactedBefore, /^Sent it: 1 · bought: 0 \(0%\)/);

  // On their timeline; then they buy again.
  await sentRow.locator('.row-main').click();
  await page.getByTestId('customer-history').getByText(shown.slice(0, 30), { exact: false }).waitFor();
  const customerUrl = page.url();
  const id = customerUrl.split('/').pop();
  await page.goto(env.url + '#/sell/' + id);
  await page.getByRole('button', { name: 'Repeat last order' }).click();
  await page.getByRole('button', { name: 'Save sale' }).click();
  await page.getByTestId('sale-status').getByText(/^Saved:/).waitFor();

  // The campaign's conversion moved; the list shows it too.
  await page.goto(campaignUrl);
  await page.getByTestId('results-contacted').getByText(/^Sent it: 1 · bought: 1 \(100%\)/).waitFor();
  await page.locator('nav.sections').getByRole('link', { name: 'Campaigns' }).click();
  const listed = page.getByTestId('campaign-list').locator('a').first();
  await listed.getByText('Win back').waitFor();
  await listed.getByText(`1 of ${members} sent · 1 bought (100%)`, { exact: false }).waitFor();

  assert.deepEqual(foreignRequests(context, env.url).filter((u) => !u.startsWith('https://wa.me/')), []);
  await context.close();
});
