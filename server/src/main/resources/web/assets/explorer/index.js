// The ledger explorer's routes: public pages (no sign-in) for blocks, transactions, the co-signed checkpoint, proof
// checks in the browser, and the keys this browser trusts.
import './messages.js';
import { h } from '../core/dom.js';
import { blockPage, blocksPage } from './blocks.js';
import { overviewPage } from './overview.js';
import { trustPage } from './trust-page.js';
import { txPage } from './tx.js';
import { verifyPage } from './verify-page.js';

/** Renders the page into a wrapper of its own, so the area's styles apply to its pages only. */
function area(page) {
  return (ctx) => {
    const root = h('div', { class: 'explorer' });
    ctx.main.append(root);
    return page({ ...ctx, main: root });
  };
}

export function register(router) {
  router.add('/explorer', area(overviewPage), { title: 'explorer.title' });
  router.add('/explorer/blocks', area(blocksPage), { title: 'explorer.blocks.title' });
  router.add('/explorer/blocks/:height', area(blockPage), { title: 'explorer.block.pageTitle' });
  router.add('/explorer/tx/:id', area(txPage), { title: 'explorer.tx.title' });
  router.add('/explorer/verify', area(verifyPage), { title: 'explorer.verify.title' });
  router.add('/explorer/trust', area(trustPage), { title: 'explorer.trust.title' });
}
