// Checking an inclusion proof bundle in the browser, step by step, and showing each step. The verdict is
// verifyProof's (the twin of `trustmall ledger verify-proof`); the steps repeat its checks one at a time so that a
// reader sees which one failed and why. Keys come only from the browser's trust store.
import { h, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { equalBytes, fromBase64, toBase64, toHex } from '../ledger/bytes.js';
import { verifyCheckpoint } from '../ledger/checkpoint.js';
import { leafHash, verifyInclusion } from '../ledger/merkle.js';
import { transactionSignatureValid } from '../ledger/transaction.js';
import { toTrust } from '../ledger/trust.js';
import { parseProof, verifyProof } from '../ledger/verify.js';
import { badge, trust } from './common.js';

/**
 * Checks `bundle` (an object or JSON text) against the trust store entry for its chain. Resolves to
 * {state: 'verified' | 'failed' | 'untrusted', reason, steps: [{key, ok: true | false | null, detail, vars}], entry}.
 * 'untrusted': the proof may be sound but the browser pins no keys for its chain, so nothing is vouched for.
 */
export async function checkProof(bundle) {
  const steps = [];
  try {
    return await check(bundle, steps);
  } catch (e) {
    // WebCrypto without Ed25519, say: nothing can be concluded, and the page says why instead of breaking.
    const reason = String(e?.message || e);
    steps.push({ key: 'error', ok: false, detail: reason });
    return { state: 'failed', reason, steps, entry: null };
  }
}

async function check(bundle, steps) {
  let parsed;
  try {
    parsed = await parseProof(bundle);
    steps.push({ key: 'format', ok: true });
  } catch (e) {
    steps.push({ key: 'format', ok: false, detail: e.message });
    return { state: 'failed', reason: e.message, steps, entry: null };
  }
  const raw = typeof bundle === 'string' ? JSON.parse(bundle) : bundle;
  const chainHex = toHex(parsed.checkpoint.chainId);
  const entry = trust.forChain(chainHex);

  // 1. The leaf: SHA-256(0x00 || the transaction's bytes), and the bundle's stated leaf hash must be that.
  const leaf = await leafHash(parsed.transaction.encoded);
  let stated = null;
  try {
    stated = raw.leaf_hash === undefined ? null : fromBase64(raw.leaf_hash);
  } catch {
    stated = new Uint8Array(0);
  }
  const leafOk = stated === null || equalBytes(stated, leaf);
  steps.push({ key: 'leaf', ok: leafOk, vars: { hash: toBase64(leaf) },
    detail: leafOk ? null : t('explorer.proof.leafMismatch', { stated: raw.leaf_hash }) });

  // 2. The path: from the leaf up to the checkpoint's root, for the checkpoint's tree size.
  let pathOk;
  let pathDetail = null;
  if (parsed.treeSize !== parsed.checkpoint.logSize) {
    pathOk = false;
    pathDetail = t('explorer.proof.sizeMismatch', { proof: parsed.treeSize, checkpoint: parsed.checkpoint.logSize });
  } else {
    const r = await verifyInclusion(parsed.leafIndex, parsed.treeSize, leaf, parsed.path, parsed.checkpoint.root);
    pathOk = r.ok;
    pathDetail = r.ok ? null : r.reason;
  }
  steps.push({ key: 'path', ok: pathOk, detail: pathDetail,
    vars: { index: parsed.leafIndex, size: parsed.treeSize, n: parsed.path.length,
      root: toHex(parsed.checkpoint.root) } });

  // 3. The checkpoint: k of n trusted organisations signed it.
  let sigOk = null;
  let sigDetail = t('explorer.proof.noTrust');
  let sigVars = {};
  if (entry) {
    const keys = toTrust(entry);
    const v = await verifyCheckpoint(parsed.checkpoint, keys);
    sigOk = v.ok;
    sigDetail = v.ok ? null : v.reason;
    sigVars = { k: v.signers.length, n: keys.organisations.length, threshold: keys.threshold,
      signers: v.signers.join(', ') || '—' };
  }
  steps.push({ key: entry ? 'signatures' : 'signaturesNoTrust', ok: sigOk, detail: sigDetail, vars: sigVars });

  // 4. The chain: the transaction, the checkpoint and the pinned keys all name the same chain.
  const sameChain = equalBytes(parsed.transaction.chainId, parsed.checkpoint.chainId)
    && (!entry || entry.chainId === null || entry.chainId === chainHex);
  steps.push({ key: 'chain', ok: sameChain, vars: { chain: chainHex },
    detail: sameChain ? null : t('explorer.proof.otherChain') });

  // 5. The transaction's own signature by its sender.
  const txSig = await transactionSignatureValid(parsed.transaction);
  steps.push({ key: 'txSignature', ok: txSig, detail: txSig ? null : t('explorer.proof.txSig') });

  const firstFailure = steps.find((s) => s.ok === false);
  if (firstFailure) {
    return { state: 'failed', reason: firstFailure.detail || t(`explorer.proof.step.${firstFailure.key}`), steps,
      entry };
  }
  if (!entry) return { state: 'untrusted', reason: t('explorer.proof.noTrust'), steps, entry };
  const verdict = await verifyProof(raw, entry);
  if (!verdict.ok) return { state: 'failed', reason: verdict.reason, steps, entry };
  return { state: 'verified', reason: null, steps, entry };
}

const STATE_BADGE = { verified: 'ok', failed: 'bad', untrusted: 'warn' };

/** The result: a headline with the state and the reason, then each step with pass, fail or not checked. */
export function proofResult(result) {
  const headline = h('p', { class: 'proof-verdict' },
    badge(STATE_BADGE[result.state], t(`explorer.proof.state.${result.state}`), { 'data-testid': 'proof-state' }),
    ' ', h('span', {}, t(`explorer.proof.explain.${result.state}`)));
  const reason = result.reason
    ? h('p', { class: 'proof-reason', 'data-testid': 'proof-reason' }, t('explorer.proof.reason'), ' ', result.reason)
    : null;
  const steps = h('ol', { class: 'proof-steps', 'data-testid': 'proof-steps' }, result.steps.map((s) => {
    const state = s.ok === true ? 'pass' : s.ok === false ? 'fail' : 'skip';
    return h('li', { 'data-step': s.key, 'data-state': state, class: `step-${state}` },
      h('span', { class: 'step-mark', 'aria-hidden': 'true' }, state === 'pass' ? '✓' : state === 'fail' ? '✗' : '–'),
      h('div', { class: 'step-body' },
        h('strong', {}, t(`explorer.proof.step.${s.key}`), ' — ', t(`explorer.proof.${state}`)),
        s.vars && Object.keys(s.vars).length ? h('p', { class: 'step-what' },
          t(`explorer.proof.what.${s.key}`, s.vars)) : null,
        s.detail ? h('p', { class: 'step-detail' }, s.detail) : null));
  }));
  return h('section', { class: `card proof-result proof-${result.state}`, 'data-testid': 'proof-result',
    'data-state': result.state, 'aria-labelledby': 'proof-result-title' },
  h('h2', { id: 'proof-result-title' }, t('explorer.proof.title')), headline, reason, steps,
  result.state === 'untrusted' ? h('p', {}, h('a', { href: '/explorer/trust' }, t('explorer.needTrust.link'))) : null);
}

/** Checks a bundle and renders the result into `container`, telling screen-reader users the verdict. */
export async function checkAndShow(bundle, container) {
  const result = await checkProof(bundle);
  container.replaceChildren(proofResult(result));
  announce(t(`explorer.proof.state.${result.state}`) + (result.reason ? `: ${result.reason}` : ''));
  return result;
}
