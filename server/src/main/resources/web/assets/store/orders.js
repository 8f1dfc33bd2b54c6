// My orders and the order page: lines, state, shipment timeline, escrow, the buyer's actions, and a
// "verified on the ledger" badge per ledger transaction, checked in this browser.
import { h, replace, field, money, dateTime, announce, empty, table } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { requireRole } from '../core/guard.js';
import { localised, pager } from './common.js';
import { ledgerBadge } from './ledger-badge.js';
import { riskSection } from './risk.js';

export async function orderList({ main, query, isCurrent }) {
  if (!await requireRole(main)) return;
  const page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
  const r = await api.get(`/orders?size=20&page=${page}`);
  if (!isCurrent()) return;
  main.append(h('h1', {}, t('store.orders.title')));
  if (!r.items.length) {
    main.append(empty('store.orders.none'));
    return;
  }
  main.append(table([
    { key: 'store.orders.order', cell: (o) => h('a', { href: `/orders/${o.id}`, 'data-testid': 'order-link' },
      t('store.orders.number', { id: o.id })) },
    { key: 'store.orders.items', cell: (o) => o.lines.map((l) => localised(l.title)).join(', ') },
    { key: 'store.orders.state', cell: (o) => stateBadge(o.state) },
    { key: 'store.orders.total', cell: (o) => money(o.total) },
    { key: 'store.orders.placed', cell: (o) => dateTime(o.createdAt) },
  ], r.items, { 'data-testid': 'orders-table' }), pager(r, (p) => `/orders?page=${p}`));
}

const STATE_TONE = { created: 'neutral', paid: 'warn', shipped: 'warn', delivered: 'warn', completed: 'ok',
  cancelled: 'neutral', refunded: 'neutral', disputed: 'bad' };

function stateBadge(state) {
  return h('span', { class: ['badge', STATE_TONE[state] || 'neutral'], 'data-testid': 'order-state',
    'data-state': state }, t(`store.state.${state}`));
}

/** Where the money is, read from the order's ledger transactions (the escrow contract's calls). */
function escrowState(o) {
  const kinds = o.ledgerTransactions.map((x) => x.kind);
  if (kinds.includes('escrow.release')) return 'released';
  if (kinds.includes('escrow.refund')) return 'refunded';
  if (kinds.includes('escrow.settle')) return 'settled';
  if (kinds.includes('escrow.lock')) return 'held';
  return 'none';
}

export async function orderPage({ main, params, isCurrent }) {
  const me = await requireRole(main);
  if (!me) return;
  const o = await api.get(`/orders/${encodeURIComponent(params.id)}`);
  if (!isCurrent()) return;
  renderOrder(main, o, me);
}

function renderOrder(main, o, me) {
  document.title = `${t('store.orders.number', { id: o.id })} · TrustMall`;
  const reload = async () => {
    const fresh = await api.get(`/orders/${o.id}`);
    replace(main);
    renderOrder(main, fresh, me);
  };
  const escrow = escrowState(o);
  main.append(
    h('p', {}, h('a', { href: '/orders' }, t('store.orders.back'))),
    h('div', { class: 'row section-head' }, h('h1', {}, t('store.orders.number', { id: o.id })), stateBadge(o.state)),
    h('p', { class: 'muted' }, t('store.orders.placedAt', { at: dateTime(o.createdAt) })),
    h('div', { class: 'order-grid' },
      h('section', { class: 'card', 'aria-labelledby': 'items-h' }, h('h2', { id: 'items-h' }, t('store.orders.items')),
        table([
          { key: 'store.orders.item', cell: (l) => h('a', { href: `/products/${l.productId}` }, localised(l.title)) },
          { key: 'store.orders.qty', cell: (l) => String(l.quantity) },
          { key: 'store.orders.price', cell: (l) => money(l.unitPrice) },
          { key: 'store.orders.lineTotal', cell: (l) => money(l.lineTotal) },
        ], o.lines),
        h('dl', { class: 'totals' },
          h('dt', {}, t('store.orders.subtotal')), h('dd', {}, money(o.subtotal)),
          o.discount.amount ? [h('dt', {}, t('store.orders.discount', { code: o.couponCode || '' })),
            h('dd', {}, `− ${money(o.discount)}`)] : null,
          h('dt', {}, t('store.orders.shipping')), h('dd', {}, money(o.shipping)),
          h('dt', {}, t('store.orders.tax')), h('dd', {}, money(o.tax)),
          h('dt', {}, t('store.orders.total')), h('dd', { 'data-testid': 'order-total' }, h('strong', {},
            money(o.total))),
          o.refunded.amount ? [h('dt', {}, t('store.orders.refunded')), h('dd', {}, money(o.refunded))] : null)),
      h('section', { class: 'card', 'aria-labelledby': 'escrow-h' },
        h('h2', { id: 'escrow-h' }, t('store.escrow.title')),
        h('p', { 'data-testid': 'escrow-state', 'data-state': escrow }, t(`store.escrow.${escrow}`)),
        actions(o, me, reload)),
      timeline(o)),
    me.role === 'buyer' ? riskSection(o) : null,
    ledgerSection(o));
}

