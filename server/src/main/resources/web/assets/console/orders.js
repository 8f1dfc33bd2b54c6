// Orders: the list (filtered by state, paged) and one order, where its merchant ships it and records carrier events,
// and an admin can record a chargeback. Ledger transactions link to the explorer.
import { h, money, dateTime, loading, empty, table, field, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { navigate } from '../core/router.js';
import { consolePage, stateBadge, txLink, pager, pageParam } from './layout.js';

const STATES = ['created', 'paid', 'shipped', 'delivered', 'completed', 'cancelled', 'refunded', 'disputed'];

export async function orderList({ main, query }) {
  const page = await consolePage(main, 'orders', 'console.orders.title');
  if (!page) return;
  const { body } = page;
  const state = STATES.includes(query.get('state')) ? query.get('state') : '';
  const select = h('select', { name: 'state', 'data-testid': 'order-state-filter' },
    h('option', { value: '' }, t('console.orders.allStates')),
    STATES.map((s) => h('option', { value: s, selected: s === state }, t(`console.state.${s}`))));
  const filter = h('form', { class: 'row filter', role: 'search', 'on:submit': (e) => {
    e.preventDefault();
    navigate(select.value ? `/console/orders?state=${select.value}` : '/console/orders');
  } }, field('console.orders.filter', select), h('button', { type: 'submit' }, t('console.orders.apply')));
  const list = h('div', {}, loading());
  body.append(filter, list);
  const params = new URLSearchParams({ page: String(pageParam(query)), size: '20' });
  if (state) params.set('state', state);
  const result = await api.get(`/orders?${params}`);
  list.replaceChildren();
  if (!result.items.length) {
    list.append(empty('console.orders.none'));
    return;
  }
  list.append(h('p', { class: 'muted' }, t('console.orders.count', { count: result.total })), table([
    { key: 'console.orders.id', cell: (o) => h('a', { href: `/console/orders/${o.id}`, 'data-testid': 'order-link' },
      `#${o.id}`) },
    { key: 'console.orders.state', cell: (o) => stateBadge(o.state) },
    { key: 'console.orders.items', cell: (o) => o.lines.map((l) => `${l.title} × ${l.quantity}`).join(', ') },
    { key: 'console.orders.total', cell: (o) => money(o.total) },
    { key: 'console.orders.created', cell: (o) => dateTime(o.createdAt) },
  ], result.items, { 'data-testid': 'orders-table' }), pager(result, params, '/console/orders'));
}

export async function orderDetail({ main, params }) {
  const page = await consolePage(main, 'orders', 'console.order.heading', { id: params.id });
  if (!page) return;
  const { me, body } = page;
  const order = await api.get(`/orders/${encodeURIComponent(params.id)}`);
  renderOrder(body, me, order);
}

function renderOrder(body, me, order) {
  body.replaceChildren();
  const rerender = (o) => renderOrder(body, me, o);
  body.append(h('p', { class: 'row' }, h('span', { 'data-testid': 'order-state' }, stateBadge(order.state)),
    h('span', { class: 'muted' }, t('console.order.placed', { at: dateTime(order.createdAt) }))));
  body.append(h('section', { class: 'card' }, h('h2', {}, t('console.order.lines')), table([
    { key: 'console.order.item', cell: (l) => h('a', { href: `/products/${l.productId}` }, l.title) },
    { key: 'console.order.sku', cell: (l) => h('code', {}, l.sku) },
    { key: 'console.order.qty', cell: (l) => String(l.quantity) },
    { key: 'console.order.unit', cell: (l) => money(l.unitPrice) },
    { key: 'console.order.lineTotal', cell: (l) => money(l.lineTotal) },
  ], order.lines), h('dl', { class: 'totals' },
    term('console.order.subtotal', money(order.subtotal)),
    order.discount.amount ? term('console.order.discount', `−${money(order.discount)}`) : null,
    term('console.order.shipping', money(order.shipping)), term('console.order.tax', money(order.tax)),
    term('console.order.total', h('strong', {}, money(order.total))),
    order.refunded.amount ? term('console.order.refunded', money(order.refunded)) : null,
    term('console.order.destination', [order.region, order.country].filter(Boolean).join(', ')))));
  body.append(shipmentSection(me, order, rerender));
  body.append(h('section', { class: 'card' }, h('h2', {}, t('console.order.ledger')),
    order.ledgerTransactions.length ? table([
      { key: 'console.order.ledger.kind', cell: (r) => h('code', {}, r.kind) },
      { key: 'console.order.ledger.tx', cell: (r) => txLink(r.id, 'order-tx') },
      { key: 'console.order.ledger.height', cell: (r) => String(r.height) },
    ], order.ledgerTransactions) : empty('console.order.ledger.none')));
  if (me.role === 'admin') body.append(chargebackSection(order));
}

function term(key, value) {
  return [h('dt', {}, t(key)), h('dd', {}, value)];
}

function shipmentSection(me, order, rerender) {
  const section = h('section', { class: 'card', 'data-testid': 'shipment' }, h('h2', {}, t('console.order.shipment')));
  const s = order.shipment;
  if (s) {
    section.append(h('p', {}, t('console.order.carrier', { carrier: s.carrier }), ' · ',
      t('console.order.tracking'), ' ', h('code', { 'data-testid': 'tracking-number' }, s.trackingNumber)));
    section.append(s.events.length
      ? h('ol', { class: 'timeline' }, s.events.map((e) => h('li', {}, h('strong', {}, t(`console.event.${e.kind}`)),
        e.location ? ` — ${e.location}` : '',
        e.occurredAt ? h('span', { class: 'muted' }, ` · ${dateTime(e.occurredAt)}`) : '')))
      : empty('console.order.noEvents'));
  } else {
    section.append(empty('console.order.notShipped'));
  }
  if (me.role === 'merchant' && order.state === 'paid') section.append(shipForm(order, rerender));
  if ((me.role === 'merchant' || me.role === 'admin') && order.state === 'shipped') {
    section.append(eventForm(order, rerender));
  }
  return section;
}

function shipForm(order, rerender) {
  const carrier = h('input', { type: 'text', required: true, maxlength: 64, value: 'SF Express',
    'data-testid': 'ship-carrier' });
  const tracking = h('input', { type: 'text', required: true, maxlength: 64, autocomplete: 'off',
    'data-testid': 'ship-tracking' });
  const form = h('form', { class: 'stack ship-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    submit.disabled = true;
    try {
      const updated = await api.post(`/orders/${order.id}/ship`, { carrier: carrier.value.trim(),
        trackingNumber: tracking.value.trim() });
      announce(t('console.order.shipped'));
      rerender(updated);
    } catch (err) {
      showError(err, form);
      submit.disabled = false;
    }
  } }, h('h3', {}, t('console.order.ship')), field('console.order.carrierLabel', carrier),
  field('console.order.trackingLabel', tracking));
  const submit = h('button', { type: 'submit', class: 'primary', 'data-testid': 'ship-submit' },
    t('console.order.shipSubmit'));
  form.append(submit);
  return form;
}

