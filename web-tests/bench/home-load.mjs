// Prints the storefront home page's load time on this machine (not a test: speed is measured, not asserted).
// Usage: TRUSTMALL_URL=http://127.0.0.1:PORT node bench/home-load.mjs [runs]
// For each run, a fresh browser context (cold cache) loads / and reports navigation timing's loadEventEnd and the
// time until the first product card is in the page; then the median of each, signed out.
import { launch, newPage, url } from '../e2e/lib.mjs';

const runs = Number(process.argv[2] || 10);
const browser = await launch();
const load = [];
const products = [];
try {
  for (let i = 0; i < runs; i++) {
    const page = await newPage(browser);
    try {
      // The moment the first product card enters the page, recorded in the page itself (no polling delay).
      await page.addInitScript(() => {
        new MutationObserver((_, obs) => {
          if (document.querySelector('[data-testid=product-card]')) {
            window.__productsAt = performance.now();
            obs.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      await page.goto(url('/'));
      await page.getByTestId('product-card').first().waitFor();
      const t = await page.evaluate(() => ({
        load: performance.getEntriesByType('navigation')[0].loadEventEnd, products: window.__productsAt,
      }));
      load.push(t.load);
      products.push(t.products);
    } finally {
      await page.context().close();
    }
  }
} finally {
  await browser.close();
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(`home page, ${runs} cold loads on ${url('/')}`);
console.log(`  loadEventEnd:            median ${median(load).toFixed(0)} ms (min ${Math.min(...load).toFixed(0)}, `
  + `max ${Math.max(...load).toFixed(0)})`);
console.log(`  products rendered by:    median ${median(products).toFixed(0)} ms (min ${Math.min(...products)
  .toFixed(0)}, max ${Math.max(...products).toFixed(0)})`);
