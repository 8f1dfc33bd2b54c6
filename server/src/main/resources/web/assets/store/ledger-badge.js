// "Verified on the ledger": a transaction's inclusion proof is fetched from the platform and checked here, in the
// browser, against a checkpoint co-signed by organisations whose keys come from the browser's own trust store —
// never from the server being checked.
import { h, replace } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api } from '../core/api.js';
import { verifyProof } from '../ledger/verify.js';
import { trustStore } from '../ledger/trust.js';

/**
 * A badge for one ledger transaction ({kind, id, height}); it starts "checking" and settles to verified (k of n
 * signers, checkpoint height), failed (the reason) or untrusted (no keys yet: a link to import them).
 */
export function ledgerBadge(tx) {
  const badge = h('div', { class: 'ledger-badge', 'data-testid': 'ledger-badge', 'data-state': 'checking',
    'data-tx': tx.id },
  h('span', { class: 'badge neutral' }, t('store.ledger.checking')));
  check(tx, badge);
  return badge;
}

async function check(tx, badge) {
  let outcome;
  try {
    const bundle = await api.get(`/ledger/transactions/${encodeURIComponent(tx.id)}/proof`);
    // The keys the user imported for this chain (from the organisations' file or their nodes), never the server's.
    const trust = trustStore().forChain(bundle?.checkpoint?.chain_id);
    if (!trust) {
      outcome = { state: 'untrusted' };
    } else {
      const r = await verifyProof(bundle, trust);
      outcome = { state: r.ok ? 'verified' : 'failed', r, trust };
    }
  } catch (e) {
    outcome = { state: 'failed', r: { reason: String(e.detail || e.message || e) } };
  }
  render(badge, tx, outcome);
}

function render(badge, tx, { state, r, trust }) {
  badge.dataset.state = state;
  if (state === 'verified') {
    const cp = r.checkpoint || {};
    const signers = Array.isArray(cp.signers) ? cp.signers : [];
    const total = trust.organisations.length;
    replace(badge, h('span', { class: 'badge ok' }, '✓ ', t('store.ledger.verified')), ' ',
      h('span', { class: 'muted ledger-detail', 'data-testid': 'ledger-detail', 'data-signers': signers.length,
        'data-height': cp.height, title: signers.join(', ') }, t('store.ledger.signedKofN', {
        k: signers.length, n: total, height: cp.height, names: signers.join(', '),
      })));
  } else if (state === 'failed') {
    replace(badge, h('span', { class: 'badge bad' }, '✗ ', t('store.ledger.failed')), ' ',
      h('span', { class: 'ledger-detail' }, r.reason || ''));
  } else {
    replace(badge, h('span', { class: 'badge neutral' }, t('store.ledger.untrusted')), ' ',
      h('a', { href: '/explorer/trust', 'data-testid': 'ledger-trust-link' }, t('store.ledger.importKeys')));
  }
  badge.title = `${tx.kind} · ${tx.id}`;
}
