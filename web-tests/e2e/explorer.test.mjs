// The ledger explorer in a real browser: a reader imports the organisations' trusted-keys.json through the trust
// page, opens the latest block and one of its transactions, and checks its proof in the page — verified. A proof
// altered on its way (a flipped byte in a sibling hash or in the stated leaf hash) fails with a reason, and without
// trusted keys nothing is vouched for. Desktop and 375 px phone, English and Chinese.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DATA_DIR, DEMO_LOGINS, demoLogin, launch, login, newPage, screenshot, url } from './lib.mjs';

const SKIP = DATA_DIR ? false : 'needs TRUSTMALL_DATA_DIR (the demo data directory holding trusted-keys.json)';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/** Imports the demo's trusted-keys.json through the trust page's labelled file input, as a reader would. */
async function importTrustedKeys(page) {
  await page.goto(url('/explorer/trust'));
  await page.getByLabel('trusted-keys.json file').setInputFiles(path.join(DATA_DIR, 'trusted-keys.json'));
  await page.getByTestId('trust-imported').waitFor();
  // The history check the import set off has finished (and remembered the checkpoint it trusted).
  await page.locator('[data-testid="consistency-result"]:not([data-state="untrusted"])').waitFor();
  assert.equal(await page.getByTestId('trust-entry').count(), 1, 'one set of keys pinned');
  assert.match(await page.getByTestId('trust-fingerprint').textContent(), /^[0-9a-f]{4}(-[0-9a-f]{4}){3}$/);
}

/** From the explorer's overview to the latest block, then to a transaction of it; returns the transaction's id. */
async function openLatestTransaction(page) {
  await page.goto(url('/explorer'));
  await page.getByTestId('recent-blocks').getByTestId('block-link').first().click();
  await page.getByTestId('block-height').waitFor();
  // The newest block may be empty (a checkpoint-only block); walk back to one holding transactions.
  for (let i = 0; i < 20 && (await page.getByTestId('tx-link').count()) === 0; i++) {
    const height = await page.getByTestId('block-height').textContent();
    await page.getByTestId('block-prev').click();
    await page.waitForFunction((h) => document.querySelector('[data-testid="block-height"]')?.textContent !== h,
      height);
  }
  await page.getByTestId('tx-link').first().click();
  const id = (await page.getByTestId('tx-id').textContent()).trim();
  assert.match(id, /^[0-9a-f]{64}$/);
  return id;
}

/** On a phone, the page must not scroll sideways: nothing wider than 375 px. */
async function assertFitsPhone(page, phone, what) {
  if (!phone) return;
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `${what} fits 375 px (overflows by ${overflow} px)`);
}

/** Clicks "Check proof" and waits for the verdict; returns {state, reason}. */
async function checkProof(page) {
  await page.getByTestId('check-proof').click();
  const result = page.getByTestId('proof-result');
  await result.waitFor();
  const state = await result.getAttribute('data-state');
  const reason = (await page.getByTestId('proof-reason').count())
    ? (await page.getByTestId('proof-reason').textContent()).trim() : null;
  return { state, reason };
}

/** Answers the proof request with the real bundle after `alter` changed it. */
async function tamperProof(page, alter) {
  await page.route('**/api/v1/ledger/transactions/*/proof', async (route) => {
    const response = await route.fetch();
    const bundle = await response.json();
    alter(bundle);
    await route.fulfill({ response, json: bundle });
  });
}

/** The base64 hash with one bit of its first byte flipped. */
function flipByte(b64) {
  const bytes = Buffer.from(b64, 'base64');
  bytes[0] ^= 0x01;
  return bytes.toString('base64');
}

