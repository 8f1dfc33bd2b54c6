// The risk review queue (admins): each held or contested order with its score, the model that scored it, the
// largest contributions to the score as a bar chart (and as a table and in plain words), and the release/cancel
// decision the reviewer records.
import { h, money, dateTime, empty, field, announce, shortHash } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { consolePage, stateBadge, txLink } from './layout.js';
import { barChart } from './charts.js';
import { riskReason } from '../core/risk-words.js';

export async function riskQueue({ main }) {
  const page = await consolePage(main, 'risk', 'console.risk.title');
  if (!page) return;
  const { body } = page;
  const entries = await api.get('/admin/risk/reviews');
  body.append(h('p', { class: 'muted' }, t('console.risk.intro')));
  if (!entries.length) {
    body.append(empty('console.risk.none'));
    return;
  }
  body.append(h('p', {}, t('console.risk.count', { count: entries.length })));
  const list = h('ul', { class: 'plain stack', 'data-testid': 'risk-queue' });
  // The oldest entry is open; the others fold to their heading and score, so the queue stays scannable.
  entries.forEach((e, i) => list.append(h('li', {}, entryCard(e, i === 0))));
  body.append(list);
}

function entryCard(entry, open) {
  const d = entry.decision;
  const percent = (x) => Math.round(x * 100);
  const card = h('details', { class: 'card risk-entry', 'data-testid': 'risk-entry', 'data-order': entry.orderId,
    open },
  h('summary', {}, h('h2', { id: `risk-${entry.orderId}` }, t('console.risk.order', { id: entry.orderId }), ' ',
    stateBadge(entry.orderState), ' ', h('span', { class: 'badge bad' }, t('console.risk.scoreShort',
      { score: percent(d.score) }))), h('span', { class: 'muted' }, entry.reason)),
  h('p', {}, h('a', { href: `/console/orders/${entry.orderId}` }, t('console.risk.openOrder', { id: entry.orderId }))),
  h('dl', { class: 'facts' },
    fact('console.risk.score', h('strong', { 'data-testid': 'risk-score' },
      t('console.risk.scoreOf', { score: percent(d.score), threshold: percent(d.threshold) }))),
    fact('console.risk.outcome', h('span', { class: ['badge', d.held ? 'bad' : 'ok'] },
      t(d.held ? 'console.risk.held' : 'console.risk.passed'))),
    fact('console.risk.total', money(entry.total)),
    fact('console.risk.buyer', `#${entry.buyerId}`),
    fact('console.risk.model', [h('code', { 'data-testid': 'risk-model' }, d.ledger.modelId), ' ',
      shortHash(d.ledger.modelSha256)]),
    fact('console.risk.features', h('code', {}, d.ledger.featureVersion)),
    fact('console.risk.validation', t(`console.risk.validation.${d.validation.status}`,
      { agree: d.validation.agree, validators: d.validation.validators, threshold: d.validation.threshold })),
    fact('console.risk.decidedAt', dateTime(d.decidedAt)),
    fact('console.risk.tx', txLink(d.ledger.transactionId, 'risk-tx'))),
  d.review?.requestedAt ? h('p', { class: 'notice' },
    t('console.risk.requested', { at: dateTime(d.review.requestedAt) }),
    d.review.requestNote ? ` — “${d.review.requestNote}”` : '') : null);
  if (d.explanation.length) {
    card.append(h('h3', {}, t('console.risk.why')), barChart(d.explanation.map((c) => ({
      label: `${c.feature} = ${formatValue(c.value)}`, value: c.contribution,
    })), {
      caption: t('console.risk.chart', { id: entry.orderId }),
      head: [t('console.risk.feature'), t('console.risk.contribution')],
      colours: { positive: '#a4161a', negative: '#126b3a' },
      testid: 'risk-explanation',
      format: (v) => (v > 0 ? `+${v.toFixed(3)}` : v.toFixed(3)),
    }), h('ul', { class: 'explanations' }, d.explanation.map((c) => h('li', {}, riskReason(c)))));
  }
  card.append(decideForm(entry, card));
  return card;
}

function formatValue(v) {
  return Number.isInteger(v) ? String(v) : v.toFixed(Math.abs(v) < 1 ? 3 : 1);
}

function fact(key, value) {
  return h('div', {}, h('dt', {}, t(key)), h('dd', {}, value));
}

function decideForm(entry, card) {
  const name = `decide-${entry.orderId}`;
  const radio = (value) => {
    const input = h('input', { type: 'radio', name, value, id: `${name}-${value}`, required: true,
      'data-testid': `decide-${value}` });
    return h('div', { class: 'row' }, input, h('label', { for: input.id }, t(`console.risk.action.${value}`)));
  };
  const note = h('textarea', { maxlength: 500, rows: 2, 'data-testid': 'decide-note' });
  const form = h('form', { class: 'stack decide', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    const action = form.querySelector(`input[name="${name}"]:checked`)?.value;
    const body = { action };
    if (note.value.trim()) body.note = note.value.trim();
    try {
      await api.post(`/admin/risk/reviews/${entry.orderId}`, body);
      announce(t('console.risk.decided', { id: entry.orderId }));
      form.replaceWith(h('p', { class: 'notice', role: 'status', 'data-testid': 'decided' },
        t('console.risk.decidedAs', { id: entry.orderId, outcome: t(`console.risk.outcome.${action}`) })));
    } catch (err) {
      showError(err, form);
    }
  } },
  h('fieldset', {}, h('legend', {}, t('console.risk.decide')), radio('release'), radio('cancel')),
  field('console.risk.note', note),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'decide-submit' }, t('console.risk.record')));
  return form;
}
