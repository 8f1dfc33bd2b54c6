// /console: what needs the signed-in person's attention, by role.
import { h, money, dateTime, loading, empty, table } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { consolePage, stateBadge, txLink } from './layout.js';

export async function overview({ main }) {
  const page = await consolePage(main, 'overview', 'console.title');
  if (!page) return;
  const { me, body } = page;
  body.append(h('p', { class: 'muted' }, t(`console.overview.intro.${me.role}`)));
  const parts = {
    merchant: [merchantToShip, merchantStatement, merchantProducts],
    admin: [adminCounts],
    agent: [agentQueue],
    arbiter: [arbiterDisputes],
  }[me.role] || [];
  // Each part loads on its own, so one slow or failing call leaves the others readable.
  await Promise.all(parts.map(async (part) => {
    const section = h('section', { class: 'card' }, loading());
    body.append(section);
    try {
      await part(section, me);
    } catch (err) {
      section.replaceChildren();
      showError(err, section);
    } finally {
      section.querySelector('.loading')?.remove();
    }
  }));
}

async function merchantToShip(section) {
  const result = await api.get('/orders?state=paid&size=10');
  const paid = result.items;
  section.append(h('h2', {}, t('console.overview.toShip', { count: result.total })));
  if (!paid.length) {
    section.append(empty('console.overview.toShip.none'));
    return;
  }
  section.append(table([
    { key: 'console.orders.id', cell: (o) => h('a', { href: `/console/orders/${o.id}` }, `#${o.id}`) },
    { key: 'console.orders.items', cell: (o) => o.lines.map((l) => l.title).join(', ') },
    { key: 'console.orders.total', cell: (o) => money(o.total) },
    { key: 'console.orders.created', cell: (o) => dateTime(o.createdAt) },
  ], paid, { 'data-testid': 'to-ship' }));
}

async function merchantStatement(section, me) {
  const statement = await api.get(`/merchants/${me.id}/statement?currency=CNY&size=5`);
  section.append(h('h2', {}, t('console.overview.statement')));
  section.append(h('p', { 'data-testid': 'balance' }, t('console.overview.balance'), ' ',
    h('strong', {}, money(statement.balance))));
  section.append(h('p', { class: 'muted' }, t('console.overview.released'), ' ', money(statement.released), ' · ',
    t('console.overview.paidOut'), ' ', money(statement.paidOut)));
  const payouts = await api.get(`/merchants/${me.id}/payouts?size=5`);
  if (payouts.items.length) {
    section.append(h('h3', {}, t('console.overview.payouts')), table([
      { key: 'console.overview.payout.amount', cell: (p) => money(p.amount) },
      { key: 'console.overview.payout.state', cell: (p) => t(`console.payout.${p.state}`) },
      { key: 'console.orders.ledger', cell: (p) => txLink(p.transactionId) },
      { key: 'console.orders.created', cell: (p) => dateTime(p.createdAt) },
    ], payouts.items));
  }
}

async function merchantProducts(section) {
  const result = await api.get('/merchant/products?size=5');
  const items = result.items || [];
  section.append(h('h2', {}, t('console.overview.products', { count: result.total ?? items.length })));
  section.append(h('ul', { class: 'plain' }, items.map((p) => h('li', {},
    h('a', { href: `/products/${p.id}` }, p.title)))));
}

async function adminCounts(section) {
  const [orders, paid, reviews, disputes, handoffs] = await Promise.all([
    api.get('/orders?size=1'),
    api.get('/orders?state=paid&size=1'),
    api.get('/admin/risk/reviews'),
    api.get('/disputes?size=100'),
    api.get('/agent/conversations?state=handed_off&size=1'),
  ]);
  const open = disputes.items.filter((d) => d.state === 'open').length;
  section.append(h('h2', {}, t('console.overview.platform')), h('ul', { class: 'counts' },
    count('console.overview.count.orders', orders.total, '/console/orders', 'count-orders'),
    count('console.overview.count.paid', paid.total, '/console/orders?state=paid', 'count-paid'),
    count('console.overview.count.reviews', reviews.length, '/console/risk', 'count-reviews'),
    count('console.overview.count.disputes', open, '/console/disputes', 'count-disputes'),
    count('console.overview.count.handoffs', handoffs.total, '/console/handoffs', 'count-handoffs'),
    h('li', {}, h('a', { href: '/console/models' }, t('console.tab.models')), ' · ',
      h('a', { href: '/console/datasets' }, t('console.tab.datasets')))));
}

function count(key, n, href, testid) {
  return h('li', {}, h('a', { href, 'data-testid': testid }, h('strong', { class: 'count' }, String(n)), ' ',
    t(key)));
}

async function agentQueue(section) {
  const result = await api.get('/agent/conversations?state=handed_off&size=10');
  section.append(h('h2', {}, t('console.overview.waiting', { count: result.total })));
  if (!result.items.length) {
    section.append(empty('console.handoffs.none'));
    return;
  }
  section.append(h('p', {}, h('a', { href: '/console/handoffs', class: 'button primary' },
    t('console.overview.openQueue'))));
}

async function arbiterDisputes(section, me) {
  const result = await api.get('/disputes?size=100');
  const toVote = result.items.filter((d) => d.state === 'open' && d.arbiters.some((a) => a.id === me.id && !a.voted));
  section.append(h('h2', {}, t('console.overview.toVote', { count: toVote.length })));
  if (!toVote.length) {
    section.append(empty('console.disputes.none'));
    return;
  }
  section.append(table([
    { key: 'console.disputes.id', cell: (d) => h('a', { href: `/console/disputes/${d.id}` }, `#${d.id}`) },
    { key: 'console.disputes.state', cell: (d) => stateBadge(d.state) },
    { key: 'console.disputes.reason', cell: (d) => d.reason },
  ], toVote));
}
