// The assistant chat widget in a real browser: an English question about an order gets an answer with its intent,
// a Chinese question gets a Chinese answer, and the widget is usable with the keyboard alone (focus moves in, Enter
// sends, Esc closes and focus returns to the button).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launch, login, newPage, screenshot, url } from './lib.mjs';
import { freshBuyer } from './store-helpers.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function ask(page, text) {
  const replies = page.locator('[data-testid=chat-message][data-author=assistant]');
  const before = await replies.count();
  await page.getByTestId('chat-input').fill(text);
  await page.getByTestId('chat-send').click();
  await replies.nth(before).waitFor();
  return replies.nth(before);
}

test('an English question about an order gets an answer with its intent, a Chinese one a Chinese answer', async () => {
  const buyer = await freshBuyer('Chat Buyer');
  const page = await newPage(browser);
  try {
    await login(page, buyer.email, buyer.password);
    await page.goto(url('/'));
    await page.getByTestId('chat-open').click();
    const en = await ask(page, 'Where is my order? What is its status?');
    assert.ok(await en.getAttribute('data-intent'), 'the English reply names an intent');
    assert.match(await en.locator('.chat-text').textContent(), /[A-Za-z]/);
    await page.getByTestId('chat-intent').first().waitFor();

    const zh = await ask(page, '我的订单到哪里了？');
    assert.equal(await zh.getAttribute('lang'), 'zh-CN');
    assert.match(await zh.locator('.chat-text').textContent(), /[\u4e00-\u9fff]/);
    await screenshot(page, 'store-chat-desktop');
    assert.deepEqual(page.errors, []);
  } finally {
    await page.context().close();
  }
});

test('the chat is usable by keyboard: focus moves in, Enter sends, Escape closes and focus returns', async () => {
  const buyer = await freshBuyer('Keyboard Buyer');
  const page = await newPage(browser, { phone: true });
  try {
    await login(page, buyer.email, buyer.password);
    await page.goto(url('/'));
    await page.getByTestId('product-card').first().waitFor();
    await page.getByTestId('chat-open').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog', { name: 'Customer service' }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'chat-input');
    await page.keyboard.type('How do returns work?');
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=chat-message][data-author=assistant]').first().waitFor();
    assert.equal(await page.getByTestId('chat-messages').getAttribute('aria-live'), 'polite');
    await screenshot(page, 'store-chat-phone');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'hidden' });
    assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), 'chat-open');
    assert.equal(await page.getByTestId('chat-open').getAttribute('aria-expanded'), 'false');
  } finally {
    await page.context().close();
  }
});

test('signed out, the chat asks the visitor to sign in', async () => {
  const page = await newPage(browser);
  try {
    await page.goto(url('/'));
    await page.getByTestId('chat-open').click();
    await page.getByTestId('chat-signin').waitFor();
    assert.equal(await page.getByTestId('chat-input').count(), 0);
  } finally {
    await page.context().close();
  }
});
