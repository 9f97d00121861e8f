// start_cached_ms: a repeat visit with the offline cache warm and the sample shop's book stored,
// from navigation to a usable Sell screen: the buyer search takes typing and finds a buyer.
// Release build from dist/, served with gzip; headless Chromium. Median of RUNS (default 5).
//   node scripts/bench-start.mjs     (scripts/bench.sh runs it)
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';

const RUNS = Number(process.env.RUNS || 5);
const { server, url } = await serve({ dir: 'dist', base: '/grahak/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  const context = await browser.newContext();
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  // First visit: the offline cache installs; the sample shop goes into the book.
  await page.goto(url + '#/settings');
  await page.getByRole('button', { name: 'Load sample shop' }).click();
  await page.getByTestId('book-counts').getByText('Customers: 300', { exact: false }).waitFor({ timeout: 60000 });
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.goto(url);
  const first = page.getByTestId('buyer-list').locator('.row-main').first();
  await first.waitFor();
  const name = (await first.textContent()).trim();
  const typed = name.slice(0, 3);

  const times = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('about:blank');
    await page.goto(url);
    const search = page.getByTestId('buyer-search');
    await search.waitFor();
    await search.fill(typed);
    await page.getByTestId('buyer-list').getByText(name).first().waitFor();
    times.push(await page.evaluate(() => performance.now()));
    const controlled = await page.evaluate(() => !!navigator.serviceWorker.controller);
    if (!controlled) throw new Error('the repeat visit was not served by the offline cache');
  }
  times.sort((a, b) => a - b);
  console.log(`start_cached_ms: ${times[Math.floor(times.length / 2)].toFixed(0)} ms`);
  console.log(`start_cached_slowest_ms: ${times[times.length - 1].toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}
