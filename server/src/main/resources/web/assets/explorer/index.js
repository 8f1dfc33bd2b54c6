// The ledger explorer's routes: public pages (no sign-in) for blocks, transactions, the co-signed checkpoint, proof
// checks in the browser, and the keys this browser trusts.
import './messages.js';
import { blockPage, blocksPage } from './blocks.js';
import { overviewPage } from './overview.js';
import { trustPage } from './trust-page.js';
import { txPage } from './tx.js';
import { verifyPage } from './verify-page.js';

export function register(router) {
  router.add('/explorer', overviewPage, { title: 'explorer.title' });
  router.add('/explorer/blocks', blocksPage, { title: 'explorer.blocks.title' });
  router.add('/explorer/blocks/:height', blockPage, { title: 'explorer.block.pageTitle' });
  router.add('/explorer/tx/:id', txPage, { title: 'explorer.tx.title' });
  router.add('/explorer/verify', verifyPage, { title: 'explorer.verify.title' });
  router.add('/explorer/trust', trustPage, { title: 'explorer.trust.title' });
}
