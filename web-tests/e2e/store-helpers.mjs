// Storefront test helpers: fresh buyers (so tests don't share state), API calls as a given account, and the
// trust store filled from the demo's trusted-keys.json the way the explorer's import does it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { DATA_DIR, DEMO_LOGINS, DEMO_PASSWORD, TIMEOUT_MS, url } from './lib.mjs';

/** Calls the API; throws with the problem's text on a non-2xx answer. */
export async function apiCall(method, p, { token, body, headers = {} } = {}) {
  const res = await fetch(url('/api/v1' + p), {
    method,
    headers: { Accept: 'application/json', ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: 'Bearer ' + token } : {}), ...headers },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) {
    const err = new Error(method + ' ' + p + ' answered ' + res.status + ': ' + text);
    err.status = res.status;
    throw err;
  }
  return text ? JSON.parse(text) : null;
}

export async function apiLogin(email, password = DEMO_PASSWORD) {
  return (await apiCall('POST', '/auth/login', { body: { email, password } })).token;
}

/** Registers a new buyer; resolves to {email, password, token}. */
export async function freshBuyer(name = 'Test Buyer') {
  const email = 'buyer-' + randomUUID().slice(0, 8) + '@test.trustmall.org';
  const password = 'browser-test-' + randomUUID().slice(0, 8);
  await apiCall('POST', '/auth/register', { body: { email, password, role: 'buyer', displayName: name } });
  return { email, password, token: await apiLogin(email, password) };
}

/** The demo merchants' tokens (from TRUSTMALL_DEMO_LOGINS). */
export async function merchantTokens() {
  const merchants = DEMO_LOGINS.filter((l) => l.role === 'merchant');
  if (!merchants.length) throw new Error('TRUSTMALL_DEMO_LOGINS names no merchant');
  return Promise.all(merchants.map((m) => apiLogin(m.email)));
}

/** Ships an order and has the carrier deliver it, as whichever demo merchant sells it. */
export async function shipAndDeliver(orderId) {
  for (const token of await merchantTokens()) {
    try {
      await apiCall('POST', `/orders/${orderId}/ship`, { token,
        body: { carrier: 'SF Express', trackingNumber: 'SF' + orderId + 'T' } });
    } catch (e) {
      if (e.status === 403 || e.status === 404) continue;
      throw e;
    }
    await apiCall('POST', `/orders/${orderId}/shipment-events`, { token,
      body: { kind: 'picked_up', location: 'Shenzhen depot' } });
    await apiCall('POST', `/orders/${orderId}/shipment-events`, { token,
      body: { kind: 'delivered', location: 'Front door' } });
    return;
  }
  throw new Error('no demo merchant could ship order ' + orderId);
}

/**
 * Puts the demo's trusted-keys.json (the organisations' keys, from the data directory, not from the server) into
 * the page's trust store through the trust module's own import, as the explorer's trust page does.
 */
export async function importTrustedKeys(page) {
  if (!DATA_DIR) throw new Error('TRUSTMALL_DATA_DIR is not set');
  const text = readFileSync(path.join(DATA_DIR, 'trusted-keys.json'), 'utf8');
  await page.evaluate(async (keys) => {
    const { trustStore } = await import('/assets/ledger/trust.js');
    await trustStore().importFile(keys, { source: 'file:trusted-keys.json' });
  }, text);
}

/** Polls fn until it returns a truthy value (generous deadline), then returns it. */
export async function eventually(fn, what, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for ' + what + (last ? ': ' + last.message : ''));
}

/**
 * Releases the order from the risk review queue when the fraud screen held it (a brand-new account's first order
 * may be held), as the demo admin would after checking it; does nothing when it was not held.
 */
export async function releaseRiskHold(orderId) {
  const admin = DEMO_LOGINS.find((l) => l.role === 'admin');
  if (!admin) throw new Error('TRUSTMALL_DEMO_LOGINS names no admin');
  const token = await apiLogin(admin.email);
  const queue = await apiCall('GET', '/admin/risk/reviews', { token });
  if (queue.some((e) => Number(e.orderId) === Number(orderId))) {
    await apiCall('POST', `/admin/risk/reviews/${orderId}`, { token,
      body: { action: 'release', note: 'browser test: checked' } });
  }
}
