// The framing of a signed ledger transaction — the twin of the ledger's Transaction.decode:
//   body     = "TMTX" | version (1) | chain id (32) | contract (u8 length + ASCII) | method (u8 length + ASCII)
//              | args (u32 length + canonical CBOR) | sender public key (32) | nonce (u64) | timestamp (i64, ms)
//   encoding = body | Ed25519 signature over body (64);  id = SHA-256(body)
// The arguments are kept as bytes: the browser proves the encoding is in the log, it does not interpret it (so it
// does not re-check that the CBOR is canonical, which the ledger did when it accepted the transaction).

import { sha256, toHex } from './bytes.js';
import { verifyEd25519 } from './checkpoint.js';

const MAGIC = [0x54, 0x4d, 0x54, 0x58]; // "TMTX"
const VERSION = 1;
const SIGNATURE_LENGTH = 64;
const NAME = /^[a-z][a-z0-9._-]{0,63}$/;

/**
 * Parses an encoding strictly (every length must fit, names must be identifiers, nothing may follow the signature)
 * into {id, chainId, contract, method, args, sender, nonce, timestamp, body, signature,
 * encoded}; `id` is hex, nonce and
 * timestamp BigInts, byte fields Uint8Arrays. Throws an Error naming the field that did not fit.
 */
export async function decodeTransaction(encoded) {
  let at = 0;
  const need = (n, field) => {
    if (encoded.length - at < n) {
      throw new Error('truncated at ' + field + ' (byte ' + at + ')');
    }
  };
  const take = (n, field) => {
    need(n, field);
    const out = encoded.slice(at, at + n);
    at += n;
    return out;
  };
  const view = new DataView(encoded.buffer, encoded.byteOffset, encoded.byteLength);
  if (encoded.length < 4 || MAGIC.some((b, i) => encoded[i] !== b)) {
    throw new Error('not a TrustMall transaction (bad magic)');
  }
  at = 4;
  need(1, 'version');
  const version = encoded[at++];
  if (version !== VERSION) {
    throw new Error('unsupported transaction version ' + version);
  }
  const chainId = take(32, 'chain id');
  const name = (field) => {
    need(1, field + ' name length');
    const len = encoded[at++];
    const s = String.fromCharCode(...take(len, field + ' name'));
    if (!NAME.test(s)) {
      throw new Error(field + ' name is not a valid identifier');
    }
    return s;
  };
  const contract = name('contract');
  const method = name('method');
  need(4, 'args length');
  const argsLength = view.getUint32(at);
  at += 4;
  const args = take(argsLength, 'args');
  const sender = take(32, 'sender');
  need(8, 'nonce');
  const nonce = view.getBigUint64(at);
  at += 8;
  need(8, 'timestamp');
  const timestamp = view.getBigInt64(at);
  at += 8;
  const body = encoded.slice(0, at);
  const signature = take(SIGNATURE_LENGTH, 'signature');
  if (at !== encoded.length) {
    throw new Error((encoded.length - at) + ' unexpected bytes after the signature');
  }
  return {
    id: toHex(await sha256(body)), chainId, contract, method, args, sender, nonce, timestamp, body, signature,
    encoded: encoded.slice(),
  };
}

/** Whether the sender's Ed25519 signature over the body is valid. */
export function transactionSignatureValid(tx) {
  return verifyEd25519(tx.sender, tx.body, tx.signature);
}
