// The browser's proof verifier on real proof bundles written by the ledger (web-tests/fixtures, see
// BrowserProofFixturesTest.java): each verifies against the organisations' trusted-keys.json, and every tampered
// copy is refused with a reason naming what failed, as ProofBundle.verify would.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES_DIR, ledgerModule } from './paths.mjs';

const { verifyProof, parseProof } = await ledgerModule('verify.js');
const { fromBase64, toBase64, toHex } = await ledgerModule('bytes.js');
const { decodeHeader, signingMessage, blockHash } = await ledgerModule('checkpoint.js');
const { decodeTransaction, transactionSignatureValid } = await ledgerModule('transaction.js');

const trustedKeys = JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'trusted-keys.json'), 'utf8'));
const bundleNames = readdirSync(FIXTURES_DIR).filter((n) => /^bundle-\d+\.json$/.test(n)).sort();

function bundle(name = bundleNames[0]) {
  return JSON.parse(readFileSync(path.join(FIXTURES_DIR, name), 'utf8'));
}

function flipByte(b64, at) {
  const bytes = fromBase64(b64);
  bytes[at] ^= 1;
  return toBase64(bytes);
}

async function assertRefused(tampered, trust, reasonPart) {
  const r = await verifyProof(tampered, trust);
  assert.equal(r.ok, false, 'a tampered bundle verified');
  assert.ok(r.reason.includes(reasonPart), `expected "${reasonPart}" in: ${r.reason}`);
  return r;
}

test('the ledger wrote five co-signed bundles and the organisations\' keys', () => {
  assert.equal(bundleNames.length, 5);
  assert.equal(trustedKeys.threshold, 2);
  assert.equal(trustedKeys.organisations.length, 3);
});

test('every bundle the ledger wrote verifies against the trusted keys, reading what the checkpoint signed',
  async () => {
    for (const name of bundleNames) {
      const b = bundle(name);
      const r = await verifyProof(b, trustedKeys);

      assert.equal(r.reason, 'ok', name);
      assert.equal(r.ok, true, name);
      assert.equal(r.leafIndex, b.leaf_index);
      assert.equal(r.treeSize, b.tree_size);
      assert.equal(r.checkpoint.height, b.checkpoint.height);
      assert.equal(r.checkpoint.logSize, b.checkpoint.log_size);
      assert.equal(r.checkpoint.root, b.checkpoint.root);
      assert.equal(r.checkpoint.blockHash, b.checkpoint.block_hash);
      assert.equal(r.checkpoint.chainId, trustedKeys.chain_id);
      assert.deepEqual(r.checkpoint.signers, ['acme', 'beta', 'gamma']);
      assert.equal(r.transaction.id, b.transaction.id);
      assert.equal(r.transaction.contract, 'kv');
    }
  });

test('a bundle given as JSON text verifies too', async () => {
  const r = await verifyProof(readFileSync(path.join(FIXTURES_DIR, bundleNames[1]), 'utf8'), trustedKeys);
  assert.equal(r.reason, 'ok');
});

test('the header decodes to the fields the JSON repeats, and its hash is the block hash', async () => {
  const b = bundle();
  const headerBytes = fromBase64(b.checkpoint.header);
  const h = decodeHeader(headerBytes);
  assert.equal(h.height, b.checkpoint.height);
  assert.equal(h.logSize, b.checkpoint.log_size);
  assert.equal(toBase64(h.merkleRoot), b.checkpoint.root);
  assert.equal(h.timestamp, b.checkpoint.timestamp);
  assert.equal(toHex(await blockHash(headerBytes)), b.checkpoint.block_hash);
  const msg = signingMessage(new Uint8Array(32), new Uint8Array(32));
  assert.equal(new TextDecoder().decode(msg.slice(0, 19)), 'TrustMall block v1\0');
  assert.equal(msg.length, 19 + 64);
});

test('a flipped byte in the transaction is refused: its id no longer matches, or without the id the path fails',
  async () => {
    const withId = bundle();
    withId.transaction.encoded = flipByte(withId.transaction.encoded, 60);
    await assertRefused(withId, trustedKeys, "field 'transaction.id' does not match the encoded transaction");

    const withoutId = bundle();
    withoutId.transaction.encoded = flipByte(withoutId.transaction.encoded, 60);
    delete withoutId.transaction.id;
    await assertRefused(withoutId, trustedKeys, "inclusion proof does not lead to the checkpoint's root");
  });

test('a flipped signature byte of the transaction changes its leaf, and the signature check refuses it too',
  async () => {
    const b = bundle();
    const encoded = fromBase64(b.transaction.encoded);
    b.transaction.encoded = flipByte(b.transaction.encoded, encoded.length - 1); // the id leaves the signature out
    await assertRefused(b, trustedKeys, "inclusion proof does not lead to the checkpoint's root");

    assert.equal(await transactionSignatureValid(await decodeTransaction(encoded)), true);
    assert.equal(await transactionSignatureValid(await decodeTransaction(fromBase64(b.transaction.encoded))), false);
  });

test('a wrong path hash or leaf index does not lead to the checkpoint\'s root', async () => {
  const path0 = bundle();
  path0.path[0] = flipByte(path0.path[0], 0);
  await assertRefused(path0, trustedKeys, "inclusion proof does not lead to the checkpoint's root");

  const index = bundle();
  index.leaf_index += 1;
  await assertRefused(index, trustedKeys, "inclusion proof does not lead to the checkpoint's root");
});

