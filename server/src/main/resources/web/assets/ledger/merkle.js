// RFC 9162 (Certificate Transparency v2) Merkle tree hashing and proof verification, §2.1 — the browser twin of the
// ledger's MerkleVerifier.java, with the same verdicts and reasons (which match transparency-dev/merkle's
// proof.VerifyInclusion and proof.VerifyConsistency).
//
// Indices and sizes are unsigned 64-bit integers, taken as a BigInt, a safe non-negative Number or a string of
// decimal digits (JSON numbers beyond 2^53 lose precision, so callers pass those as strings). Hashes are
// Uint8Arrays; every one must be exactly 32 bytes, except that two trees of the same non-zero size are consistent
// exactly when their roots are equal, whatever those roots are. Verifiers never throw for bad input: they resolve to
// {ok: false, reason} with a short sentence.

import { equalBytes, sha256 } from './bytes.js';

const HASH_LENGTH = 32;
const U64_MAX = (1n << 64n) - 1n;
const LEAF_PREFIX = Uint8Array.of(0);
const NODE_PREFIX = Uint8Array.of(1);

const PASSED = Object.freeze({ ok: true, reason: 'ok' });

function failed(reason) {
  return { ok: false, reason };
}

/** SHA-256(0x00 || data): the hash of a leaf. */
export function leafHash(data) {
  return sha256(LEAF_PREFIX, data);
}

/** SHA-256(0x01 || left || right): the hash of an inner node. */
export function nodeHash(left, right) {
  return sha256(NODE_PREFIX, left, right);
}

/** The root of the tree with no leaves: SHA-256 of nothing. */
export function emptyRoot() {
  return sha256(new Uint8Array(0));
}

/**
 * The value as an unsigned 64-bit BigInt, or null when it is not one (negative, fractional, too large, not a
 * number).
 */
export function toU64(value) {
  let v;
  if (typeof value === 'bigint') {
    v = value;
  } else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) {
      return null;
    }
    v = BigInt(value);
  } else if (typeof value === 'string' && /^[0-9]{1,20}$/.test(value)) {
    v = BigInt(value);
  } else {
    return null;
  }
  return v >= 0n && v <= U64_MAX ? v : null;
}

/**
 * Checks that `proof` (hashes, lowest level first) proves the leaf with hash `leafHashBytes` at `leafIndex` to be
 * part of the tree of `treeSize` leaves whose root is `root`. Resolves to {ok, reason}.
 */
export async function verifyInclusion(leafIndex, treeSize, leafHashBytes, proof, root) {
  const index = toU64(leafIndex);
  const size = toU64(treeSize);
  if (index === null) {
    return failed('leaf index ' + leafIndex + ' is not an unsigned 64-bit integer');
  }
  if (size === null) {
    return failed('tree size ' + treeSize + ' is not an unsigned 64-bit integer');
  }
  if (!Array.isArray(proof)) {
    return failed('proof is not a list of hashes');
  }
  if (index >= size) {
    return failed('leaf index ' + index + ' is not below the tree size ' + size);
  }
  let problem = firstBadHash('leaf hash', leafHashBytes, 'root', root);
  if (problem) {
    return failed(problem);
  }
  const inner = innerProofSize(index, size);
  const border = bitCount(index >> BigInt(inner));
  problem = badProof(proof, inner + border);
  if (problem) {
    return failed(problem);
  }
  let calculated = await chainInner(leafHashBytes, proof.slice(0, inner), index);
  calculated = await chainBorderRight(calculated, proof.slice(inner));
  return equalBytes(calculated, root) ? PASSED : failed('calculated root differs from the expected root');
}

/**
 * Checks that `proof` proves the tree of `size1` leaves with root `root1` to be a prefix of the tree of `size2`
 * leaves with root `root2`. Requires 0 < size1 <= size2, except that two empty trees are consistent, with an empty
 * proof, when both roots are the empty-tree root. Resolves to {ok, reason}.
 */
