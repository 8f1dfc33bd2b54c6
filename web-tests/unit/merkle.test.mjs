// The browser's RFC 9162 verifier against transparency-dev/merkle's 196 conformance vectors (shared/vectors), the
// same files the ledger's Rfc9162VectorsTest runs through MerkleVerifier.java.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { SHARED_DIR, ledgerModule } from './paths.mjs';

const { verifyInclusion, verifyConsistency, leafHash, nodeHash, emptyRoot } = await ledgerModule('merkle.js');
const { fromBase64, toHex } = await ledgerModule('bytes.js');

const VECTORS = path.join(SHARED_DIR, 'vectors', 'rfc9162-merkle');
const VECTOR_FILES = 196;

function vectorFiles() {
  const out = [];
  for (const kind of ['inclusion', 'consistency']) {
    const walk = (dir) => {
      for (const name of readdirSync(dir).sort()) {
        const p = path.join(dir, name);
        if (statSync(p).isDirectory()) {
          walk(p);
        } else if (name.endsWith('.json')) {
          out.push(p);
        }
      }
    };
    walk(path.join(VECTORS, kind));
  }
  return out;
}

/** Sizes go up to 2^64 - 1, beyond a JS number: the digits are quoted before parsing so they reach BigInt intact. */
function readVector(file) {
  const text = readFileSync(file, 'utf8').replace(/("(?:leafIdx|treeSize|size1|size2)"\s*:\s*)(\d+)/g, '$1"$2"');
  return JSON.parse(text);
}

function bytes(v) {
  return v === null || v === undefined ? null : fromBase64(v);
}

const present = existsSync(VECTORS);
const skip = present ? false
  : 'RFC 9162 vectors not found at ' + VECTORS + ' (set TRUSTMALL_SHARED_DIR to the shared folder)';

test('the shared folder holds all one hundred ninety-six vectors', { skip }, () => {
  assert.equal(vectorFiles().length, VECTOR_FILES);
});

test('the verifier accepts exactly the vectors that want no error', { skip }, async (t) => {
  for (const file of present ? vectorFiles() : []) {
    const name = path.relative(VECTORS, file);
    await t.test(name, async () => {
      const v = readVector(file);
      const proof = (v.proof || []).map(fromBase64);
      const check = name.startsWith('inclusion')
        ? await verifyInclusion(v.leafIdx, v.treeSize, bytes(v.leafHash), proof, bytes(v.root))
        : await verifyConsistency(v.size1, v.size2, proof, bytes(v.root1), bytes(v.root2));
      assert.equal(check.ok, !v.wantErr, `"${v.desc}": verifier said ${check.reason}`);
    });
  }
});

test('leaf, node and empty-tree hashes use the RFC 9162 prefixes', async () => {
  assert.equal(toHex(await emptyRoot()), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  // SHA-256(0x00) is a known constant; the node hash is recomputed with node:crypto, independent of WebCrypto.
  assert.equal(toHex(await leafHash(new Uint8Array(0))),
    '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d');
  const zero = new Uint8Array(32);
  assert.equal(toHex(await nodeHash(zero, zero)), await sha256sumOfNodeOfZeros());
});

async function sha256sumOfNodeOfZeros() {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(Buffer.concat([Buffer.from([1]), Buffer.alloc(64)])).digest('hex');
}

test('a two-leaf tree proves each leaf and a one-leaf prefix, and a wrong sibling is refused with a reason',
  async () => {
    const a = await leafHash(new TextEncoder().encode('a'));
    const b = await leafHash(new TextEncoder().encode('b'));
    const root = await nodeHash(a, b);

    assert.deepEqual(await verifyInclusion(0, 2, a, [b], root), { ok: true, reason: 'ok' });
    assert.deepEqual(await verifyInclusion(1n, '2', b, [a], root), { ok: true, reason: 'ok' });
    assert.deepEqual(await verifyConsistency(1, 2, [b], a, root), { ok: true, reason: 'ok' });
    assert.deepEqual(await verifyInclusion(0, 2, a, [a], root),
      { ok: false, reason: 'calculated root differs from the expected root' });
    assert.deepEqual(await verifyInclusion(2, 2, a, [b], root),
      { ok: false, reason: 'leaf index 2 is not below the tree size 2' });
    assert.deepEqual(await verifyInclusion(-1, 2, a, [b], root),
      { ok: false, reason: 'leaf index -1 is not an unsigned 64-bit integer' });
    assert.deepEqual(await verifyInclusion(0, 2, a, [b, b], root),
      { ok: false, reason: 'proof has 2 hashes, expected 1' });
  });
