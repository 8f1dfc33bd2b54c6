// /explorer/blocks (newest first, paged by height) and /explorer/blocks/:height (header, seals, transactions).
import { h, table, shortHash, dateTime, empty, replace, loading } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { fromHex, toBase64 } from '../ledger/bytes.js';
import { HEADER_LENGTH } from '../ledger/checkpoint.js';
import { badge, facts, fullHash, judgeCheckpoint, needTrust, quorum, signatureList, tabs, trust } from './common.js';

const PAGE = 20;

/** The columns of a block list (also the overview's recent blocks). */
export function blockColumns() {
  return [
    { key: 'explorer.field.height', cell: (b) => h('a', { href: `/explorer/blocks/${b.height}`,
      'data-testid': 'block-link', 'aria-label': t('explorer.block.open', { height: b.height }) }, String(b.height)) },
    { key: 'explorer.field.hash', cell: (b) => shortHash(b.hash, 16) },
    { key: 'explorer.field.time', cell: (b) => dateTime(b.timestamp) },
    { key: 'explorer.field.txCount', cell: (b) => String(b.transactionCount) },
    { key: 'explorer.field.logSize', cell: (b) => String(b.logSize) },
    { key: 'explorer.field.root', cell: (b) => shortHash(b.merkleRoot, 16) },
    { key: 'explorer.field.seals', cell: (b) => (b.seals ?? []).map((s) => s.organisation).join(', ') },
  ];
}

export async function blocksPage({ main, query }) {
  main.append(h('h1', {}, t('explorer.blocks.title')), tabs());
  const before = query.get('before');
  const valid = before === null || /^[1-9][0-9]{0,17}$/.test(before);
  const params = new URLSearchParams({ limit: String(PAGE) });
  if (before !== null && valid) params.set('before', before);
  const page = await api.get(`/ledger/blocks?${params}`);
  main.append(h('p', { class: 'muted' }, t('explorer.blocks.height', { height: page.height })));
  if (!page.blocks.length) {
    main.append(empty('explorer.blocks.none'));
    return;
  }
  main.append(table(blockColumns(), page.blocks, { 'data-testid': 'blocks' }));
  const first = page.blocks[0].height;
  const newer = first < page.height ? Math.min(first + PAGE + 1, page.height + 1) : null;
  main.append(h('nav', { class: 'row pager', 'aria-label': t('explorer.blocks.pages') },
    newer !== null ? h('a', { href: newer > page.height ? '/explorer/blocks' : `/explorer/blocks?before=${newer}`,
      rel: 'prev', 'data-testid': 'blocks-newer' }, t('explorer.blocks.newer')) : null,
    page.next !== undefined ? h('a', { href: `/explorer/blocks?before=${page.next}`, rel: 'next',
      'data-testid': 'blocks-older' }, t('explorer.blocks.older')) : null));
}

/**
 * The block as the checkpoint it is: its header encoded again from the fields the API lists (version 1, big-endian,
 * as BlockHeader.java writes it), with its seals. Checking that checkpoint recomputes the block hash from the
 * fields — so a field the server misstated fails it — and verifies each seal over that hash.
 */
export function blockAsCheckpoint(b, chainHex) {
  const bytes = new Uint8Array(HEADER_LENGTH);
  const view = new DataView(bytes.buffer);
  view.setUint8(0, 1);
  view.setBigInt64(1, BigInt(b.height));
  bytes.set(fromHex(b.previous), 9);
  view.setBigInt64(41, BigInt(b.logSize));
  view.setInt32(49, b.transactionCount);
  bytes.set(fromHex(b.merkleRoot), 53);
  bytes.set(fromHex(b.stateRoot), 85);
  bytes.set(fromHex(b.resultsHash), 117);
  view.setBigInt64(149, BigInt(b.timestampMillis));
  return {
    chain_id: chainHex, header: toBase64(bytes), block_hash: b.hash,
    signatures: (b.seals ?? []).map((s) => ({ organisation: s.organisation, public_key: s.publicKey,
      signature: s.signature })),
  };
}

