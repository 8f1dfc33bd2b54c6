// The light client's memory: the last checkpoint this browser trusted (per chain, in localStorage), and the check
// that a newer one extends it. The node must prove, with an RFC 9162 consistency proof, that the log it shows now
// starts with the log the browser saw before; a node that rewrote history cannot, however it signs its checkpoints.
import { api } from '../core/api.js';
import { equalBytes, fromBase64, toBase64, toHex } from '../ledger/bytes.js';
import { verifyConsistency } from '../ledger/merkle.js';
import { judgeCheckpoint, trustFor } from './common.js';

const KEY = 'trustmall.explorer.lastCheckpoint.v1';

function readAll() {
  try {
    const o = JSON.parse(localStorage.getItem(KEY) || '{}');
    return o && typeof o === 'object' && !Array.isArray(o) ? o : {};
  } catch {
    return {};
  }
}

/** The checkpoint remembered for this chain (hex id): {height, logSize, root (base64), at} or null. */
export function remembered(chainHex) {
  return readAll()[chainHex] ?? null;
}

function remember(chainHex, cp) {
  const all = readAll();
  all[chainHex] = { height: cp.height, logSize: cp.logSize, root: toBase64(cp.root), at: new Date().toISOString() };
  localStorage.setItem(KEY, JSON.stringify(all));
}

/** Forgets what this browser remembered for the chain, so the next trusted checkpoint starts afresh. */
export function forget(chainHex) {
  const all = readAll();
  delete all[chainHex];
  localStorage.setItem(KEY, JSON.stringify(all));
}

/**
 * Checks the checkpoint JSON the node serves now against the one remembered. Resolves to
 * {state, previous, current, reason} where state is
 *  'untrusted'  no keys pinned for the chain, or the checkpoint is not signed by enough of them (nothing remembered);
 *  'first'      nothing was remembered: this one is remembered now;
 *  'same'       the same log size and root as remembered;
 *  'extended'   a larger log, and the node's consistency proof shows it extends the remembered one (now remembered);
 *  'behind'     the node shows a smaller log than remembered (a lagging node, or one that dropped entries);
 *  'failed'     the same size with another root, or a proof that does not verify: the history was rewritten.
 * `fetchProof(from, to)` gets the proof (by default from this node's /ledger/consistency).
 */
export async function checkConsistency(checkpointJson, fetchProof = defaultFetch) {
  const chainHex = checkpointJson?.chain_id ?? '';
  const entry = trustFor(chainHex);
  const judged = await judgeCheckpoint(checkpointJson, entry);
  const cp = judged.checkpoint;
  const current = { height: cp.height, logSize: cp.logSize, root: toBase64(cp.root) };
  const chain = toHex(cp.chainId);
  const previous = remembered(chain);
  if (!judged.ok) {
    return { state: 'untrusted', previous, current, reason: judged.reason };
  }
  if (!previous) {
    remember(chain, cp);
    return { state: 'first', previous: null, current, reason: null };
  }
  const oldRoot = fromBase64(previous.root);
  if (cp.logSize === previous.logSize) {
    return equalBytes(oldRoot, cp.root)
      ? { state: 'same', previous, current, reason: null }
      : { state: 'failed', previous, current, reason: 'the log has the size remembered but another root' };
  }
  if (cp.logSize < previous.logSize) {
    return { state: 'behind', previous, current, reason: null };
  }
  if (previous.logSize === 0) {
    // Every log extends the empty one; there is nothing to prove.
    remember(chain, cp);
    return { state: 'extended', previous, current, reason: null };
  }
  let proof;
  try {
    proof = await fetchProof(previous.logSize, cp.logSize);
  } catch (e) {
    return { state: 'failed', previous, current, reason: 'the node gave no consistency proof: ' + (e?.message || e) };
  }
  let path;
  try {
    path = (proof?.path ?? []).map((p) => fromBase64(p));
  } catch {
    return { state: 'failed', previous, current, reason: 'the consistency proof holds a hash that is not base64' };
  }
  // The roots are the remembered one and the one the organisations signed now, never the node's root1/root2.
  const v = await verifyConsistency(previous.logSize, cp.logSize, path, oldRoot, cp.root);
  if (!v.ok) return { state: 'failed', previous, current, reason: v.reason, proof };
  remember(chain, cp);
  return { state: 'extended', previous, current, reason: null, proof };
}

function defaultFetch(from, to) {
  return api.get(`/ledger/consistency?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`);
}
