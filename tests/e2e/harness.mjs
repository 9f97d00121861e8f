// Shared set-up for end-to-end tests: the release build in dist/, served from a sub-path by the
// plain static server, driven by Debian's Chromium through playwright-core.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import path from 'node:path';
import { serve } from '../../scripts/serve.mjs';

export const BASE = '/shop/grahak/';
export const OUTPUT = path.resolve('tests/output');

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

/** Starts the server and the browser. Returns helpers and a `close`. */
export async function start() {
  if (!fs.existsSync('dist/index.html')) throw new Error('dist/ is missing: run trunk build --release');
  fs.mkdirSync(OUTPUT, { recursive: true });
  const { server, url } = await serve({ dir: 'dist', base: BASE });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ARGS,
  });
  return {
    url,
    browser,
    /** A fresh profile (empty IndexedDB) that records every request it makes. */
    async newContext(options = {}) {
      const context = await browser.newContext(options);
      context.requests = [];
      context.on('request', (r) => context.requests.push(r.url()));
      return context;
    },
    async close() {
      await browser.close();
      await new Promise((r) => server.close(r));
    },
  };
}

/** Requests that went anywhere but the app's own origin. */
export function foreignRequests(context, appUrl) {
  const own = new URL(appUrl).origin;
  return context.requests.filter((u) => {
    const { origin, protocol } = new URL(u);
    return origin !== own && protocol !== 'data:' && protocol !== 'blob:';
  });
}

/** Opens the app and waits until it has mounted. */
export async function openApp(page, url) {
  await page.goto(url);
  await page.locator('nav.sections a').first().waitFor();
}

/** On Sell: finds `search`, picks `buyer`, adds the product whose chip starts with `product`
 * and sets its quantity (the sale is left for the test to finish). */
export async function startSale(page, { search, buyer, product, qty }) {
  await page.locator('nav.sections').getByRole('link', { name: 'Sell' }).click();
  await page.getByTestId('buyer-search').fill(search);
  await page.getByTestId('buyer-list').getByText(buyer).click();
  await page.getByTestId('product-chips').getByRole('button', { name: new RegExp(`^${product}`) }).click();
  await page.getByTestId('sale-line').nth(0).getByLabel('Qty').fill(String(qty));
}

/** The Settings screen's book counts, once the book is open (not "Opening your book…"). */
export async function bookCounts(page) {
  const el = page.getByTestId('book-counts');
  await el.getByText(/^Customers: [\d,]+ · Products: [\d,]+ · Sales: [\d,]+$/).waitFor({ timeout: 60000 });
  return el.textContent();
}

/** A language's interface texts by key, read from `locales/<code>.txt` as the app's are. */
export function messages(code) {
  const texts = {};
  for (const line of fs.readFileSync(`locales/${code}.txt`, 'utf8').split('\n')) {
    const at = line.indexOf(' = ');
    if (at > 0 && !line.startsWith('#')) texts[line.slice(0, at).trim()] = line.slice(at + 3);
  }
  return texts;
}
