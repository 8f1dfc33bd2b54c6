// Where the unit tests find the code under test, the shared vectors and the committed fixtures.
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (web-tests/..). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The shared folder beside the repository (as Maven's trustmall.shared.dir), or $TRUSTMALL_SHARED_DIR. */
export const SHARED_DIR = process.env.TRUSTMALL_SHARED_DIR || path.resolve(REPO_ROOT, '..', 'shared');

/** The committed fixtures written by the ledger's BrowserProofFixturesTest. */
export const FIXTURES_DIR = path.join(REPO_ROOT, 'web-tests', 'fixtures');

/** A module of the browser's ledger verifier, imported from where the server serves it. */
export function ledgerModule(name) {
  return import(path.join(REPO_ROOT, 'server/src/main/resources/web/assets/ledger', name));
}
