// The browser's trust store: the organisations' public keys, obtained from somewhere other than the server being
// checked — their `trusted-keys.json` file (written by `./trustmall demo` and `ledger cluster-init`) imported by
// the user, or another organisation's node that the user names — kept in localStorage. Nothing here ever takes keys
// from the page's own server by itself: every entry is added by an explicit call that the UI makes on the user's
// action.
//
// A trust is {chainId: hex | null, threshold, organisations: [{name, publicKey: hex}]}; a stored entry adds
// {id (its fingerprint), label, source, addedAt}. The file format (TrustedKeys.java):
//   {"chain_id": "hex (optional)", "threshold": 1, "organisations": [{"name": "trustmall", "public_key": "64 hex"}]}

import { fromHex, sha256, toHex } from './bytes.js';

const STORAGE_KEY = 'trustmall.trust.v1';
const ORG_NAME = /^[a-z][a-z0-9-]{0,62}$/;
const HEX32 = /^[0-9a-fA-F]{64}$/;

/**
 * Reads a trusted-keys document (its JSON text or the parsed object) like TrustedKeys.read: organisations need a
 * name and a 64-hex-digit public_key, the threshold defaults to all of them and must be 1..n. Throws an Error whose
 * message names the field.
 */
export function parseTrustedKeys(doc) {
  let o = doc;
  if (typeof doc === 'string') {
    try {
      o = JSON.parse(doc);
    } catch (e) {
      throw new Error('trusted keys are not valid JSON: ' + e.message);
    }
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new Error('trusted keys must be a JSON object');
  }
  const chain = o.chain_id ?? o.chainId ?? null;
  if (chain !== null && (typeof chain !== 'string' || !HEX32.test(chain))) {
    throw new Error("field 'chain_id' must be 64 hex digits");
  }
  const orgs = o.organisations;
  if (!Array.isArray(orgs)) {
    throw new Error("field 'organisations' must be an array");
  }
  const organisations = orgs.map((org, i) => {
    const where = 'organisations[' + i + ']';
    const name = org?.name;
    const key = org?.public_key ?? org?.publicKey;
    if (typeof name !== 'string' || typeof key !== 'string') {
      throw new Error(where + " needs 'name' and 'public_key'");
    }
    if (!ORG_NAME.test(name)) {
      throw new Error(where + ': organisation name must be 1-63 characters of a-z, 0-9 and \'-\', starting with a '
        + 'letter');
    }
    if (!HEX32.test(key)) {
      throw new Error(where + ': an Ed25519 public key is 64 hex digits');
    }
    return { name, publicKey: key.toLowerCase() };
  });
  if (organisations.length === 0) {
    throw new Error('trusted keys name no organisation');
  }
  const threshold = o.threshold ?? organisations.length;
  if (!Number.isInteger(threshold) || threshold < 1 || threshold > organisations.length) {
    throw new Error("field 'threshold' must be between 1 and " + organisations.length);
  }
  return { chainId: chain === null ? null : chain.toLowerCase(), threshold, organisations };
}

/**
 * The trust in the form the verifier uses: byte arrays for the chain id and keys. Accepts a stored entry, a
 * parsed trust, or a trusted-keys.json object or text.
 */
export function toTrust(t) {
  if (t && typeof t === 'object' && t.organisations?.every((o) => o.publicKey instanceof Uint8Array)) {
    return t;
  }
  const parsed = parseTrustedKeys(t);
  return {
    chainId: parsed.chainId === null ? null : fromHex(parsed.chainId),
    threshold: parsed.threshold,
    organisations: parsed.organisations.map((o) => ({ name: o.name, publicKey: fromHex(o.publicKey) })),
  };
}

/**
 * A short fingerprint of the trust, for people to compare over the phone: the first 16 hex digits of SHA-256 over
 * its canonical form (chain id, threshold, then "name:key" lines sorted by key), in groups of four.
 */
export async function fingerprint(t) {
  const p = parseTrustedKeys(t);
  const lines = ['chain:' + (p.chainId ?? '-'), 'threshold:' + p.threshold,
    ...p.organisations.map((o) => o.name + ':' + o.publicKey).sort((a, b) => keyOf(a).localeCompare(keyOf(b)))];
  const hex = toHex(await sha256(new TextEncoder().encode(lines.join('\n') + '\n'))).substring(0, 16);
  return hex.match(/.{4}/g).join('-');
}

