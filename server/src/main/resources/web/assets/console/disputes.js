// Disputes: the list, and one dispute with its claim, panel, votes, C = V/N per outcome against the threshold, the
// verdict, its ledger transactions, and the vote form for an appointed arbiter who has not voted yet.
import { h, money, dateTime, loading, empty, table, field, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { consolePage, stateBadge, txLink, pager, pageParam } from './layout.js';

export async function disputeList({ main, query }) {
  const page = await consolePage(main, 'disputes', 'console.disputes.title');
  if (!page) return;
  const { me, body } = page;
  const list = h('div', {}, loading());
  body.append(h('p', { class: 'muted' }, t(me.role === 'arbiter' ? 'console.disputes.introArbiter'
    : 'console.disputes.intro')), list);
  const params = new URLSearchParams({ page: String(pageParam(query)), size: '20' });
  const result = await api.get(`/disputes?${params}`);
  list.replaceChildren();
  if (!result.items.length) {
    list.append(empty('console.disputes.none'));
    return;
  }
  list.append(table([
    { key: 'console.disputes.id', cell: (d) => h('a', { href: `/console/disputes/${d.id}`,
      'data-testid': 'dispute-link', 'data-state': d.state }, `#${d.id}`) },
    { key: 'console.disputes.state', cell: (d) => stateBadge(d.state) },
    { key: 'console.disputes.order', cell: (d) => h('a', { href: `/console/orders/${d.orderId}` }, `#${d.orderId}`) },
    { key: 'console.disputes.reason', cell: (d) => d.reason },
    { key: 'console.disputes.votes', cell: (d) => `${d.votes.length}/${d.arbiters.length}` },
    { key: 'console.disputes.opened', cell: (d) => dateTime(d.openedAt) },
  ], result.items, { 'data-testid': 'disputes-table' }), pager(result, params, '/console/disputes'));
}

export async function disputeDetail({ main, params }) {
  const page = await consolePage(main, 'disputes', 'console.dispute.heading', { id: params.id });
  if (!page) return;
  const { me, body } = page;
  const dispute = await api.get(`/disputes/${encodeURIComponent(params.id)}`);
  render(body, me, dispute);
}

function render(body, me, d) {
  body.replaceChildren(
    h('p', { class: 'row' }, h('span', { 'data-testid': 'dispute-state' }, stateBadge(d.state)),
      h('a', { href: `/console/orders/${d.orderId}` }, t('console.dispute.order', { id: d.orderId })),
      h('span', { class: 'muted' }, t('console.dispute.opened', { at: dateTime(d.openedAt) }))),
    h('section', { class: 'card' }, h('h2', {}, t('console.dispute.claim')), h('blockquote', {}, d.reason),
      d.evidence.length ? [h('h3', {}, t('console.dispute.evidence')),
        h('ul', {}, d.evidence.map((e) => h('li', {}, e)))] : null),
    tallySection(d),
    h('section', { class: 'card' }, h('h2', {}, t('console.dispute.panel')), table([
      { key: 'console.dispute.arbiter', cell: (a) => a.displayName },
      { key: 'console.dispute.hasVotedCol', cell: (a) => h('span', { class: ['badge', a.voted ? 'ok' : 'neutral'] },
        t(a.voted ? 'console.dispute.hasVoted' : 'console.dispute.notVoted')) },
    ], d.arbiters), h('h3', {}, t('console.dispute.votes')), d.votes.length ? table([
      { key: 'console.dispute.arbiter', cell: (v) => v.arbiterName },
      { key: 'console.dispute.outcome', cell: (v) => outcomeText(v) },
      { key: 'console.dispute.votedAt', cell: (v) => dateTime(v.votedAt) },
      { key: 'console.order.ledger.tx', cell: (v) => txLink(v.transactionId) },
    ], d.votes, { 'data-testid': 'votes-table' }) : empty('console.dispute.noVotes')),
    h('section', { class: 'card' }, h('h2', {}, t('console.order.ledger')), table([
      { key: 'console.order.ledger.kind', cell: (r) => h('code', {}, r.kind) },
      { key: 'console.order.ledger.tx', cell: (r) => txLink(r.id, 'dispute-tx') },
      { key: 'console.order.ledger.height', cell: (r) => String(r.height) },
    ], d.ledgerTransactions)));
  const mine = d.arbiters.find((a) => a.id === me.id);
  if (me.role === 'arbiter' && d.state === 'open' && mine && !mine.voted) {
    body.append(voteForm(d, (updated) => render(body, me, updated)));
  }
}

function outcomeText(v) {
  return v.outcome === 'refund' ? t('console.dispute.refundOf', { amount: money(v.amount) })
    : t('console.dispute.release');
}

function tallySection(d) {
  const { numerator, denominator } = d.threshold;
  const n = d.arbiters.length;
  return h('section', { class: 'card', 'data-testid': 'tally' }, h('h2', {}, t('console.dispute.tally')),
    h('p', {}, t('console.dispute.rule', { num: numerator, den: denominator, needed: d.votesNeeded, n })),
    d.tally.length ? h('ul', { class: 'tally' }, d.tally.map((x) => h('li', {}, h('strong', {}, outcomeText(x)), ': ',
      h('span', { 'data-testid': 'c-value' }, t('console.dispute.c', { v: x.votes, n: x.arbiters,
        c: x.c.toFixed(2) })), ' ',
      h('meter', { min: 0, max: 1, value: x.c, low: numerator / denominator - 0.001, optimum: 1,
        'aria-label': t('console.dispute.c', { v: x.votes, n: x.arbiters, c: x.c.toFixed(2) }) }))))
      : empty('console.dispute.noVotes'),
    d.verdict ? h('p', { class: 'notice', 'data-testid': 'verdict' }, t('console.dispute.verdict', {
      outcome: d.verdict.outcome === 'refund' ? t('console.dispute.refundOf', { amount: money(d.verdict.refund) })
        : t('console.dispute.release') })) : null,
    d.closedAt ? h('p', { class: 'muted' }, t('console.dispute.closed', { at: dateTime(d.closedAt) })) : null);
}

function voteForm(d, rerender) {
  const name = `vote-${d.id}`;
  const amount = h('input', { type: 'number', min: '0.01', step: '0.01', inputmode: 'decimal',
    'data-testid': 'vote-amount' });
  const currency = h('span', { class: 'muted' });
  const amountField = field('console.dispute.amount', amount, 'console.dispute.amountHint');
  // The currency sits beside the number, inside the field's label association.
  const beside = h('div', { class: 'row' });
  amount.replaceWith(beside);
  beside.append(amount, currency);
  let orderCurrency = 'CNY';
  // The refund defaults to what is still refundable on the order; the arbiter may lower it.
  api.get(`/orders/${d.orderId}`).then((o) => {
    orderCurrency = o.total.currency;
    currency.textContent = orderCurrency;
    amount.value = ((o.total.amount - o.refunded.amount) / 100).toFixed(2);
  }).catch(() => {});
  const radio = (value) => {
    const input = h('input', { type: 'radio', name, value, id: `${name}-${value}`, required: true,
      'data-testid': `vote-${value}`, 'on:change': () => { amountField.hidden = value !== 'refund'; } });
    return h('div', { class: 'row' }, input, h('label', { for: input.id }, t(`console.dispute.vote.${value}`)));
  };
  const form = h('form', { class: 'card stack', 'data-testid': 'vote-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    const outcome = form.querySelector(`input[name="${name}"]:checked`)?.value;
    const body = { outcome };
    if (outcome === 'refund') {
      const cents = Math.round(Number.parseFloat(amount.value) * 100);
      if (!Number.isFinite(cents) || cents < 1) {
        showError(new Error(t('console.dispute.amountInvalid')), form);
        amount.focus();
        return;
      }
      body.amount = { amount: cents, currency: orderCurrency };
    }
    try {
      const updated = await api.post(`/disputes/${d.id}/votes`, body);
      announce(t('console.dispute.voted'));
      rerender(updated);
    } catch (err) {
      showError(err, form);
    }
  } }, h('h2', {}, t('console.dispute.yourVote')),
  h('fieldset', {}, h('legend', {}, t('console.dispute.outcome')), radio('refund'), radio('release')),
  amountField,
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'vote-submit' }, t('console.dispute.cast')));
  amountField.hidden = true;
  return form;
}
