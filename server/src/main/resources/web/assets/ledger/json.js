// Reading the ledger's JSON documents field by field, so that every problem names the field by its path from the
// document (e.g. `checkpoint.signatures[0].signature`), as the ledger's LedgerJson.java does.

import { fromBase64, fromHex } from './bytes.js';

/** JSON that does not hold what it should; `field` is the path, `problem` what is wrong with it. */
export class InvalidJsonError extends Error {
  constructor(field, problem) {
    super("field '" + field + "' " + problem);
    this.name = 'InvalidJsonError';
    this.field = field;
    this.problem = problem;
  }
}

/** Runs `parse`, prefixing the field of any InvalidJsonError with `path.`. */
export async function within(path, parse) {
  try {
    return await parse();
  } catch (e) {
    if (e instanceof InvalidJsonError) {
      throw new InvalidJsonError(path + '.' + e.field, e.problem);
    }
    throw e;
  }
}

/** The object's field, which must be present and not null. */
export function require(o, field) {
  const v = o === null || typeof o !== 'object' ? undefined : o[field];
  if (v === undefined || v === null) {
    throw new InvalidJsonError(field, 'is missing');
  }
  return v;
}

export function text(o, field) {
  const v = require(o, field);
  if (typeof v !== 'string') {
    throw new InvalidJsonError(field, 'must be a string');
  }
  return v;
}

/** A non-negative integer that a JS number holds exactly. */
export function integer(o, field) {
  const v = require(o, field);
  if (typeof v !== 'number' || !Number.isSafeInteger(v)) {
    throw new InvalidJsonError(field, 'must be an integer');
  }
  return v;
}

export function base64(o, field) {
  const s = text(o, field);
  try {
    return fromBase64(s);
  } catch {
    throw new InvalidJsonError(field, 'must be base64');
  }
}

export function base64Hash(o, field) {
  const b = base64(o, field);
  if (b.length !== 32) {
    throw new InvalidJsonError(field, 'must be a base64 SHA-256 hash');
  }
  return b;
}

export function hexBytes(o, field, length, what) {
  const s = text(o, field);
  let b;
  try {
    b = fromHex(s);
  } catch {
    b = null;
  }
  if (b === null || b.length !== length) {
    throw new InvalidJsonError(field, 'must be ' + what);
  }
  return b;
}

/** An array of base64 SHA-256 hashes. */
export function hashes(o, field) {
  const arr = require(o, field);
  if (!Array.isArray(arr)) {
    throw new InvalidJsonError(field, 'must be an array');
  }
  return arr.map((h, i) => {
    let b = null;
    try {
      b = typeof h === 'string' ? fromBase64(h) : null;
    } catch {
      b = null;
    }
    if (b === null || b.length !== 32) {
      throw new InvalidJsonError(field + '[' + i + ']', 'must be a base64 SHA-256 hash');
    }
    return b;
  });
}
