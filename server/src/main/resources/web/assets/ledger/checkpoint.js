// Checkpoints as the browser checks them — the twin of the ledger's Checkpoint.java and BlockHeader.java. A
// checkpoint carries the signed block header itself, so height, log size and Merkle root are read from what the
// organisations signed, never from the JSON fields that repeat them (those are only checked to agree). Each
// signature is Ed25519 over "TrustMall block v1\0" || chain id || SHA-256(header); a checkpoint is believed once
// `threshold` distinct trusted organisations signed it validly, and signatures by keys outside the trust are never
// counted.

import { concat, equalBytes, sha256, subtle, toBase64, toHex } from './bytes.js';
import { InvalidJsonError, base64, base64Hash, hexBytes, require, text, within } from './json.js';

/** The encoded length of a version-1 block header. */
export const HEADER_LENGTH = 1 + 8 + 32 + 8 + 4 + 32 + 32 + 32 + 8;
const VERSION = 1;
const SIGNING_DOMAIN = new TextEncoder().encode('TrustMall block v1\0');
const SIGNATURE_LENGTH = 64;

/**
 * Decodes the 157-byte header:
 * version (1) | height (8) | previous block hash (32) | log size (8) | transaction count (4) | Merkle root (32)
 * | state root (32) | results hash (32) | timestamp ms (8), big-endian. Throws an Error naming what is wrong.
 */
export function decodeHeader(bytes) {
  if (!(bytes instanceof Uint8Array) || bytes.length !== HEADER_LENGTH) {
    throw new Error('a block header has ' + HEADER_LENGTH + ' bytes');
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint8(0);
  if (version !== VERSION) {
    throw new Error('unsupported block version ' + version);
  }
  const height = view.getBigInt64(1);
  const previous = bytes.slice(9, 41);
  const logSize = view.getBigInt64(41);
  const transactionCount = view.getInt32(49);
  const merkleRoot = bytes.slice(53, 85);
  const stateRoot = bytes.slice(85, 117);
  const resultsHash = bytes.slice(117, 149);
  const timestamp = view.getBigInt64(149);
  if (height < 0n || logSize < 0n || transactionCount < 0) {
    throw new Error('negative height, log size or transaction count');
  }
  if (height > BigInt(Number.MAX_SAFE_INTEGER) || logSize > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new Error('height or log size beyond what this verifier handles');
  }
  return {
    version, height: Number(height), previous, logSize: Number(logSize), transactionCount, merkleRoot, stateRoot,
    resultsHash, timestamp: Number(timestamp),
  };
}

/** SHA-256 of the encoded header: the block hash. */
export function blockHash(headerBytes) {
  return sha256(headerBytes);
}

/** The bytes each organisation signs to seal a block: a domain tag, the chain id and the block hash. */
export function signingMessage(chainId, blockHashBytes) {
  return concat(SIGNING_DOMAIN, chainId, blockHashBytes);
}

/**
 * Parses a checkpoint's JSON (LedgerJson.checkpoint) into
 * {chainId, header, headerBytes, blockHash, height, logSize, root, timestamp, signatures: [{organisation, publicKey,
 * signature}]} with byte fields as Uint8Arrays. Throws InvalidJsonError naming the field.
 */
export async function parseCheckpoint(o) {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) {
    throw new InvalidJsonError('(document)', 'must be a JSON object');
  }
  const chainId = hexBytes(o, 'chain_id', 32, '64 hex digits');
  const headerBytes = base64(o, 'header');
  if (headerBytes.length !== HEADER_LENGTH) {
    throw new InvalidJsonError('header', 'must be ' + HEADER_LENGTH + ' bytes');
  }
  let header;
  try {
    header = decodeHeader(headerBytes);
  } catch (e) {
    throw new InvalidJsonError('header', 'is not a block header: ' + e.message);
  }
  const hash = await blockHash(headerBytes);
  if (o.height !== undefined && o.height !== header.height) {
    throw new InvalidJsonError('height', 'does not match the signed header');
  }
  if (o.log_size !== undefined && o.log_size !== header.logSize) {
    throw new InvalidJsonError('log_size', 'does not match the signed header');
  }
  if (o.root !== undefined && !equalBytes(base64Hash(o, 'root'), header.merkleRoot)) {
    throw new InvalidJsonError('root', 'does not match the signed header');
  }
  if (o.block_hash !== undefined && !equalBytes(hexBytes(o, 'block_hash', 32, '64 hex digits'), hash)) {
    throw new InvalidJsonError('block_hash', 'does not match the signed header');
  }
  const arr = require(o, 'signatures');
  if (!Array.isArray(arr)) {
    throw new InvalidJsonError('signatures', 'must be an array');
  }
  const signatures = [];
  for (let i = 0; i < arr.length; i++) {
    signatures.push(await within('signatures[' + i + ']', () => parseSignature(arr[i])));
  }
  return {
    chainId, header, headerBytes, blockHash: hash, height: header.height, logSize: header.logSize,
    root: header.merkleRoot, timestamp: header.timestamp, signatures,
  };
}

