// The first browser test: the platform answers the browser, and the browser's own ledger verifier, run in
// chromium's WebCrypto (Ed25519 included), accepts the platform's signed checkpoint and a demo order's proof against
// the organisation's trusted-keys.json — the file a user would import — and refuses them against other keys.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { DATA_DIR, SAMPLE_TX, launch, newPage, screenshot, url } from './lib.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

test('the platform answers the browser at / and serves its latest signed checkpoint', async () => {
  const page = await newPage(browser);
  try {
    const home = await page.goto(url('/'));
    assert.equal(home.status(), 200, 'GET / serves the front end');

    const res = await page.goto(url('/api/v1/ledger/checkpoint'));
    assert.equal(res.status(), 200);
    const cp = await res.json();
    assert.equal(typeof cp.header, 'string');
    assert.ok(cp.signatures.length >= 1, 'the checkpoint is signed');
    await screenshot(page, 'smoke-checkpoint');
  } finally {
    await page.context().close();
  }
});

test('the browser verifies the platform\'s checkpoint and a demo order\'s proof with the imported keys',
  { skip: DATA_DIR && SAMPLE_TX ? false : 'needs TRUSTMALL_DATA_DIR and TRUSTMALL_SAMPLE_TX' }, async () => {
    const trustedKeys = readFileSync(path.join(DATA_DIR, 'trusted-keys.json'), 'utf8');
    for (const phone of [false, true]) {
      const page = await newPage(browser, { phone });
      try {
        await page.goto(url('/api/v1/ledger/checkpoint'));
        const outcome = await page.evaluate(async ({ keys, tx }) => {
          const { verifyProof } = await import('/assets/ledger/verify.js');
          const { parseCheckpoint, verifyCheckpoint } = await import('/assets/ledger/checkpoint.js');
          const { toTrust } = await import('/assets/ledger/trust.js');
          const checkpoint = await (await fetch('/api/v1/ledger/checkpoint')).json();
          const bundle = await (await fetch('/api/v1/ledger/transactions/' + tx + '/proof')).json();
          const stranger = { organisations: [{ name: 'acme', public_key: '11'.repeat(32) }] };
          return {
            checkpoint: await verifyCheckpoint(await parseCheckpoint(checkpoint), toTrust(keys)),
            proof: await verifyProof(bundle, keys),
            strangerProof: await verifyProof(bundle, stranger),
          };
        }, { keys: trustedKeys, tx: SAMPLE_TX });

        assert.equal(outcome.checkpoint.reason, 'ok');
        assert.equal(outcome.proof.reason, 'ok');
        assert.equal(outcome.proof.transaction.id, SAMPLE_TX);
        assert.ok(outcome.proof.checkpoint.signers.length >= 1);
        assert.equal(outcome.strangerProof.ok, false);
        assert.match(outcome.strangerProof.reason, /checkpoint has 0 valid trusted signature\(s\), 1 required/);
        assert.deepEqual(page.errors, []);
      } finally {
        await page.context().close();
      }
    }
  });
