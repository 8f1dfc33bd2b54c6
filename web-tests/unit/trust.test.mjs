// The browser's trust store: trusted-keys.json read as TrustedKeys.read does, a fingerprint people can compare,
// entries kept in (a stand-in for) localStorage, and keys fetched from another organisation's node only as a
// candidate that nothing stores until the caller does.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { FIXTURES_DIR, ledgerModule } from './paths.mjs';

const { parseTrustedKeys, fingerprint, trustStore, fetchFromNode, toTrust } = await ledgerModule('trust.js');
const { verifyProof } = await ledgerModule('verify.js');

const fileText = readFileSync(path.join(FIXTURES_DIR, 'trusted-keys.json'), 'utf8');
const file = JSON.parse(fileText);

/** localStorage's interface over a Map. */
function memoryStorage() {
  const m = new Map();
  return {
    getItem: (k) => (m.has(k) ? m.get(k) : null),
    setItem: (k, v) => m.set(k, String(v)),
    removeItem: (k) => m.delete(k),
  };
}

test('a trusted-keys file is read with its chain, threshold and organisations', () => {
  const t = parseTrustedKeys(fileText);
  assert.equal(t.chainId, file.chain_id);
  assert.equal(t.threshold, 2);
  assert.deepEqual(t.organisations.map((o) => o.name), ['acme', 'beta', 'gamma']);
  assert.equal(parseTrustedKeys({ organisations: file.organisations }).threshold, 3, 'all of them by default');
  assert.equal(parseTrustedKeys({ organisations: file.organisations }).chainId, null);
});

test('a malformed trusted-keys file is refused naming the field', () => {
  assert.throws(() => parseTrustedKeys('{'), /not valid JSON/);
  assert.throws(() => parseTrustedKeys({}), /field 'organisations' must be an array/);
  assert.throws(() => parseTrustedKeys({ organisations: [] }), /name no organisation/);
  assert.throws(() => parseTrustedKeys({ organisations: [{ name: 'acme' }] }),
    /organisations\[0\] needs 'name' and 'public_key'/);
  assert.throws(() => parseTrustedKeys({ organisations: [{ name: 'acme', public_key: 'abc' }] }),
    /organisations\[0\]: an Ed25519 public key is 64 hex digits/);
  assert.throws(() => parseTrustedKeys({ organisations: [{ name: 'Acme!', public_key: '11'.repeat(32) }] }),
    /organisations\[0\]: organisation name/);
  assert.throws(() => parseTrustedKeys({ ...file, threshold: 0 }), /field 'threshold' must be between 1 and 3/);
  assert.throws(() => parseTrustedKeys({ ...file, chain_id: 'xyz' }), /field 'chain_id' must be 64 hex digits/);
});

test('the fingerprint ignores the order of the organisations but not a changed key or threshold', async () => {
  const fp = await fingerprint(file);
  assert.match(fp, /^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}$/);
  assert.equal(await fingerprint({ ...file, organisations: [...file.organisations].reverse() }), fp);
  assert.notEqual(await fingerprint({ ...file, threshold: 3 }), fp);
  const changed = { ...file, organisations: [...file.organisations] };
  changed.organisations[0] = { name: 'acme', public_key: '22'.repeat(32) };
  assert.notEqual(await fingerprint(changed), fp);
});

test('imported keys are kept, listed, found for their chain, replaced when imported again and removed',
  async () => {
    const storage = memoryStorage();
    const store = trustStore(storage);
    assert.deepEqual(store.list(), []);
    assert.equal(store.forChain(file.chain_id), null);

    const entry = await store.importFile(fileText, { source: 'file:trusted-keys.json' });
    await store.importFile(fileText, { source: 'file:again.json' });
    const other = await store.save({ threshold: 1, organisations: [{ name: 'zeta', public_key: '33'.repeat(32) }] },
      { source: 'test' });

    assert.equal(entry.id, await fingerprint(file));
    assert.equal(entry.label, 'acme, beta, gamma');
    assert.deepEqual(trustStore(storage).list().map((e) => e.source), ['file:again.json', 'test'],
      'the same keys imported twice are one entry, and a new store over the same storage sees them');
    assert.equal(store.forChain(file.chain_id.toUpperCase()).id, entry.id);
    assert.equal(store.forChain('ab'.repeat(32)).id, other.id, 'keys that name no chain are the fallback');
    assert.equal((await verifyProof(JSON.parse(readFileSync(path.join(FIXTURES_DIR, 'bundle-1.json'), 'utf8')),
      store.forChain(file.chain_id))).reason, 'ok', 'a stored entry is a trust verifyProof accepts');

    assert.equal(store.remove(entry.id), true);
    assert.equal(store.remove(entry.id), false);
    assert.deepEqual(store.list().map((e) => e.id), [other.id]);
  });

test('a garbled store reads as empty rather than breaking the page', () => {
  const storage = memoryStorage();
  storage.setItem('trustmall.trust.v1', '{not json');
  assert.deepEqual(trustStore(storage).list(), []);
});

test('keys fetched from another node come back as a candidate, in any of the shapes a node may answer',
  async () => {
    const seen = [];
    const answer = (body, status = 200) => async (url) => {
      seen.push(url);
      return { ok: status < 300, status, json: async () => body };
    };
    const orgs = file.organisations.map((o) => ({ name: o.name, public_key: o.public_key }));

    const a = await fetchFromNode('http://beta.example:8081/', { fetch: answer({ chain_id: file.chain_id, threshold: 2,
      organisations: orgs }) });
    const b = await fetchFromNode('http://beta.example:8081', { fetch: answer(orgs.map((o) => ({ name: o.name,
      publicKey: o.public_key }))) });
    const c = await fetchFromNode('https://gamma.example/node', { fetch: answer({ items: orgs }) });

    assert.deepEqual(seen, ['http://beta.example:8081/api/v1/ledger/organisations',
      'http://beta.example:8081/api/v1/ledger/organisations',
      'https://gamma.example/node/api/v1/ledger/organisations']);
    assert.equal(a.chainId, file.chain_id);
    assert.equal(a.threshold, 2);
    assert.equal(a.source, seen[0]);
    assert.equal(b.threshold, 3);
    assert.deepEqual(c.organisations.map((o) => o.name), ['acme', 'beta', 'gamma']);
    assert.equal(await fingerprint(a), await fingerprint(file));
  });

test('a node that fails, answers garbage or is no http URL gives a reason and no keys', async () => {
  const fail = (status) => async () => ({ ok: false, status, json: async () => ({}) });
  await assert.rejects(fetchFromNode('http://x.example', { fetch: fail(404) }), /answered 404/);
  await assert.rejects(fetchFromNode('http://x.example', {
    fetch: async () => ({ ok: true, status: 200, json: async () => ({ organisations: [{ name: 'acme' }] }) }),
  }), /organisations\[0\] needs 'name' and 'public_key'/);
  await assert.rejects(fetchFromNode('http://x.example', {
    fetch: async () => { throw new TypeError('Failed to fetch'); },
  }), /cannot reach http:\/\/x.example\/api\/v1\/ledger\/organisations: Failed to fetch/);
  await assert.rejects(fetchFromNode('file:///etc/passwd'), /must be http or https/);
  await assert.rejects(fetchFromNode('not a url'), /not a URL/);
});

test('the verifier form of a trust holds the keys as bytes', () => {
  const t = toTrust(fileText);
  assert.equal(t.organisations[0].publicKey.length, 32);
  assert.equal(t.chainId.length, 32);
  assert.equal(toTrust(t), t);
});
