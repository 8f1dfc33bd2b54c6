// "Verified on the ledger": a transaction's inclusion proof is fetched from the platform and checked here, in the
// browser, against a checkpoint co-signed by organisations whose keys come from the browser's own trust store —
// never from the server being checked.
import { h, replace } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api } from '../core/api.js';

let verifier;

/**
 * The verifier and trust store of assets/ledger, loaded once. Loaded on demand so that a page with no ledger
 * transactions does not fetch the crypto code.
 */
function loadVerifier() {
  if (!verifier) {
    verifier = Promise.all([import('../ledger/verify.js'), import('../ledger/trust.js')])
      .then(([v, tr]) => ({ verifyProof: v.verifyProof, trust: tr }))
      .catch((e) => { verifier = null; throw e; });
  }
  return verifier;
}

/** The trust store's current keys, in whatever shape verifyProof takes (the trust module's loader). */
async function trustedKeys(trustModule) {
  const load = trustModule.loadTrust || trustModule.trustStore || trustModule.load;
  if (typeof load === 'function') return load();
  return trustModule.default ?? trustModule.trust;
}

/** True when the trust store holds no keys (verification cannot start until some are imported). */
function isEmpty(trust) {
  if (!trust) return true;
  if (typeof trust.size === 'number') return trust.size === 0;
  for (const k of ['organisations', 'keys', 'orgs']) {
    const v = trust[k];
    if (Array.isArray(v)) return v.length === 0;
    if (v && typeof v === 'object') return Object.keys(v).length === 0;
  }
  return false;
}

/**
 * A badge for one ledger transaction ({kind, id, height}); it starts "checking" and settles to verified (k of n
 * signers, checkpoint height), failed (the reason) or untrusted (no keys yet: a link to import them).
 */
export function ledgerBadge(tx) {
  const badge = h('div', { class: 'ledger-badge', 'data-testid': 'ledger-badge', 'data-state': 'checking',
    'data-tx': tx.id, role: 'status' },
  h('span', { class: 'badge neutral' }, t('store.ledger.checking')));
  check(tx, badge);
  return badge;
}

async function check(tx, badge) {
  let outcome;
  try {
    const [{ verifyProof, trust: trustModule }, bundle] = await Promise.all([loadVerifier(),
      api.get(`/ledger/transactions/${encodeURIComponent(tx.id)}/proof`)]);
    const trust = await trustedKeys(trustModule);
    if (isEmpty(trust)) {
      outcome = { state: 'untrusted' };
    } else {
      const r = await verifyProof(bundle, trust);
      outcome = r.ok ? { state: 'verified', r } : { state: /trust|no key|unknown/i.test(r.reason || '')
        && !r.checkpoint ? 'untrusted' : 'failed', r };
    }
  } catch (e) {
    outcome = { state: 'failed', r: { reason: String(e.message || e) } };
  }
  render(badge, tx, outcome);
}

function render(badge, tx, { state, r }) {
  badge.dataset.state = state;
  if (state === 'verified') {
    const cp = r.checkpoint || {};
    const signers = Array.isArray(cp.signers) ? cp.signers : [];
    const total = r.trustedCount ?? cp.of ?? cp.total ?? null;
    replace(badge, h('span', { class: 'badge ok' }, '✓ ', t('store.ledger.verified')), ' ',
      h('span', { class: 'muted ledger-detail' }, t(total ? 'store.ledger.signedKofN' : 'store.ledger.signedK', {
        k: signers.length, n: total, height: cp.height ?? '?', leaf: r.leafIndex, size: r.treeSize,
      })),
      signers.length ? h('span', { class: 'visually-hidden' }, signers.map((s) => s.name || s.org || s).join(', '))
        : null);
  } else if (state === 'failed') {
    replace(badge, h('span', { class: 'badge bad' }, '✗ ', t('store.ledger.failed')), ' ',
      h('span', { class: 'ledger-detail' }, r.reason || ''));
  } else {
    replace(badge, h('span', { class: 'badge neutral' }, t('store.ledger.untrusted')), ' ',
      h('a', { href: '/explorer/trust', 'data-testid': 'ledger-trust-link' }, t('store.ledger.importKeys')));
  }
  badge.title = `${tx.kind} · ${tx.id}`;
}