test('a root that differs from the signed header is refused, and a header with another root loses its signatures',
  async () => {
    const root = bundle();
    root.checkpoint.root = flipByte(root.checkpoint.root, 3);
    await assertRefused(root, trustedKeys, "field 'checkpoint.root' does not match the signed header");

    const header = bundle();
    header.checkpoint.header = flipByte(header.checkpoint.header, 1 + 8 + 32 + 8 + 4); // the Merkle root
    delete header.checkpoint.root;
    delete header.checkpoint.block_hash;
    await assertRefused(header, trustedKeys, 'checkpoint has 0 valid trusted signature(s), 2 required '
      + '(invalid signature by acme; invalid signature by beta; invalid signature by gamma)');
  });

test('a proof for another tree size than the checkpoint\'s is refused', async () => {
  const b = bundle();
  b.tree_size -= 1;
  await assertRefused(b, trustedKeys, 'the proof is for a tree of');
});

test('signatures by a key the trust does not name are never counted', async () => {
  const b = bundle();
  const impostor = await crypto.subtle.generateKey({ name: 'Ed25519' }, true, ['sign', 'verify']);
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', impostor.publicKey));
  const cp = await parseProof(b).then((p) => p.checkpoint);
  const sig = new Uint8Array(await crypto.subtle.sign({ name: 'Ed25519' }, impostor.privateKey,
    signingMessage(cp.chainId, cp.blockHash)));
  // Only one trusted organisation left, plus a valid signature by a stranger that claims to be beta.
  b.checkpoint.signatures = [b.checkpoint.signatures[0],
    { organisation: 'beta', public_key: toHex(raw), signature: toBase64(sig) }];

  const r = await assertRefused(b, trustedKeys, 'checkpoint has 1 valid trusted signature(s), 2 required '
    + '(signature by untrusted key ' + toHex(raw).substring(0, 16) + ')');
  assert.deepEqual(r.checkpoint.signers, ['acme']);
});

test('one organisation signing twice is still one, below a threshold of two', async () => {
  const b = bundle();
  b.checkpoint.signatures = [b.checkpoint.signatures[1], b.checkpoint.signatures[1]];
  await assertRefused(b, trustedKeys, 'checkpoint has 1 valid trusted signature(s), 2 required');

  const oneOfThree = { ...trustedKeys, threshold: 1 };
  assert.equal((await verifyProof(b, oneOfThree)).reason, 'ok');
});

test('a checkpoint for another chain than the trusted one is refused', async () => {
  const otherChain = { ...trustedKeys, chain_id: 'ab'.repeat(32) };
  await assertRefused(bundle(), otherChain, 'checkpoint is for chain ' + trustedKeys.chain_id
    + ', not the trusted chain ' + 'ab'.repeat(32));
});

test('keys of another consortium verify nothing', async () => {
  const strangers = {
    threshold: 1, organisations: [{ name: 'acme', public_key: '11'.repeat(32) }],
  };
  await assertRefused(bundle(), strangers, 'checkpoint has 0 valid trusted signature(s), 1 required');
});

test('malformed bundles name the field, as LedgerJson does', async () => {
  const cases = [
    [(o) => delete o.leaf_index, "field 'leaf_index' is missing"],
    [(o) => { o.tree_size = 'ten'; }, "field 'tree_size' must be an integer"],
    [(o) => { o.path = {}; }, "field 'path' must be an array"],
    [(o) => { o.path[1] = 'not base64!'; }, "field 'path[1]' must be a base64 SHA-256 hash"],
    [(o) => { o.format = 'something-else/1'; }, "field 'format' must be"],
    [(o) => { o.transaction.encoded = toBase64(Uint8Array.of(0x54, 0x4d, 0x54, 0x58, 1)); },
      "field 'transaction.encoded' truncated at chain id"],
    [(o) => { o.checkpoint.chain_id = 'xyz'; }, "field 'checkpoint.chain_id' must be 64 hex digits"],
    [(o) => { o.checkpoint.header = toBase64(new Uint8Array(10)); }, "field 'checkpoint.header' must be 157 bytes"],
    [(o) => { o.checkpoint.log_size = 3; }, "field 'checkpoint.log_size' does not match the signed header"],
    [(o) => { o.checkpoint.signatures[0].signature = toBase64(new Uint8Array(10)); },
      "field 'checkpoint.signatures[0].signature' must be 64 bytes"],
    [(o) => { delete o.checkpoint.signatures[0].organisation; },
      "field 'checkpoint.signatures[0].organisation' is missing"],
  ];
  for (const [damage, reason] of cases) {
    const o = bundle();
    damage(o);
    await assertRefused(o, trustedKeys, reason);
  }
  await assertRefused('{"format": ', trustedKeys, "field '(document)' not valid JSON");
});

test('unusable trusted keys are reported as such, not as a bad proof', async () => {
  const r = await verifyProof(bundle(), { threshold: 4, organisations: trustedKeys.organisations });
  assert.equal(r.ok, false);
  assert.equal(r.reason, "the trusted keys are unusable: field 'threshold' must be between 1 and 3");
});
