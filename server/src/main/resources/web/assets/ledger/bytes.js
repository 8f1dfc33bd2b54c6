// Byte helpers shared by the ledger verifier: base64 and hex codecs, comparison and SHA-256 over WebCrypto.
// Everything here works the same in a browser and in Node 20 (globalThis.crypto, atob/btoa).

/** Decodes standard base64 (RFC 4648 §4, padding optional) to bytes; throws on anything else. */
export function fromBase64(text) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) {
    throw new Error('not base64');
  }
  let bin;
  try {
    bin = atob(text);
  } catch {
    throw new Error('not base64');
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) {
    out[i] = bin.charCodeAt(i);
  }
  return out;
}

/** Encodes bytes as standard base64 with padding. */
export function toBase64(bytes) {
  let bin = '';
  for (const b of bytes) {
    bin += String.fromCharCode(b);
  }
  return btoa(bin);
}

/** Decodes lower- or upper-case hex of even length; throws on anything else. */
export function fromHex(text) {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new Error('not hex');
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) {
    out[i] = parseInt(text.substr(i * 2, 2), 16);
  }
  return out;
}

/** Lower-case hex. */
export function toHex(bytes) {
  let s = '';
  for (const b of bytes) {
    s += b.toString(16).padStart(2, '0');
  }
  return s;
}

/** True when both are byte arrays of the same length and content. */
export function equalBytes(a, b) {
  if (!(a instanceof Uint8Array) || !(b instanceof Uint8Array) || a.length !== b.length) {
    return false;
  }
  let diff = 0;
  for (let i = 0; i < a.length; i++) {
    diff |= a[i] ^ b[i];
  }
  return diff === 0;
}

/** The concatenation of the given byte arrays. */
export function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** SHA-256 of the concatenated parts, as a Uint8Array of 32 bytes. */
export async function sha256(...parts) {
  const data = parts.length === 1 ? parts[0] : concat(...parts);
  return new Uint8Array(await subtle().digest('SHA-256', data));
}

/** WebCrypto's SubtleCrypto; throws a readable error where the page is not a secure context. */
export function subtle() {
  const s = globalThis.crypto && globalThis.crypto.subtle;
  if (!s) {
    throw new Error('this browser offers no WebCrypto here (it needs https or localhost)');
  }
  return s;
}
