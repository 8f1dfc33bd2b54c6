// Checking a `trustmall-inclusion-proof/1` bundle (GET /api/v1/ledger/transactions/{id}/proof) in the browser, with
// no ledger at hand — the twin of the ledger's ProofBundle.verify and LedgerJson.proof. In order: the bundle's JSON
// (every problem names the field); the checkpoint's signatures against the trust (keys from the organisations, not
// from the server being checked); that the proof is for the checkpoint's tree size; the hash path from the
// transaction's leaf to the checkpoint's root; that the transaction belongs to the checkpoint's chain and carries a
// valid signature. The first failure is the reason.

import { equalBytes, toHex } from './bytes.js';
import { describeCheckpoint, Ed25519UnsupportedError, parseCheckpoint, verifyCheckpoint } from './checkpoint.js';
import { InvalidJsonError, base64, hashes, hexBytes, integer, require, within } from './json.js';
import { leafHash, verifyInclusion } from './merkle.js';
import { decodeTransaction, transactionSignatureValid } from './transaction.js';
import { toTrust } from './trust.js';

export const PROOF_FORMAT = 'trustmall-inclusion-proof/1';

/**
 * Parses a proof bundle (an object, or its JSON text) into {transaction, leafIndex, treeSize, path, checkpoint}.
 * Throws InvalidJsonError naming the field by its path, e.g. `checkpoint.signatures[0].signature`.
 */
export async function parseProof(bundle) {
  let o = bundle;
  if (typeof bundle === 'string') {
    try {
      o = JSON.parse(bundle);
    } catch (e) {
      throw new InvalidJsonError('(document)', 'not valid JSON: ' + e.message);
    }
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new InvalidJsonError('(document)', 'must be a JSON object');
  }
  if (o.format !== PROOF_FORMAT) {
    throw new InvalidJsonError('format', 'must be "' + PROOF_FORMAT + '"');
  }
  const t = require(o, 'transaction');
  const transaction = await within('transaction', async () => {
    let decoded;
    try {
      decoded = await decodeTransaction(base64(t, 'encoded'));
    } catch (e) {
      if (e instanceof InvalidJsonError) {
        throw e;
      }
      throw new InvalidJsonError('encoded', e.message);
    }
    if (t.id !== undefined && t.id !== null && toHex(hexBytes(t, 'id', 32, '64 hex digits')) !== decoded.id) {
      throw new InvalidJsonError('id', 'does not match the encoded transaction');
    }
    return decoded;
  });
  const leafIndex = integer(o, 'leaf_index');
  const treeSize = integer(o, 'tree_size');
  const path = hashes(o, 'path');
  const cp = require(o, 'checkpoint');
  const checkpoint = await within('checkpoint', () => parseCheckpoint(cp));
  return { transaction, leafIndex, treeSize, path, checkpoint };
}

/**
 * Verifies a proof bundle against `trust` (a trust store entry from trust.js, or a trusted-keys.json object).
 * Resolves, never rejects, to
 * {ok, reason, checkpoint: {chainId, height, logSize, root, rootHex, blockHash, timestamp, signers: [names]} | null,
 *  leafIndex, treeSize, transaction: {id, contract, method} | null}
 * where reason is 'ok' or a sentence naming what failed.
 */
export async function verifyProof(bundle, trust) {
  const result = { ok: false, reason: '', checkpoint: null, leafIndex: null, treeSize: null, transaction: null };
  try {
    let keys;
    try {
      keys = toTrust(trust);
    } catch (e) {
      return { ...result, reason: 'the trusted keys are unusable: ' + e.message };
    }
    let p;
    try {
      p = await parseProof(bundle);
    } catch (e) {
      if (e instanceof InvalidJsonError) {
        return { ...result, reason: 'the proof is malformed: ' + e.message };
      }
      throw e;
    }
    result.leafIndex = p.leafIndex;
    result.treeSize = p.treeSize;
    result.transaction = { id: p.transaction.id, contract: p.transaction.contract, method: p.transaction.method };
    const signatures = await verifyCheckpoint(p.checkpoint, keys);
    result.checkpoint = describeCheckpoint(p.checkpoint, signatures.signers);
    if (!signatures.ok) {
      return { ...result, reason: signatures.reason };
    }
    if (p.treeSize !== p.checkpoint.logSize) {
      return {
        ...result, reason: 'the proof is for a tree of ' + p.treeSize + ' entries but the checkpoint is for '
          + p.checkpoint.logSize,
      };
    }
    const leaf = await leafHash(p.transaction.encoded);
    const path = await verifyInclusion(p.leafIndex, p.treeSize, leaf, p.path, p.checkpoint.root);
    if (!path.ok) {
      return { ...result, reason: "inclusion proof does not lead to the checkpoint's root: " + path.reason };
    }
    if (!equalBytes(p.transaction.chainId, p.checkpoint.chainId)) {
      return { ...result, reason: 'the transaction is for another chain' };
    }
    if (!(await transactionSignatureValid(p.transaction))) {
      return { ...result, reason: "the transaction's signature is invalid" };
    }
    return { ...result, ok: true, reason: 'ok' };
  } catch (e) {
    if (e instanceof Ed25519UnsupportedError) {
      return { ...result, ok: false, reason: e.message };
    }
    return { ...result, ok: false, reason: 'the proof could not be checked: ' + (e?.message || e) };
  }
}