/** The seals, each judged against the pinned keys, with the k-of-n verdict; or why they could not be checked. */
async function renderSeals(section, b) {
  const title = section.querySelector('h2');
  // The chain id comes from the pinned keys where they name one; otherwise the node's word for it is harmless:
  // a seal over another chain's id does not verify.
  const nodeChain = (await api.get('/ledger/checkpoint')).chain_id;
  const entry = trust.forChain(nodeChain);
  const chainHex = entry?.chainId ?? nodeChain;
  try {
    const judged = await judgeCheckpoint(blockAsCheckpoint(b, chainHex), entry);
    replace(section, title, h('p', { class: 'muted' }, t('explorer.block.sealsAbout')),
      h('p', {}, badge('ok', t('explorer.block.headerOk'), { 'data-testid': 'block-header-ok' })),
      signatureList(judged),
      h('p', {}, quorum(judged)),
      judged.reason ? h('p', { class: 'proof-reason' }, t('explorer.proof.reason'), ' ', judged.reason) : null,
      entry ? null : needTrust());
  } catch (e) {
    // The fields do not encode to the block hash the server states (or are malformed): the seals vouch for nothing.
    replace(section, title, h('p', { class: 'proof-reason', 'data-testid': 'block-header-mismatch' },
      t('explorer.block.headerMismatch'), ' ', e.message));
  }
}

export async function blockPage({ main, params }) {
  if (!/^(0|[1-9][0-9]{0,17})$/.test(params.height)) {
    main.append(h('h1', {}, t('explorer.block.bad')));
    return;
  }
  const [b, head] = await Promise.all([api.get(`/ledger/blocks/${params.height}`), api.get('/ledger/blocks?limit=1')]);
  const height = Number(b.height);
  main.append(h('h1', {}, t('explorer.block.title', { height })), tabs());
  main.append(h('nav', { class: 'row pager', 'aria-label': t('explorer.block.neighbours') },
    height > 0 ? h('a', { href: `/explorer/blocks/${height - 1}`, rel: 'prev', 'data-testid': 'block-prev' },
      t('explorer.block.prev')) : null,
    height < head.height ? h('a', { href: `/explorer/blocks/${height + 1}`, rel: 'next', 'data-testid': 'block-next' },
      t('explorer.block.next')) : null));
  main.append(h('section', { class: 'card', 'aria-labelledby': 'hdr-title' },
    h('h2', { id: 'hdr-title' }, t('explorer.block.header')),
    facts([
      ['explorer.field.height', String(b.height), 'block-height'],
      ['explorer.field.hash', fullHash(b.hash)],
      ['explorer.field.previous', height > 0
        ? h('a', { href: `/explorer/blocks/${height - 1}` }, fullHash(b.previous)) : fullHash(b.previous)],
      ['explorer.field.time', dateTime(b.timestamp)],
      ['explorer.field.txCount', String(b.transactionCount)],
      ['explorer.field.logSize', String(b.logSize)],
      ['explorer.field.root', fullHash(b.merkleRoot)],
      ['explorer.field.stateRoot', fullHash(b.stateRoot)],
      ['explorer.field.resultsHash', fullHash(b.resultsHash)],
    ])));
  const seals = h('section', { class: 'card', 'aria-labelledby': 'seals-title', 'data-testid': 'block-seals' },
    h('h2', { id: 'seals-title' }, t('explorer.block.seals')), loading());
  main.append(seals);
  const txs = b.transactions ?? [];
  const sealsDone = renderSeals(seals, b).catch((e) => replace(seals, seals.querySelector('h2'), showError(e, null)));
  main.append(h('section', { 'aria-labelledby': 'txs-title' }, h('h2', { id: 'txs-title' },
    t('explorer.block.transactions', { n: txs.length })),
  txs.length ? table([
    { key: 'explorer.field.leafIndex', cell: (x) => String(x.leafIndex) },
    { key: 'explorer.field.txId', cell: (x) => h('a', { href: `/explorer/tx/${x.id}`, 'data-testid': 'tx-link',
      'aria-label': t('explorer.tx.open', { id: x.id.slice(0, 12) }) }, h('code', { class: 'hash' },
      `${x.id.slice(0, 16)}…`)) },
    { key: 'explorer.field.contract', cell: (x) => `${x.contract}.${x.method}` },
    { key: 'explorer.field.status', cell: (x) => statusBadge(x) },
    { key: 'explorer.field.time', cell: (x) => dateTime(x.timestamp) },
  ], txs, { 'data-testid': 'block-transactions' }) : empty('explorer.block.noTransactions')));
  await sealsDone;
}

/** A transaction's outcome: succeeded, or failed with the contract's reason. */
export function statusBadge(x) {
  return x.status === 'failed'
    ? h('span', {}, badge('bad', t('explorer.tx.failed')), ' ', h('span', { class: 'muted' }, x.reason ?? ''))
    : badge('ok', t('explorer.tx.succeeded'));
}
