// The merchant/admin console in a real browser: an admin reads the risk queue's explanations and records a decision,
// the model registry's charts and the snapshot each model learnt from, and the dataset lineage; a merchant ships a
// paid order; an agent answers and closes a conversation the assistant handed over; an arbiter votes on the demo's
// open dispute. Screenshots at desktop and phone width.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DEMO_LOGINS, DEMO_PASSWORD, TIMEOUT_MS, launch, login, newPage, screenshot, url } from './lib.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** A JSON call to the platform's API, as `token`'s account; throws with the problem's text on a non-2xx. */
async function call(method, path, token, body) {
  const headers = { Accept: 'application/json' };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(url(`/api/v1${path}`), { method, headers,
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return text ? JSON.parse(text) : null;
}

async function apiLogin(email) {
  return (await call('POST', '/auth/login', null, { email, password: DEMO_PASSWORD })).token;
}

function logins(role) {
  const found = DEMO_LOGINS.filter((l) => l.role === role).map((l) => l.email);
  assert.ok(found.length, `TRUSTMALL_DEMO_LOGINS names no ${role}`);
  return found;
}

/** A page signed in as email, at desktop width or a phone's. */
async function signedIn(email, options = {}) {
  const page = await newPage(browser, options);
  await page.goto(url('/login?next=/console'));
  await login(page, email);
  await page.waitForURL((u) => u.pathname === '/console');
  return page;
}

async function close(page) {
  const errors = page.errors;
  await page.context().close();
  assert.deepEqual(errors, [], 'the page logged no errors');
}

/** The chart figure's SVG is an image with a name, and its data table has a row per data point. */
async function assertAccessibleChart(figure, minRows) {
  const svg = figure.locator('svg[role="img"]').first();
  await svg.waitFor();
  const label = await svg.getAttribute('aria-label');
  assert.ok(label && label.length > 10, `the chart has an aria-label (${label})`);
  const rows = await figure.locator('details table tbody tr').count();
  assert.ok(rows >= minRows, `the chart's table alternative has ${rows} rows, expected at least ${minRows}`);
}

test('an admin reads the risk queue with explanations, records a decision, and sees models and lineage',
  async () => {
    const [admin] = logins('admin');
    const page = await signedIn(admin);
    try {
      await page.getByTestId('count-reviews').waitFor();
      await screenshot(page, 'console-admin-overview');
      await page.getByTestId('console-tab-risk').click();
      await page.waitForURL((u) => u.pathname === '/console/risk');
      assert.equal(await page.getByTestId('console-tab-risk').getAttribute('aria-current'), 'page');

      const entry = page.getByTestId('risk-entry').first();
      await entry.waitFor();
      const orderId = await entry.getAttribute('data-order');
      assert.match(await entry.getByTestId('risk-score').textContent(), /\d+ \/ 100/);
      assert.match(await entry.getByTestId('risk-model').textContent(), /^risk-/);
      const explanation = entry.getByTestId('risk-explanation');
      await assertAccessibleChart(explanation, 1);
      assert.ok(await explanation.locator('svg rect').count() >= 1, 'the explanation draws a bar per feature');
      assert.ok((await entry.locator('.explanations li').count()) >= 1, 'each contribution is said in words');
      await screenshot(page, 'console-admin-risk');

      await entry.getByTestId('decide-release').check();
      await entry.getByTestId('decide-note').fill('checked by the browser test');
      await entry.getByTestId('decide-submit').click();
      await entry.getByTestId('decided').waitFor();
      const token = await apiLogin(admin);
      const queue = await call('GET', '/admin/risk/reviews', token);
      assert.ok(!queue.some((e) => String(e.orderId) === orderId), `order ${orderId} left the review queue`);

      await page.getByTestId('console-tab-models').click();
      const model = page.getByTestId('model').first();
      await model.waitFor();
      const modelId = await model.getAttribute('data-model');
      await assertAccessibleChart(model.getByTestId('model-metrics-chart'), 1);
      assert.match(await model.getByTestId('model-tx').getAttribute('href'), /^\/explorer\/tx\/[0-9a-f]{64}$/);
      await assertAccessibleChart(page.locator('[data-testid^="trend-"]').first(), 1);
      await screenshot(page, 'console-admin-models');

      await model.getByTestId('snapshot-link').click();
      await page.waitForURL((u) => u.pathname === '/console/datasets');
      const node = page.getByTestId('dataset').filter({ has: page.locator(`[data-testid="dataset-model"]`,
        { hasText: modelId }) });
      await node.waitFor();
      assert.match(await node.getByTestId('dataset-tx').getAttribute('href'), /^\/explorer\/tx\/[0-9a-f]{64}$/);
      assert.equal(await page.getByTestId('console-tab-datasets').getAttribute('aria-current'), 'page');
      await screenshot(page, 'console-admin-datasets');
    } finally {
      await close(page);
    }
    // On a phone, in Chinese: the same pages fit the width and speak the browser's language.
    const phone = await signedIn(admin, { phone: true, locale: 'zh-CN' });
    try {
      assert.equal((await phone.getByTestId('console-tab-risk').textContent()).trim(), '风控审核');
      for (const [path, name] of [['/console/risk', 'risk'], ['/console/models', 'models'],
        ['/console/datasets', 'datasets']]) {
        await phone.goto(url(path));
        await phone.locator('[data-testid="risk-entry"], [data-testid="model"], [data-testid="dataset"]').first()
          .waitFor();
        const overflow = await phone.evaluate(() => document.documentElement.scrollWidth
          - document.documentElement.clientWidth);
        assert.ok(overflow <= 1, `${path} fits 375 px without sideways scrolling (overflow ${overflow}px)`);
        if (name === 'risk') {
          // The reasons are said in the page's language, not in the server's English.
          const reason = await phone.locator('.explanations li').first().textContent();
          assert.match(reason, /风险评分/, reason);
        }
        await screenshot(phone, `console-admin-${name}-375-zh`);
      }
    } finally {
      await close(phone);
    }
  });

test('a merchant ships a paid order from the console', async () => {
  let merchant = null;
  let orderId = null;
  for (const email of logins('merchant')) {
    const token = await apiLogin(email);
    const paid = (await call('GET', '/orders?state=paid&size=100', token)).items.filter((o) => o.state === 'paid');
    if (paid.length) {
      merchant = email;
      orderId = paid[0].id;
      break;
    }
  }
  assert.ok(merchant, 'some demo merchant has a paid order to ship');
  const page = await signedIn(merchant);
  try {
    const row = page.getByTestId('to-ship').locator(`a[href="/console/orders/${orderId}"]`);
    await row.waitFor();
    await screenshot(page, 'console-merchant-overview');
    await row.click();
    await page.waitForURL((u) => u.pathname === `/console/orders/${orderId}`);
    assert.equal(await page.getByTestId('order-state').locator('[data-state]').getAttribute('data-state'), 'paid');
    await page.getByTestId('ship-carrier').fill('SF Express');
    await page.getByTestId('ship-tracking').fill(`SFTEST${orderId}`);
    await page.getByTestId('ship-submit').click();
    await page.locator('[data-testid="order-state"] [data-state="shipped"]').waitFor();
    assert.equal(await page.getByTestId('tracking-number').textContent(), `SFTEST${orderId}`);
    assert.ok(await page.getByTestId('order-tx').count() >= 1, 'the order lists its ledger transactions');
    await screenshot(page, 'console-merchant-shipped');
  } finally {
    await close(page);
  }
  const token = await apiLogin(merchant);
  const order = await call('GET', `/orders/${orderId}`, token);
  assert.equal(order.state, 'shipped');
  assert.equal(order.shipment.trackingNumber, `SFTEST${orderId}`);
});

test('an agent answers and closes a conversation the assistant handed over', async () => {
  const buyer = await apiLogin(logins('buyer')[0]);
  let reply = await call('POST', '/assistant/messages', buyer, { text: '我要转人工客服' });
  if (!reply.handedOff) {
    reply = await call('POST', '/assistant/messages', buyer, { conversationId: reply.conversationId,
      text: 'I want to talk to a human agent' });
  }
  assert.ok(reply.handedOff, 'the assistant handed the conversation over');
  const id = reply.conversationId;

  const [agent] = logins('agent');
  const page = await signedIn(agent);
  try {
    await page.getByTestId('console-tab-handoffs').click();
    const link = page.getByTestId('handoff-queue').locator(`a[href="/console/handoffs/${id}"]`);
    await link.waitFor();
    await screenshot(page, 'console-agent-queue');
    await link.click();
    await page.locator('[data-testid="chat-message"][data-author="customer"]', { hasText: '我要转人工客服' }).waitFor();
    await page.getByTestId('reply-text').fill('Hello, this is a person. How can I help?');
    await page.getByTestId('reply-submit').click();
    await page.locator('[data-testid="chat-message"][data-author="agent"]',
      { hasText: 'this is a person' }).waitFor();
    await screenshot(page, 'console-agent-conversation');
    await page.getByTestId('close-conversation').click();
    await page.getByTestId('reply-text').waitFor({ state: 'detached' });
  } finally {
    await close(page);
  }
  const mine = await call('GET', `/assistant/conversations/${id}`, buyer);
  assert.equal(mine.state, 'closed');
  assert.ok(mine.messages.some((m) => m.author === 'agent' && m.text.includes('this is a person')),
    'the customer sees the agent\'s reply');

  const phone = await signedIn(agent, { phone: true });
  try {
    await phone.goto(url('/console/handoffs?state=closed'));
    await phone.getByTestId('handoff-queue').locator(`a[href="/console/handoffs/${id}"]`).waitFor();
    await screenshot(phone, 'console-agent-queue-375');
  } finally {
    await close(phone);
  }
});

test('an arbiter on the open dispute\'s panel votes, and the tally shows C = V/N', async () => {
  let arbiter = null;
  let dispute = null;
  for (const email of logins('arbiter')) {
    const token = await apiLogin(email);
    const me = await call('GET', '/auth/me', token);
    const open = (await call('GET', '/disputes?size=100', token)).items.find((d) => d.state === 'open'
      && d.arbiters.some((a) => a.id === me.id && !a.voted));
    if (open) {
      arbiter = email;
      dispute = open;
      break;
    }
  }
  assert.ok(arbiter, 'the demo has an open dispute with an arbiter yet to vote');
  const before = dispute.votes.length;
  const page = await signedIn(arbiter);
  try {
    await page.locator(`a[href="/console/disputes/${dispute.id}"]`).first().click();
    await page.waitForURL((u) => u.pathname === `/console/disputes/${dispute.id}`);
    await page.getByTestId('vote-form').waitFor();
    await page.getByTestId('vote-release').check();
    assert.equal(await page.getByTestId('vote-amount').isVisible(), false, 'a release names no amount');
    await page.getByTestId('vote-submit').click();
    await page.getByTestId('vote-form').waitFor({ state: 'detached' });
    const rows = page.getByTestId('votes-table').locator('tbody tr');
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="votes-table"] tbody tr').length > n,
      before, { timeout: TIMEOUT_MS });
    assert.equal(await rows.count(), before + 1);
    const c = await page.getByTestId('c-value').allTextContents();
    assert.ok(c.some((x) => new RegExp(`C = \\d/${dispute.arbiters.length} = `).test(x)), `tally shows C (${c})`);
    await screenshot(page, 'console-arbiter-voted');
  } finally {
    await close(page);
  }
  const phone = await signedIn(arbiter, { phone: true });
  try {
    await phone.goto(url(`/console/disputes/${dispute.id}`));
    await phone.getByTestId('tally').waitFor();
    await screenshot(phone, 'console-arbiter-dispute-375');
  } finally {
    await close(phone);
  }
});
