// What the explorer's pages share: the area's tabs, small display helpers, and the checkpoint's co-signatures
// checked one by one against the browser's trust store (never against keys the server being checked hands out).
import { h, shortHash, dateTime } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { toHex } from '../ledger/bytes.js';
import { parseCheckpoint, signingMessage, verifyCheckpoint, verifyEd25519 } from '../ledger/checkpoint.js';
import { toTrust, trustStore } from '../ledger/trust.js';

/** The browser's trust store (localStorage). */
export const trust = trustStore();

const TABS = [
  ['/explorer', 'explorer.tab.overview', (p) => p === '/explorer' || p === '/explorer/'],
  ['/explorer/blocks', 'explorer.tab.blocks', (p) => p.startsWith('/explorer/blocks') || p.startsWith('/explorer/tx')],
  ['/explorer/verify', 'explorer.tab.verify', (p) => p.startsWith('/explorer/verify')],
  ['/explorer/trust', 'explorer.tab.trust', (p) => p.startsWith('/explorer/trust')],
];

/** The area's navigation, the current page marked. */
export function tabs() {
  const path = location.pathname;
  return h('nav', { class: 'tabs explorer-tabs', 'aria-label': t('explorer.tabs') },
    TABS.map(([href, key, active]) => h('a', { href, 'aria-current': active(path) ? 'page' : null }, t(key))));
}

/** A hash in full, wrapping, for definition lists where there is room. */
export function fullHash(hex) {
  return h('code', { class: 'hash' }, hex ?? '');
}

export { shortHash };

/** Epoch milliseconds (as the signed headers carry them) in the page's language. */
export function millis(ms) {
  if (ms === null || ms === undefined) return '';
  return dateTime(new Date(Number(ms)).toISOString());
}

/** A definition list from [labelKey, value] pairs; null values are left out. */
export function facts(pairs, attrs = {}) {
  return h('dl', { ...attrs, class: 'facts' },
    pairs.filter(([, v]) => v !== null && v !== undefined).map(([key, v, testid]) => h('div', { class: 'fact' },
      h('dt', {}, t(key)), h('dd', { 'data-testid': testid ?? null }, v))));
}

/** A badge: kind is ok, warn, bad or neutral. The text says the state; colour only repeats it. */
export function badge(kind, text, attrs = {}) {
  return h('span', { class: `badge ${kind}`, ...attrs }, text);
}

/**
 * The trust entry to check a checkpoint of this chain with (hex chain id), or null when the browser pins none.
 */
export function trustFor(chainIdHex) {
  return trust.forChain(chainIdHex);
}

/**
 * A checkpoint's co-signatures, each judged against `entry` (a trust store entry, or null):
 * {ok, reason, checkpoint (parsed), threshold, total, signatures: [{organisation, publicKey (hex), state:
 * 'valid' | 'invalid' | 'untrusted' | 'unchecked'}]}. `ok` is the k-of-n verdict of checkpoint.js; without an
 * entry it is false and every signature 'unchecked'. Throws an Error naming the field when the JSON is malformed.
 */
export async function judgeCheckpoint(json, entry) {
  const cp = await parseCheckpoint(json);
  if (!entry) {
    return {
      ok: false, reason: null, checkpoint: cp, threshold: null, total: null,
      signatures: cp.signatures.map((s) => ({ organisation: s.organisation, publicKey: toHex(s.publicKey),
        state: 'unchecked' })),
    };
  }
  const keys = toTrust(entry);
  const message = signingMessage(cp.chainId, cp.blockHash);
  const signatures = [];
  for (const s of cp.signatures) {
    const org = keys.organisations.find((o) => toHex(o.publicKey) === toHex(s.publicKey));
    let state = 'untrusted';
    if (org) state = (await verifyEd25519(s.publicKey, message, s.signature)) ? 'valid' : 'invalid';
    signatures.push({ organisation: org ? org.name : s.organisation, publicKey: toHex(s.publicKey), state });
  }
  const verdict = await verifyCheckpoint(cp, keys);
  return {
    ok: verdict.ok, reason: verdict.ok ? null : verdict.reason, checkpoint: cp, threshold: keys.threshold,
    total: keys.organisations.length, signers: verdict.signers, signatures,
  };
}

const SIGNATURE_BADGE = {
  valid: ['ok', 'explorer.sig.valid'],
  invalid: ['bad', 'explorer.sig.invalid'],
  untrusted: ['warn', 'explorer.sig.untrusted'],
  unchecked: ['neutral', 'explorer.sig.unchecked'],
};

/** The co-signatures as a list, each with its verdict. */
export function signatureList(judged) {
  return h('ul', { class: 'signatures', 'data-testid': 'checkpoint-signatures' }, judged.signatures.map((s) => {
    const [kind, key] = SIGNATURE_BADGE[s.state];
    return h('li', { 'data-state': s.state },
      h('strong', {}, s.organisation), ' ', shortHash(s.publicKey, 16), ' ', badge(kind, t(key)));
  }));
}

/** "k of n": how many trusted organisations signed validly out of those the trust names, and the threshold. */
export function quorum(judged) {
  if (judged.threshold === null) {
    return badge('neutral', t('explorer.quorum.noTrust'), { 'data-testid': 'checkpoint-quorum', 'data-state':
      'untrusted' });
  }
  const text = t('explorer.quorum', { k: judged.signers.length, n: judged.total, threshold: judged.threshold });
  return badge(judged.ok ? 'ok' : 'bad', text, { 'data-testid': 'checkpoint-quorum',
    'data-state': judged.ok ? 'verified' : 'failed' });
}

/** A link to the trust settings, for pages that cannot vouch for anything without keys. */
export function needTrust() {
  return h('p', { class: 'notice warn-notice', 'data-testid': 'need-trust' }, t('explorer.needTrust'), ' ',
    h('a', { href: '/explorer/trust' }, t('explorer.needTrust.link')));
}