function parseSignature(s) {
  if (s === null || typeof s !== 'object') {
    throw new InvalidJsonError('organisation', 'is missing');
  }
  const organisation = text(s, 'organisation');
  const publicKey = hexBytes(s, 'public_key', 32, '64 hex digits');
  const signature = base64(s, 'signature');
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new InvalidJsonError('signature', 'must be ' + SIGNATURE_LENGTH + ' bytes');
  }
  return { organisation, publicKey, signature };
}

/** Raised when this browser's WebCrypto has no Ed25519, so nothing can be concluded either way. */
export class Ed25519UnsupportedError extends Error {
  constructor(cause) {
    super('this browser cannot verify Ed25519 signatures (WebCrypto lacks Ed25519): ' + (cause?.message || cause));
    this.name = 'Ed25519UnsupportedError';
  }
}

/**
 * Ed25519 verification of `signature` over `message` by the raw 32-byte `publicKey`. A key that is not a curve
 * point is an invalid signature; a browser without Ed25519 throws Ed25519UnsupportedError.
 */
export async function verifyEd25519(publicKey, message, signature) {
  let key;
  try {
    key = await subtle().importKey('raw', publicKey, { name: 'Ed25519' }, false, ['verify']);
  } catch (e) {
    if (e && e.name === 'NotSupportedError') {
      throw new Ed25519UnsupportedError(e);
    }
    return false;
  }
  try {
    return await subtle().verify({ name: 'Ed25519' }, key, signature, message);
  } catch (e) {
    if (e && e.name === 'NotSupportedError') {
      throw new Ed25519UnsupportedError(e);
    }
    return false;
  }
}

/**
 * Checks a parsed checkpoint against the trust ({chainId: Uint8Array|null, threshold, organisations: [{name,
 * publicKey: Uint8Array}]}, see trust.js) like Checkpoint.verify(TrustedKeys): where the trust names a chain the
 * checkpoint must be for it, and at least `threshold` distinct trusted organisations must have signed validly.
 * Resolves to {ok, reason, signers} where signers are the names of the trusted organisations whose signature is
 * valid, in signature order.
 */
export async function verifyCheckpoint(cp, trust) {
  if (trust.chainId && !equalBytes(trust.chainId, cp.chainId)) {
    return {
      ok: false, signers: [],
      reason: 'checkpoint is for chain ' + toHex(cp.chainId) + ', not the trusted chain ' + toHex(trust.chainId),
    };
  }
  const message = signingMessage(cp.chainId, cp.blockHash);
  const signers = [];
  const problems = [];
  for (const s of cp.signatures) {
    const org = trust.organisations.find((o) => equalBytes(o.publicKey, s.publicKey));
    if (!org) {
      problems.push('signature by untrusted key ' + toHex(s.publicKey).substring(0, 16));
    } else if (!(await verifyEd25519(s.publicKey, message, s.signature))) {
      problems.push('invalid signature by ' + org.name);
    } else if (!signers.includes(org.name)) {
      signers.push(org.name);
    }
  }
  if (signers.length >= trust.threshold) {
    return { ok: true, reason: 'ok', signers };
  }
  return {
    ok: false, signers,
    reason: 'checkpoint has ' + signers.length + ' valid trusted signature(s), ' + trust.threshold + ' required'
      + (problems.length === 0 ? '' : ' (' + problems.join('; ') + ')'),
  };
}

/** A checkpoint summary for display: hex chain id and block hash, base64 and hex root. */
export function describeCheckpoint(cp, signers = []) {
  return {
    chainId: toHex(cp.chainId), height: cp.height, logSize: cp.logSize, root: toBase64(cp.root),
    rootHex: toHex(cp.root), blockHash: toHex(cp.blockHash), timestamp: cp.timestamp, signers,
  };
}
