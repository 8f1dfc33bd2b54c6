// An automated accessibility audit (axe-core, WCAG 2 A and AA rules) of the main pages of each area, signed out and
// signed in, in English and Chinese, on a desktop and a phone: no serious or critical violation may remain. axe is
// loaded as an init script, which the page's Content-Security-Policy does not apply to.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { launch, newPage, url, login, demoLogin } from './lib.mjs';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

async function audit(page, path, ready) {
  await page.goto(url(path));
  await page.locator(ready).first().waitFor();
  // The page settles (lazy sections such as ledger badges) before it is judged.
  await page.waitForLoadState('networkidle');
  return page.evaluate(async () => {
    const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa'] } });
    return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({
      rule: v.id, impact: v.impact, count: v.nodes.length, first: v.nodes[0].target.join(' '),
      why: v.nodes[0].failureSummary,
    }));
  });
}

async function auditAll(pages, { phone = false, locale = 'en', as = null } = {}) {
  const browser = await launch();
  const found = [];
  try {
    const page = await newPage(browser, { phone, locale });
    await page.addInitScript({ path: AXE });
    if (locale === 'zh') await page.addInitScript(() => localStorage.setItem('trustmall.lang', 'zh'));
    if (as) {
      const { email, password } = demoLogin(as);
      await login(page, email, password);
    }
    for (const [path, ready] of pages) {
      for (const v of await audit(page, path, ready)) found.push({ path, ...v });
    }
  } finally {
    await browser.close();
  }
  return found;
}

const SHOPPER = [['/', '[data-testid=product-card]'], ['/search?q=tea', 'main h1'],
  ['/login', '[data-testid=login-email]'], ['/explorer', 'main h1'], ['/explorer/trust', '[data-testid=trust-file]']];

test('the storefront and the explorer, signed out, have no serious accessibility violation', async () => {
  const found = await auditAll(SHOPPER);
  assert.deepEqual(found, []);
});

test('the same pages in Chinese on a phone have none either', async () => {
  const found = await auditAll(SHOPPER, { phone: true, locale: 'zh' });
  assert.deepEqual(found, []);
});

test('a buyer\'s cart, orders and privacy centre, and an admin\'s console, have none', async () => {
  const buyer = await auditAll([['/cart', 'main h1'], ['/orders', 'main h1'], ['/privacy', 'main h1']],
    { as: 'buyer' });
  const admin = await auditAll([['/console', 'main h1'], ['/console/risk', 'main h1'], ['/console/models', 'main h1'],
    ['/console/datasets', 'main h1']], { as: 'admin' });
  assert.deepEqual([...buyer, ...admin], []);
});
