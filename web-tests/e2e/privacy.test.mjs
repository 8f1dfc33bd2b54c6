// The privacy centre in a real browser: withdrawing personalisation consent makes the home page's recommendations
// non-personalised; export downloads the account's data as JSON; erasure signs the person out and the login then fails.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { launch, login, newPage, screenshot, url } from './lib.mjs';
import { apiCall, freshBuyer } from './store-helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A fresh buyer with a little browsing history, so that their recommendations can be personalised. */
async function buyerWithHistory(name) {
  const buyer = await freshBuyer(name);
  const products = (await (await fetch(url('/api/v1/products?size=3'))).json()).items;
  for (const p of products) {
    await apiCall('POST', '/events', { token: buyer.token, body: { productId: p.id, kind: 'view' } });
  }
  return buyer;
}

test('withdrawing personalisation consent makes the home page\'s recommendations non-personalised', async () => {
  const buyer = await buyerWithHistory('Consent Buyer');
  const page = await newPage(browser);
  try {
    await login(page, buyer.email, buyer.password);
    await page.goto(url('/'));
    await page.locator('[data-testid=rec-basis][data-basis=personalised]').waitFor();

    await page.goto(url('/privacy'));
    const toggle = page.getByRole('switch', { name: 'Personalised recommendations' });
    assert.equal(await toggle.isChecked(), true);
    await toggle.focus();
    await page.keyboard.press('Space');
    await page.waitForFunction(() => {
      const s = document.querySelector('[data-testid=consent-personalisation]');
      return s && !s.checked && !s.disabled;
    });
    await screenshot(page, 'store-privacy-desktop');
    const consents = await apiCall('GET', '/me/consents', { token: buyer.token });
    assert.equal(consents.find((c) => c.purpose === 'personalisation').granted, false);

    await page.getByTestId('nav-shop').click();
    const basis = page.getByTestId('rec-basis');
    await page.locator('[data-testid=rec-basis]:not([data-basis=personalised])').waitFor();
    assert.equal(await basis.getAttribute('data-basis'), 'popular');
    assert.match(await basis.textContent(), /not personalised/i);
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('export downloads the account\'s data as a JSON file', async () => {
  const buyer = await freshBuyer('Export Buyer');
  const page = await newPage(browser);
  try {
    await login(page, buyer.email, buyer.password);
    await page.goto(url('/privacy'));
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export').click()]);
    assert.match(download.suggestedFilename(), /^trustmall-export-\d+\.json$/);
    const data = JSON.parse(await readFile(await download.path(), 'utf8'));
    const me = await apiCall('GET', '/auth/me', { token: buyer.token });
    assert.equal(data.format, 'trustmall-export/1');
    assert.equal(data.accountId, me.id);
    assert.equal(data.role, 'buyer');
  } finally {
    await page.context().close();
  }
});

test('erasing the account needs its password and a confirmation, signs out, and the login then fails', async () => {
  const buyer = await freshBuyer('Erased Buyer');
  const page = await newPage(browser, { phone: true });
  try {
    await login(page, buyer.email, buyer.password);
    await page.goto(url('/privacy'));
    await page.getByTestId('access-log').waitFor();
    // Signing in and opening pages read the buyer's own name: those reads are listed only when asked for.
    assert.equal(await page.getByTestId('access-rows').count(), 0, 'nobody else has read this new buyer\'s data');
    await page.getByTestId('access-own').check();
    await page.getByTestId('access-rows').waitFor();
    const ownReads = await page.getByTestId('access-rows').locator('tbody tr').count();
    assert.ok(ownReads >= 1);
    // The account is read once per sign-in, not once per page: reloading adds no read of the buyer's data.
    for (const path of ['/', '/orders', '/privacy']) {
      await page.goto(url(path));
      await page.getByTestId('signed-in-as').waitFor();
    }
    await page.getByTestId('access-own').check();
    await page.getByTestId('access-rows').waitFor();
    assert.equal(await page.getByTestId('access-rows').locator('tbody tr').count(), ownReads);
    await screenshot(page, 'store-privacy-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, 'the privacy centre is ' + overflow + ' px wider than the phone');
    await page.getByTestId('erase-open').click();
    await page.getByTestId('erase-password').fill('not-the-password');
    await page.getByTestId('erase-confirm').check();
    await page.getByTestId('erase-submit').click();
    await page.getByRole('alert').filter({ hasText: /password/i }).waitFor();
    await page.getByTestId('erase-password').fill(buyer.password);
    await page.getByTestId('erase-submit').click();
    await page.getByTestId('erased').waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await page.getByTestId('nav-login').waitFor();
    await assert.rejects(apiCall('POST', '/auth/login', { body: { email: buyer.email, password: buyer.password } }),
      /answered 401/);
  } finally {
    await page.context().close();
  }
});
