// The fraud check's decision on the buyer's own order: why escrow is held, in plain words, with its ledger record
// checked in the browser, and the right to ask a person to review it.
import { h, replace, field, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError, ApiError } from '../core/api.js';
import { ledgerBadge } from './ledger-badge.js';
import { riskReason } from '../core/risk-words.js';

/** A section for order o's risk decision; it stays empty while there is none (an unpaid order). */
export function riskSection(o) {
  const box = h('section', { class: 'card', 'aria-labelledby': 'risk-h', 'data-testid': 'order-risk', hidden: true });
  load(o, box);
  return box;
}

async function load(o, box) {
  let d;
  try {
    d = await api.get(`/orders/${o.id}/risk`);
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return;
    replace(box, h('h2', { id: 'risk-h' }, t('store.risk.title')));
    showError(e, box);
    box.hidden = false;
    return;
  }
  render(o, box, d);
}

function render(o, box, d) {
  const review = d.review || {};
  const outcome = review.reviewedAt ? `reviewed.${review.outcome}` : d.held ? 'held' : 'passed';
  replace(box,
    h('h2', { id: 'risk-h' }, t('store.risk.title')),
    h('p', { 'data-testid': 'risk-outcome', 'data-outcome': outcome },
      h('span', { class: `badge ${outcome === 'held' ? 'warn' : outcome === 'reviewed.cancelled' ? 'bad' : 'ok'}` },
        t(`store.risk.${outcome}`)), ' ',
      t('store.risk.score', { score: d.score.toFixed(2), threshold: d.threshold.toFixed(2) })),
    d.held && !review.reviewedAt ? h('p', {}, t('store.risk.heldExplain')) : null,
    d.explanation.length ? [h('h3', {}, t('store.risk.why')),
      h('ul', { class: 'risk-reasons' }, d.explanation.map((c) => h('li', {}, riskReason(c),
        h('span', { class: 'muted' }, ` (${signed(c.contribution)})`))))]
      : null,
    h('p', { class: 'muted' }, t('store.risk.recorded', { model: d.ledger.modelId })),
    ledgerBadge({ id: d.ledger.transactionId, height: d.ledger.height, kind: 'risk.record' }),
    review.reviewedAt ? (review.note ? h('p', {}, t('store.risk.reviewNote', { note: review.note })) : null)
      : review.requestedAt ? h('p', { 'data-testid': 'risk-review-requested' }, t('store.risk.requested'))
        : requestForm(o, box));
  box.hidden = false;
}

function requestForm(o, box) {
  const note = h('textarea', { rows: 2, maxlength: 1000 });
  const form = h('form', { class: 'stack', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      const d = await api.post(`/orders/${o.id}/risk/review-request`, note.value.trim()
        ? { note: note.value.trim() } : {});
      announce(t('store.risk.requested'));
      render(o, box, d);
    } catch (err) {
      showError(err, form);
    }
  } },
  field('store.risk.note', note),
  h('button', { type: 'submit', 'data-testid': 'risk-review-request' }, t('store.risk.request')));
  return form;
}

function signed(x) {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
}