test('a reader with the organisations\' keys verifies a transaction\'s proof in the browser', { skip: SKIP },
  async () => {
    for (const phone of [false, true]) {
      const page = await newPage(browser, { phone });
      const tag = phone ? 'phone' : 'desktop';
      try {
        await importTrustedKeys(page);
        await screenshot(page, `explorer-trust-${tag}`);
        await assertFitsPhone(page, phone, 'the trust page');

        await page.goto(url('/explorer'));
        const quorum = page.getByTestId('checkpoint-quorum');
        await quorum.waitFor();
        assert.equal(await quorum.getAttribute('data-state'), 'verified',
          'the latest checkpoint is co-signed by enough trusted organisations');
        assert.ok(await page.locator('[data-testid="checkpoint-signatures"] li[data-state="valid"]').count() >= 1);
        await page.getByTestId('consistency-result').waitFor();
        await screenshot(page, `explorer-overview-${tag}`);
        await assertFitsPhone(page, phone, 'the overview');

        await openLatestTransaction(page);
        const { state, reason } = await checkProof(page);
        assert.equal(state, 'verified', `the proof verifies (reason: ${reason})`);
        const steps = page.locator('[data-testid="proof-steps"] li');
        assert.ok(await steps.count() >= 5, 'each step of the check is shown');
        assert.equal(await page.locator('[data-testid="proof-steps"] li[data-state="fail"]').count(), 0);
        await screenshot(page, `explorer-proof-verified-${tag}`);
        await assertFitsPhone(page, phone, 'the transaction page');

        // Its block: the header fields hash to the block hash, and the seals are checked k of n.
        await page.getByTestId('tx-block').click();
        await page.getByTestId('block-header-ok').waitFor();
        assert.equal(await page.getByTestId('checkpoint-quorum').getAttribute('data-state'), 'verified');
        await screenshot(page, `explorer-block-${tag}`);
        await assertFitsPhone(page, phone, 'the block page');
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    }
  });

test('a proof with a flipped byte in a sibling hash fails, naming the inclusion path', { skip: SKIP }, async () => {
  const page = await newPage(browser);
  try {
    await importTrustedKeys(page);
    await openLatestTransaction(page);
    let altered = false;
    await tamperProof(page, (bundle) => {
      if (bundle.path.length > 0) {
        bundle.path[0] = flipByte(bundle.path[0]);
        altered = true;
      }
    });
    const { state, reason } = await checkProof(page);
    assert.ok(altered, 'the demo ledger has more than one entry, so the proof has a sibling hash to alter');
    assert.equal(state, 'failed');
    assert.match(reason, /root/, 'the reason says the path does not lead to the signed root');
    assert.equal(await page.locator('[data-testid="proof-steps"] li[data-step="path"]').getAttribute('data-state'),
      'fail');
    await screenshot(page, 'explorer-proof-tampered-desktop');
  } finally {
    await page.context().close();
  }
});

test('a proof whose stated leaf hash was altered fails at the leaf step', { skip: SKIP }, async () => {
  const page = await newPage(browser, { phone: true });
  try {
    await importTrustedKeys(page);
    await openLatestTransaction(page);
    await tamperProof(page, (bundle) => {
      bundle.leaf_hash = flipByte(bundle.leaf_hash);
    });
    const { state, reason } = await checkProof(page);
    assert.equal(state, 'failed');
    assert.match(reason, /leaf hash/);
    assert.equal(await page.locator('[data-testid="proof-steps"] li[data-step="leaf"]').getAttribute('data-state'),
      'fail');
    await screenshot(page, 'explorer-proof-tampered-phone');
  } finally {
    await page.context().close();
  }
});

test('without trusted keys the proof is not vouched for, and the page says where keys come from', { skip: SKIP },
  async () => {
    const page = await newPage(browser, { locale: 'zh-CN' });
    try {
      await openLatestTransaction(page);
      const { state } = await checkProof(page);
      assert.equal(state, 'untrusted');
      assert.equal(await page.locator('[data-testid="proof-steps"] li[data-step="signaturesNoTrust"]')
        .getAttribute('data-state'), 'skip');
      assert.match(await page.getByTestId('proof-result').textContent(), /无人作保/, 'the page speaks Chinese');
      await screenshot(page, 'explorer-proof-untrusted-zh');
      const missing = await page.evaluate(async () => (await import('/assets/core/i18n.js')).missingKeys());
      assert.deepEqual(missing, { zh: [], en: [] }, 'every message exists in English and Chinese');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });

test('a pasted proof bundle is checked on the verify page, and removing the keys leaves none', { skip: SKIP },
  async () => {
    const page = await newPage(browser);
    try {
      await importTrustedKeys(page);
      const id = await openLatestTransaction(page);
      const bundle = await page.evaluate(async (tx) => (await fetch(`/api/v1/ledger/transactions/${tx}/proof`))
        .text(), id);
      await page.goto(url('/explorer/verify'));
      await page.getByLabel('Proof bundle (JSON)').fill(bundle);
      await page.getByTestId('bundle-check').press('Enter');
      await page.getByTestId('proof-result').waitFor();
      assert.equal(await page.getByTestId('proof-result').getAttribute('data-state'), 'verified');

      await page.getByLabel('Proof bundle (JSON)').fill('{"format": "something else"}');
      await page.getByTestId('bundle-check').click();
      await page.locator('[data-testid="proof-result"][data-state="failed"]').waitFor();
      assert.match(await page.getByTestId('proof-reason').textContent(), /format/);

      await page.goto(url('/explorer/trust'));
      await page.getByTestId('trust-remove').click();
      await page.getByTestId('trust-empty').waitFor();
    } finally {
      await page.context().close();
    }
  });

test('the history check accepts a log that extends the remembered checkpoint and refuses a rewritten one',
  { skip: SKIP }, async () => {
    const page = await newPage(browser, { phone: true });
    try {
      await importTrustedKeys(page);
      // What the browser would have remembered from an earlier visit: the log at an older size, with the root the
      // node proved then (genuine), or with a root the node's history no longer has (rewritten).
      const remember = (genuine) => page.evaluate(async (real) => {
        const cp = await (await fetch('/api/v1/ledger/checkpoint')).json();
        const older = cp.log_size - 1;
        const proof = await (await fetch(`/api/v1/ledger/consistency?from=${older}&to=${cp.log_size}`)).json();
        const root = real ? proof.root1 : btoa(String.fromCharCode(...new Uint8Array(32).fill(7)));
        localStorage.setItem('trustmall.explorer.lastCheckpoint.v1', JSON.stringify({
          [cp.chain_id]: { height: cp.height - 1, logSize: older, root, at: new Date().toISOString() } }));
      }, genuine);
      const outcome = async () => {
        await page.getByTestId('consistency-run').click();
        const result = page.locator('[data-testid="consistency-result"]');
        await result.waitFor();
        return result.getAttribute('data-state');
      };

      await remember(true);
      assert.equal(await outcome(), 'extended', 'the node proves its log extends the remembered one');
      assert.equal(await outcome(), 'same', 'the newer checkpoint is remembered once proved');

      await remember(false);
      assert.equal(await outcome(), 'failed', 'no proof links the log to a root it never had');
      await screenshot(page, 'explorer-history-rewritten-phone');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });

test('keys fetched from another organisation\'s node are pinned only once accepted, never from this server',
  { skip: SKIP }, async () => {
    const page = await newPage(browser);
    try {
      const keys = JSON.parse(readFileSync(path.join(DATA_DIR, 'trusted-keys.json'), 'utf8'));
      // Another organisation's node, answering as LedgerRoutes does (camelCase, readable by any origin).
      await page.route('http://partner-node.example/**', (route) => route.fulfill({
        headers: { 'Access-Control-Allow-Origin': '*' },
        json: { chainId: keys.chain_id, node: 'partner', organisations: keys.organisations.map((o) => ({
          name: o.name, publicKey: o.public_key })) },
      }));
      await page.goto(url('/explorer/trust'));
      await page.getByTestId('trust-empty').waitFor();

      await page.getByLabel('Node address').fill(url('/'));
      await page.getByLabel('Node address').press('Enter');
      assert.match(await page.getByTestId('trust-candidate').textContent(), /server being checked/);

      await page.getByLabel('Node address').fill('http://partner-node.example');
      await page.getByLabel('Node address').press('Enter');
      await page.getByTestId('trust-accept').waitFor();
      assert.equal(await page.getByTestId('trust-entry').count(), 0, 'nothing is pinned before it is accepted');
      await page.getByTestId('trust-accept').click();
      await page.getByTestId('trust-entry').waitFor();
      assert.match(await page.getByTestId('trust-entry').textContent(), /partner-node\.example/);
      await page.locator('[data-testid="consistency-result"]:not([data-state="untrusted"])').waitFor();
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });

test('a block whose listed Merkle root was altered is shown as not matching its seals', { skip: SKIP }, async () => {
  const page = await newPage(browser);
  try {
    await importTrustedKeys(page);
    await page.route(/\/api\/v1\/ledger\/blocks\/[0-9]+$/, async (route) => {
      const response = await route.fetch();
      const block = await response.json();
      block.merkleRoot = (block.merkleRoot[0] === '0' ? '1' : '0') + block.merkleRoot.slice(1);
      await route.fulfill({ response, json: block });
    });
    await page.goto(url('/explorer/blocks/1'));
    await page.getByTestId('block-header-mismatch').waitFor();
    assert.match(await page.getByTestId('block-header-mismatch').textContent(), /block_hash/);
    assert.equal(await page.getByTestId('block-header-ok').count(), 0);
  } finally {
    await page.context().close();
  }
});

test('an admin runs the node\'s ledger verification from the explorer and sees it intact; others only read it',
  { skip: DEMO_LOGINS.length ? false : 'needs TRUSTMALL_DEMO_LOGINS' }, async () => {
    const page = await newPage(browser);
    try {
      await page.goto(url('/explorer'));
      await page.getByTestId('verification-status').waitFor();
      assert.equal(await page.getByTestId('verification-run').count(), 0, 'no run button for a visitor');

      const admin = demoLogin('admin');
      await login(page, admin.email, admin.password);
      await page.goto(url('/explorer'));
      await page.getByTestId('verification-run').click();
      const state = page.getByTestId('verification-state');
      await page.locator('[data-testid="verification-state"]').waitFor();
      await page.waitForFunction(() => !document.querySelector('[data-testid="verification-run"]').disabled);
      assert.equal(await state.getAttribute('data-state'), 'intact');
      await screenshot(page, 'explorer-verification-admin-desktop');
      assert.deepEqual(page.errors, []);
    } finally {
      await page.context().close();
    }
  });