function keyOf(line) {
  return line.substring(line.indexOf(':') + 1);
}

/**
 * Reads the organisations another organisation's node publishes (GET {url}/api/v1/ledger/organisations) into a
 * candidate trust {chainId, threshold, organisations, source}; it is not stored: the UI shows it (with its
 * fingerprint) and calls `trustStore().save(candidate)` when the user accepts. The node must allow the page's
 * origin (CORS). Accepts {organisations: [...], chain_id?, threshold?} or a bare array of {name, public_key}.
 * Throws an Error saying what went wrong.
 */
export async function fetchFromNode(url, { fetch: fetchFn = globalThis.fetch } = {}) {
  let base;
  try {
    base = new URL(url);
  } catch {
    throw new Error('not a URL: ' + url);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error('the node URL must be http or https');
  }
  const endpoint = new URL(base.pathname.replace(/\/+$/, '') + '/api/v1/ledger/organisations', base).toString();
  let res;
  try {
    res = await fetchFn(endpoint, { headers: { accept: 'application/json' }, credentials: 'omit' });
  } catch (e) {
    throw new Error('cannot reach ' + endpoint + ': ' + (e?.message || e));
  }
  if (!res.ok) {
    throw new Error(endpoint + ' answered ' + res.status);
  }
  let body;
  try {
    body = await res.json();
  } catch {
    throw new Error(endpoint + ' did not answer JSON');
  }
  const doc = Array.isArray(body) ? { organisations: body } : body;
  const items = Array.isArray(doc?.organisations) ? doc.organisations : doc?.items;
  const normalised = {
    chain_id: doc?.chain_id ?? doc?.chainId ?? null,
    threshold: doc?.threshold ?? undefined,
    organisations: Array.isArray(items) ? items.map((o) => ({
      name: o?.name ?? o?.organisation,
      public_key: o?.public_key ?? o?.publicKey ?? o?.key,
    })) : items,
  };
  try {
    return { ...parseTrustedKeys(normalised), source: endpoint };
  } catch (e) {
    throw new Error(endpoint + ': ' + e.message);
  }
}

/**
 * The store over `storage` (localStorage by default; anything with getItem/setItem). Entries are kept in the order
 * added; one with the same fingerprint replaces the earlier one.
 */
export function trustStore(storage = globalThis.localStorage) {
  const read = () => {
    try {
      const list = JSON.parse(storage.getItem(STORAGE_KEY) || '[]');
      return Array.isArray(list) ? list : [];
    } catch {
      return [];
    }
  };
  const write = (list) => storage.setItem(STORAGE_KEY, JSON.stringify(list));
  return {
    /** Every stored entry: {id, label, source, addedAt, chainId, threshold, organisations}. */
    list() {
      return read();
    },
    /** Stores a trust (parsed or not) with where it came from; resolves to the stored entry. */
    async save(trust, { source = trust?.source ?? 'unknown', label } = {}) {
      const parsed = parseTrustedKeys(trust);
      const id = await fingerprint(parsed);
      const entry = {
        id, label: label ?? parsed.organisations.map((o) => o.name).join(', '), source,
        addedAt: new Date().toISOString(), ...parsed,
      };
      write([...read().filter((e) => e.id !== id), entry]);
      return entry;
    },
    /** Imports a trusted-keys.json file's text (or a File/Blob); `source` says where it came from. */
    async importFile(file, { source, label } = {}) {
      const textOf = typeof file === 'string' ? file : await file.text();
      return this.save(textOf, { source: source ?? (file?.name ? 'file:' + file.name : 'file'), label });
    },
    /** Removes the entry with this id; true when there was one. */
    remove(id) {
      const list = read();
      const kept = list.filter((e) => e.id !== id);
      write(kept);
      return kept.length !== list.length;
    },
    /**
     * The entry to check a checkpoint of chain `chainIdHex` with: the newest that names that chain, else the newest
     * that names no chain; null when none.
     */
    forChain(chainIdHex) {
      const list = read().reverse();
      const chain = (chainIdHex || '').toLowerCase();
      return list.find((e) => e.chainId === chain) ?? list.find((e) => e.chainId === null) ?? null;
    },
    clear() {
      storage.removeItem(STORAGE_KEY);
    },
  };
}