function eventForm(order, rerender) {
  const kind = h('select', { 'data-testid': 'event-kind' },
    ['picked_up', 'in_transit', 'delivered'].map((k) => h('option', { value: k }, t(`console.event.${k}`))));
  const location = h('input', { type: 'text', maxlength: 200, 'data-testid': 'event-location' });
  const form = h('form', { class: 'stack', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      const body = { kind: kind.value };
      if (location.value.trim()) body.location = location.value.trim();
      const updated = await api.post(`/orders/${order.id}/shipment-events`, body);
      announce(t('console.order.eventAdded'));
      rerender(updated);
    } catch (err) {
      showError(err, form);
    }
  } }, h('h3', {}, t('console.order.addEvent')), field('console.order.eventKind', kind),
  field('console.order.eventLocation', location),
  h('button', { type: 'submit', 'data-testid': 'event-submit' }, t('console.order.addEventSubmit')));
  return form;
}

function chargebackSection(order) {
  const out = h('div', {});
  const confirm = h('input', { type: 'checkbox', id: `chargeback-${order.id}`, 'data-testid': 'chargeback-confirm' });
  const form = h('form', { class: 'stack', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    if (!confirm.checked) {
      showError(new Error(t('console.chargeback.confirmFirst')), form);
      return;
    }
    try {
      const decision = await api.post(`/admin/risk/chargebacks/${order.id}`);
      out.replaceChildren(h('p', { class: 'notice', role: 'status' }, t('console.chargeback.done'), ' ',
        txLink(decision.ledger?.transactionId)));
    } catch (err) {
      showError(err, form);
    }
  } }, h('p', { class: 'muted' }, t('console.chargeback.explain')),
  h('div', { class: 'row' }, confirm, h('label', { for: confirm.id }, t('console.chargeback.confirm'))),
  h('button', { type: 'submit', class: 'danger' }, t('console.chargeback.submit')));
  out.append(form);
  return h('section', { class: 'card' }, h('h2', {}, t('console.chargeback.title')), out);
}