function timeline(o) {
  const s = o.shipment;
  return h('section', { class: 'card', 'aria-labelledby': 'ship-h', 'data-testid': 'shipment' },
    h('h2', { id: 'ship-h' }, t('store.ship.title')),
    s ? h('p', {}, t('store.ship.carrier', { carrier: s.carrier, tracking: s.trackingNumber }))
      : h('p', { class: 'muted' }, t('store.ship.notYet')),
    s ? h('ol', { class: 'timeline', 'data-testid': 'timeline' }, s.events.map((e) => h('li', {
      'data-testid': 'timeline-event', 'data-kind': e.kind },
    h('strong', {}, t(`store.ship.${e.kind}`)), e.location ? ` — ${e.location}` : '',
    e.occurredAt ? h('span', { class: 'muted' }, ' · ', h('time', { datetime: e.occurredAt }, dateTime(e.occurredAt)))
      : null))) : null);
}

function ledgerSection(o) {
  return h('section', { 'aria-labelledby': 'ledger-h', class: 'card', 'data-testid': 'order-ledger' },
    h('h2', { id: 'ledger-h' }, t('store.ledger.title')),
    h('p', { class: 'muted' }, t('store.ledger.intro')),
    o.ledgerTransactions.length
      ? h('ul', { class: 'ledger-list' }, o.ledgerTransactions.map((x) => h('li', {},
        h('div', {}, h('strong', {}, t(`store.tx.${x.kind}`) === `store.tx.${x.kind}` ? x.kind : t(`store.tx.${x.kind}`)),
          ' ', h('span', { class: 'muted' }, t('store.ledger.height', { height: x.height })), ' ',
          h('a', { href: `/explorer/tx/${x.id}`, class: 'muted' }, t('store.ledger.explore'))),
        ledgerBadge(x))))
      : h('p', { class: 'empty' }, t('store.ledger.none')));
}

/** The buyer's actions the order's state allows. */
function actions(o, me, reload) {
  if (me.role !== 'buyer') return null;
  const box = h('div', { class: 'stack order-actions' });
  const run = (fn, doneKey) => async () => {
    box.querySelector('.error')?.remove();
    try {
      await fn();
      announce(t(doneKey));
      await reload();
    } catch (err) {
      showError(err, box);
    }
  };
  const list = [];
  if (o.state === 'created') {
    const card = h('input', { type: 'text', inputmode: 'numeric', required: true, minlength: 12, maxlength: 23,
      autocomplete: 'cc-number', 'data-testid': 'card-number' });
    list.push(h('form', { 'on:submit': (e) => {
      e.preventDefault();
      run(() => api.post(`/orders/${o.id}/pay`, { cardNumber: card.value.replace(/[\s-]/g, '') },
        { idempotent: true }), 'store.pay.done')();
    } }, field('store.pay.card', card, 'store.pay.testCard'),
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'pay' },
      t('store.pay.submit', { total: money(o.total) }))));
  }
  if (o.state === 'delivered') {
    list.push(h('button', { type: 'button', class: 'primary', 'data-testid': 'confirm-receipt',
      'on:click': run(() => api.post(`/orders/${o.id}/confirm`), 'store.orders.confirmed') },
    t('store.orders.confirm')));
  }
  if (o.state === 'created' || o.state === 'paid') {
    list.push(reasoned('cancel', 'store.orders.cancel', 'store.orders.cancelReason', false,
      (reason) => api.post(`/orders/${o.id}/cancel`, reason ? { reason } : {}), run, 'store.orders.cancelled'));
  }
  if (['paid', 'shipped', 'delivered'].includes(o.state)) {
    list.push(reasoned('dispute', 'store.orders.dispute', 'store.orders.disputeReason', true,
      (reason) => api.post(`/orders/${o.id}/disputes`, { reason }), run, 'store.orders.disputed'));
  }
  if (['delivered', 'completed'].includes(o.state)) {
    list.push(reasoned('return', 'store.orders.return', 'store.orders.returnReason', true,
      (reason) => api.post(`/orders/${o.id}/returns`, { reason,
        lines: o.lines.map((l, i) => ({ lineNo: i, quantity: l.quantity })) }), run, 'store.orders.returned'));
  }
  if (o.state === 'completed') {
    list.push(h('p', {}, o.lines.map((l) => h('a', { href: `/products/${l.productId}#reviews-h`,
      'data-testid': 'write-review', class: 'button' }, t('store.reviews.writeFor', { title: localised(l.title) })))));
  }
  if (!list.length) return null;
  box.append(...list);
  return box;
}

/** A disclosure: a button that opens a small form asking for a reason, then runs act(reason). */
function reasoned(id, labelKey, reasonKey, required, act, run, doneKey) {
  const reason = h('textarea', { rows: 2, maxlength: 1000, required, 'data-testid': `${id}-reason` });
  const form = h('form', { hidden: true, class: 'stack', id: `${id}-form`, 'on:submit': (e) => {
    e.preventDefault();
    run(() => act(reason.value.trim()), doneKey)();
  } }, field(reasonKey, reason),
  h('button', { type: 'submit', class: id === 'cancel' || id === 'dispute' ? 'danger' : 'primary',
    'data-testid': `${id}-submit` }, t(labelKey)));
  const toggle = h('button', { type: 'button', 'aria-expanded': 'false', 'aria-controls': `${id}-form`,
    'data-testid': `${id}-open`, 'on:click': () => {
      form.hidden = !form.hidden;
      toggle.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) reason.focus();
    } }, t(labelKey));
  return h('div', {}, toggle, form);
}
