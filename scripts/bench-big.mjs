// The app on a big book (issue 14): restores target/big-book-<N>.grahak (made by
// `cargo test --release --test big_book -- --ignored`) through the Settings screen, then measures
// repeat visits. Prints `name: value unit` lines:
//   restore_ui_<n>_ms            choosing the file to "Backup restored."
//   start_cached_<n>_ms          navigation to a Sell screen whose search finds a buyer (median),
//                                timed in the page when the name appears in the list (the
//                                driver's own polling lags by up to 0.4 s while the sales load)
//   insights_figures_<n>_ms      from opening Insights to its figures on screen (median)
//   insights_forecast_<n>_ms     ... to its forecast table (median)
//   longest_main_thread_task_<n>_ms   the longest task (PerformanceObserver 'longtask') while
//                                opening the app and visiting every screen
//   memory_<n>_mb                JS heap in use plus wasm memory after the cold start
// Release build from dist/, served with gzip; headless Chromium.
//   node scripts/bench-big.mjs [purchases]     (scripts/bench.sh runs it for 1000000)
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import { serve } from './serve.mjs';

const N = Number(process.argv[2] || 1000000);
const RUNS = Number(process.env.RUNS || 3);
const file = `target/big-book-${N}.grahak`;
if (!fs.existsSync(file)) throw new Error(`${file} is missing: cargo test --release --test big_book -- --ignored`);
const label = N >= 1000000 ? `${N / 1000000}m_purchases` : `${N / 1000}k_purchases`;

const { server, url } = await serve({ dir: 'dist', base: '/grahak/' });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--enable-precise-memory-info'],
});
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
try {
  const context = await browser.newContext();
  // Every long task from the first moment of each page.
  await context.addInitScript(() => {
    window.__longest = 0;
    addEventListener('TrunkApplicationStarted', (e) => { window.__wasm = e.detail.wasm; });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longest = Math.max(window.__longest, e.duration);
    }).observe({ type: 'longtask', buffered: true });
    // When the buyer searched for shows in the Sell screen's list.
    window.__found = null;
    new MutationObserver(() => {
      const want = sessionStorage.getItem('bench-want');
      const list = document.querySelector('[data-testid=buyer-list]');
      if (window.__found == null && want && list && list.textContent.includes(want)) {
        window.__found = performance.now();
      }
    }).observe(document, { childList: true, subtree: true, characterData: true });
  });
  const page = await context.newPage();
  page.on('dialog', (d) => d.accept());
  await page.goto(url + '#/settings');
  await page.getByTestId('book-counts').waitFor();
  // The restore's own tasks only (not the first visit's start, compiling the app).
  await page.waitForTimeout(500);
  await page.evaluate(() => { window.__longest = 0; });
  const t0 = Date.now();
  await page.getByTestId('restore-file').setInputFiles(file);
  await page.getByTestId('restore-preview').getByRole('button', { name: 'Restore this backup' }).click({ timeout: 600000 });
  await page.getByText('Backup restored.').waitFor({ timeout: 600000 });
  console.log(`restore_ui_${label}_ms: ${Date.now() - t0} ms`);
  console.log(`restore_ui_longest_task_${label}_ms: ${(await page.evaluate(() => window.__longest)).toFixed(0)} ms`);
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });

  await page.goto(url);
  const first = page.getByTestId('buyer-list').locator('.row-main').first();
  await first.waitFor({ timeout: 60000 });
  const name = (await first.textContent()).trim();
  const typed = name;
  await page.evaluate((n) => sessionStorage.setItem('bench-want', n), name);

  const starts = [];
  const longest = [];
  const memory = [];
  const insights = [];
  const forecasts = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto('about:blank');
    await page.goto(url);
    const search = page.getByTestId('buyer-search');
    await search.waitFor();
    const steps = [];
    if (process.env.VERBOSE) {
      // Opening alone, then the first search.
      await page.getByTestId('buyer-list').locator('li').first().waitFor({ timeout: 60000 });
      steps.push(['open', await page.evaluate(() => { const l = window.__longest; window.__longest = 0; return l; })]);
    }
    await search.fill(typed);
    await page.getByTestId('buyer-list').getByText(name).first().waitFor({ timeout: 60000 });
    starts.push(await page.evaluate(() => window.__found));
    steps.push(['sell', await page.evaluate(() => { const l = window.__longest; window.__longest = 0; return l; })]);
    // Every screen, each until it shows its content.
    for (const [hash, ready] of [
      ['#/customers', '[data-testid=customer-list] li'],
      ['#/products', '[data-testid=product-list] li'],
      ['#/segments', '[data-testid=segment-list] li'],
      ['#/segments/champions', '[data-testid=page-segment-members] li, [data-testid=page-segment-members] tr'],
      ['#/settings', '[data-testid=book-counts]'],
    ]) {
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.locator(ready).first().waitFor({ timeout: 60000 });
      steps.push([hash, await page.evaluate(() => { const l = window.__longest; window.__longest = 0; return l; })]);
    }
    // Insights: from the tap to its figures, and to its forecasts (seen by a MutationObserver
    // in the page, not by polling).
    const [figures, forecast] = await page.evaluate(() => new Promise((done) => {
      const t0 = performance.now();
      const seen = {};
      const check = () => {
        for (const [k, sel] of [['figures', '[data-testid=insight-figures]'], ['forecast', '[data-testid=forecast-product]']]) {
          if (!(k in seen) && document.querySelector(sel)) seen[k] = performance.now() - t0;
        }
        if ('figures' in seen && 'forecast' in seen) { observer.disconnect(); done([seen.figures, seen.forecast]); }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { childList: true, subtree: true });
      location.hash = '#/insights';
    }));
    insights.push(figures);
    forecasts.push(forecast);
    steps.push(['#/insights', await page.evaluate(() => { const l = window.__longest; window.__longest = 0; return l; })]);
    if (process.env.VERBOSE) console.log(steps.map(([h, l]) => `${h} ${l.toFixed(0)}`).join(', '));
    await page.waitForTimeout(1500); // background analysis slices
    longest.push(Math.max(await page.evaluate(() => window.__longest), ...steps.map(([, l]) => l)));
    const session = await context.newCDPSession(page);
    await session.send('Performance.enable');
    const { metrics } = await session.send('Performance.getMetrics').catch(() => ({ metrics: [] }));
    const heap = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value || 0;
    const wasm = await page.evaluate(() => window.__wasm?.memory?.buffer?.byteLength || 0);
    memory.push((heap + wasm) / 1e6);
    if (process.env.VERBOSE) console.log(`js heap ${(heap / 1e6).toFixed(0)} MB, wasm ${(wasm / 1e6).toFixed(0)} MB`);
    await session.detach();
  }
  console.log(`start_cached_${label}_ms: ${median(starts).toFixed(0)} ms`);
  console.log(`longest_main_thread_task_${label}_ms: ${median(longest).toFixed(0)} ms`);
  console.log(`memory_${label}_mb: ${median(memory).toFixed(0)} MB`);
  console.log(`insights_figures_${label}_ms: ${median(insights).toFixed(0)} ms`);
  console.log(`insights_forecast_${label}_ms: ${median(forecasts).toFixed(0)} ms`);
} finally {
  await browser.close();
  server.close();
}
