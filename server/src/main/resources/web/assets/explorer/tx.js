// /explorer/tx/:id: a transaction decoded, and "Check proof": its inclusion proof fetched and checked here, in the
// browser, against the organisations' keys this browser pinned.
import { h, table, dateTime, empty } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { statusBadge } from './blocks.js';
import { facts, fullHash, tabs } from './common.js';
import { checkAndShow } from './proof.js';

export async function txPage({ main, params }) {
  const id = params.id;
  if (!/^[0-9a-f]{64}$/.test(id)) {
    main.append(h('h1', {}, t('explorer.tx.bad')), tabs());
    return;
  }
  const tx = await api.get(`/ledger/transactions/${id}`);
  main.append(h('h1', {}, t('explorer.tx.title')), tabs());
  main.append(h('section', { class: 'card', 'aria-labelledby': 'tx-title' },
    h('h2', { id: 'tx-title' }, `${tx.contract}.${tx.method}`),
    facts([
      ['explorer.field.txId', fullHash(tx.id), 'tx-id'],
      ['explorer.field.contract', tx.contract],
      ['explorer.field.method', tx.method],
      ['explorer.field.status', statusBadge(tx)],
      ['explorer.field.sender', fullHash(tx.sender)],
      ['explorer.field.nonce', String(tx.nonce)],
      ['explorer.field.time', dateTime(tx.timestamp)],
      ['explorer.field.block', h('a', { href: `/explorer/blocks/${tx.height}`, 'data-testid': 'tx-block' },
        String(tx.height))],
      ['explorer.field.leafIndex', String(tx.leafIndex)],
    ])));
  const result = h('div', { class: 'proof-area', 'aria-live': 'polite' });
  const proofPath = `/ledger/transactions/${id}/proof`;
  const button = h('button', { type: 'button', class: 'primary', 'data-testid': 'check-proof' },
    t('explorer.tx.checkProof'));
  button.addEventListener('click', async () => {
    button.disabled = true;
    result.replaceChildren(h('p', { role: 'status' }, t('explorer.tx.checking')));
    try {
      await checkAndShow(await api.get(proofPath), result);
    } catch (e) {
      result.replaceChildren(showError(e, null));
    } finally {
      button.disabled = false;
    }
  });
  main.append(h('section', { class: 'card', 'aria-labelledby': 'proof-title' },
    h('h2', { id: 'proof-title' }, t('explorer.tx.proof')),
    h('p', { class: 'muted' }, t('explorer.tx.proofAbout')),
    h('div', { class: 'row' }, button,
      h('a', { href: `/api/v1${proofPath}`, download: `proof-${id.slice(0, 16)}.json`, class: 'button',
        'data-testid': 'download-proof' }, t('explorer.tx.download'))),
    result));
  main.append(fieldsSection('args-title', 'explorer.tx.arguments', tx.arguments));
  if (tx.output) main.append(fieldsSection('out-title', 'explorer.tx.output', tx.output));
}

function fieldsSection(id, titleKey, fields) {
  return h('section', { 'aria-labelledby': id }, h('h2', { id }, t(titleKey)),
    fields?.length ? table([
      { key: 'explorer.field.name', cell: (f) => f.name },
      { key: 'explorer.field.type', cell: (f) => f.type },
      { key: 'explorer.field.value', cell: (f) => value(f) },
    ], fields) : empty('explorer.tx.noFields'));
}

/** A field's value; a long one (a nested map or list, base64 CBOR) is folded away behind its size. */
function value(f) {
  const v = f.value ?? null;
  const text = f.hex ?? (typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v));
  if (text.length <= 96) return h('code', { class: 'hash' }, text);
  return h('details', { class: 'long-value' }, h('summary', {}, t('explorer.tx.longValue', { n: text.length })),
    h('code', { class: 'hash' }, text));
}