export async function verifyConsistency(size1, size2, proof, root1, root2) {
  const s1 = toU64(size1);
  const s2 = toU64(size2);
  if (s1 === null) {
    return failed('first tree size ' + size1 + ' is not an unsigned 64-bit integer');
  }
  if (s2 === null) {
    return failed('second tree size ' + size2 + ' is not an unsigned 64-bit integer');
  }
  if (!Array.isArray(proof)) {
    return failed('proof is not a list of hashes');
  }
  if (s1 > s2) {
    return failed('first tree size ' + s1 + ' is larger than second tree size ' + s2);
  }
  if (s1 === s2) {
    return equalSizes(s1, proof, root1, root2);
  }
  if (s1 === 0n) {
    return failed('a consistency proof from the empty tree is meaningless');
  }
  if (proof.length === 0) {
    return failed('proof is empty, but the tree sizes differ');
  }
  let problem = firstBadHash('root1', root1, 'root2', root2);
  if (problem) {
    return failed(problem);
  }
  // The proof is, after an optional seed, a suffix of the inclusion proof of leaf size1 - 1 in the second tree that
  // starts at the level of the largest complete subtree ending at size1.
  const shift = trailingZeros(s1);
  const inner = innerProofSize(s1 - 1n, s2) - shift;
  const border = bitCount((s1 - 1n) >> BigInt(inner + shift));
  // When size1 is a power of two that subtree is the whole first tree, so root1 seeds the chain; otherwise the
  // proof's first hash carries the subtree.
  const seedIsRoot1 = s1 === 1n << BigInt(shift);
  const start = seedIsRoot1 ? 0 : 1;
  problem = badProof(proof, start + inner + border);
  if (problem) {
    return failed(problem);
  }
  const seed = seedIsRoot1 ? root1 : proof[0];
  const innerPart = proof.slice(start, start + inner);
  const borderPart = proof.slice(start + inner);
  const mask = (s1 - 1n) >> BigInt(shift);

  const hash1 = await chainBorderRight(await chainInnerRight(seed, innerPart, mask), borderPart);
  if (!equalBytes(hash1, root1)) {
    return failed('calculated root of the first tree differs from root1');
  }
  const hash2 = await chainBorderRight(await chainInner(seed, innerPart, mask), borderPart);
  if (!equalBytes(hash2, root2)) {
    return failed('calculated root of the second tree differs from root2');
  }
  return PASSED;
}

async function equalSizes(size, proof, root1, root2) {
  if (proof.length !== 0) {
    return failed('trees of equal size need an empty proof, got ' + hashes(proof.length));
  }
  if (size === 0n) {
    // Every empty tree has the same root, so anything else claimed for one is wrong.
    const empty = await emptyRoot();
    if (!equalBytes(root1, empty) || !equalBytes(root2, empty)) {
      return failed('the root of an empty tree must be SHA-256 of nothing');
    }
    return PASSED;
  }
  if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array) || !equalBytes(root1, root2)) {
    return failed('roots of trees of equal size differ');
  }
  return PASSED;
}

/**
 * The number of proof hashes below the level where the paths to `index` and to the tree's last leaf `size - 1`
 * meet; the rest of an inclusion proof runs along the right border. size - 1 wraps to 2^64 - 1 for size 0.
 */
function innerProofSize(index, size) {
  return bitLength(index ^ ((size - 1n) & U64_MAX));
}

function bitLength(v) {
  return v === 0n ? 0 : v.toString(2).length;
}

function bitCount(v) {
  let n = 0;
  for (const c of v.toString(2)) {
    n += c === '1' ? 1 : 0;
  }
  return n;
}

function trailingZeros(v) {
  let n = 0;
  while (n < 64 && ((v >> BigInt(n)) & 1n) === 0n) {
    n++;
  }
  return n;
}

/** Hashes up from `seed`, taking each bit of `index` to say on which side the proof hash lies. */
async function chainInner(seed, proof, index) {
  for (let i = 0; i < proof.length; i++) {
    seed = ((index >> BigInt(i)) & 1n) === 0n ? await nodeHash(seed, proof[i]) : await nodeHash(proof[i], seed);
  }
  return seed;
}

/**
 * Like chainInner but uses only the hashes to the left of the path, which yields the hash of the subtree as it was
 * before anything was appended to its right.
 */
async function chainInnerRight(seed, proof, index) {
  for (let i = 0; i < proof.length; i++) {
    if (((index >> BigInt(i)) & 1n) === 1n) {
      seed = await nodeHash(proof[i], seed);
    }
  }
  return seed;
}

/** Along the right border every proof hash is a left sibling. */
async function chainBorderRight(seed, proof) {
  for (const hash of proof) {
    seed = await nodeHash(hash, seed);
  }
  return seed;
}

function badProof(proof, expected) {
  if (proof.length !== expected) {
    return 'proof has ' + hashes(proof.length) + ', expected ' + expected;
  }
  for (let i = 0; i < proof.length; i++) {
    const problem = badHash('proof hash ' + i, proof[i]);
    if (problem) {
      return problem;
    }
  }
  return null;
}

function firstBadHash(name1, hash1, name2, hash2) {
  return badHash(name1, hash1) || badHash(name2, hash2);
}

function badHash(name, hash) {
  if (hash === null || hash === undefined) {
    return name + ' is missing';
  }
  if (!(hash instanceof Uint8Array)) {
    return name + ' is not a byte array';
  }
  if (hash.length !== HASH_LENGTH) {
    return name + ' has ' + hash.length + ' bytes, expected ' + HASH_LENGTH;
  }
  return null;
}

function hashes(n) {
  return n === 1 ? '1 hash' : n + ' hashes';
}
