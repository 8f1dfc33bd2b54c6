// The model registry and dataset lineage (admins), as the ledger's registries hold them: each model version with its
// artifact hash, registering transaction, whether it serves, its metrics plotted, and the snapshot it learnt from;
// each snapshot with its Merkle root, transaction, what replaced it and the models trained on it.
import { h, dateTime, empty, shortHash } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api } from '../core/api.js';
import { consolePage, txLink } from './layout.js';
import { barChart, lineChart } from './charts.js';

/** Metrics that are counts or durations rather than scores in [0, 1]: shown as facts, not plotted with the scores. */
const NOT_SCORES = new Set(['test_cases', 'train_seconds']);

function anchor(prefix, id) {
  return `${prefix}-${String(id).replace(/[^A-Za-z0-9_-]/g, '_')}`;
}

export async function modelRegistry({ main }) {
  const page = await consolePage(main, 'models', 'console.models.title');
  if (!page) return;
  const { body } = page;
  const registry = await api.get('/admin/models');
  body.append(h('p', { class: 'muted' }, t('console.models.intro')));
  if (!registry.models.length) {
    body.append(empty('console.models.none'));
    return;
  }
  for (const kind of ['recommender', 'risk']) {
    const models = registry.models.filter((m) => m.kind === kind);
    if (!models.length) continue;
    const section = h('section', { class: 'stack', 'data-testid': `models-${kind}`,
      'aria-labelledby': `models-${kind}` }, h('h2', { id: `models-${kind}` }, t(`console.models.kind.${kind}`)));
    section.append(h('div', { class: 'card' }, trendChart(kind, models)));
    for (const m of [...models].reverse()) section.append(modelCard(m));
    body.append(section);
  }
}

/** Versions are labelled v1, v2, … in registration order, so the x axis stays short; the table names them fully. */
function trendChart(kind, models) {
  const keys = kind === 'risk' ? ['test_pr_auc', 'test_roc_auc', 'test_recall_at_1pct_fpr']
    : ['valid_ndcg@10', 'ndcg@10', 'hr@10'];
  const present = keys.filter((k) => models.some((m) => typeof m.metrics[k] === 'number'));
  const categories = models.map((m, i) => `v${i + 1}`);
  return lineChart(categories, present.map((k) => ({ name: metricName(k), values: models.map((m) => m.metrics[k]) })),
    { caption: t(`console.models.trend.${kind}`, { count: models.length }), xTitle: t('console.models.version'),
      yTitle: t('console.models.score'), min: 0, max: 1, testid: `trend-${kind}`,
      format: (v) => v.toFixed(3) });
}

function metricName(key) {
  const known = {
    'valid_ndcg@10': 'NDCG@10 (valid)', 'ndcg@10': 'NDCG@10 (test)', 'hr@10': 'HR@10 (test)', mrr: 'MRR (test)',
    coverage: t('console.models.metric.coverage'), test_pr_auc: 'PR-AUC (test)', test_roc_auc: 'ROC-AUC (test)',
    test_recall_at_1pct_fpr: t('console.models.metric.recall1'),
  };
  return known[key] || key;
}

function modelCard(m) {
  const scores = Object.entries(m.metrics)
    .filter(([k, v]) => !NOT_SCORES.has(k) && !k.includes('.') && typeof v === 'number');
  const families = familyComparison(m);
  const card = h('article', { class: 'card model', id: anchor('model', m.id), 'data-testid': 'model',
    'data-model': m.id, 'aria-labelledby': `${anchor('model', m.id)}-h` },
  h('h3', { id: `${anchor('model', m.id)}-h` }, h('code', {}, m.id), ' ',
    m.deployed ? h('span', { class: 'badge ok', 'data-testid': 'deployed' }, t('console.models.deployed')) : null,
    m.superseded ? h('span', { class: 'badge warn' }, t('console.models.superseded')) : null),
  h('dl', { class: 'facts' },
    fact('console.models.family', m.family),
    fact('console.models.hash', shortHash(m.artifactSha256, 16)),
    fact('console.models.registered', dateTime(m.registeredAt)),
    fact('console.models.tx', txLink(m.transactionId, 'model-tx')),
    fact('console.models.height', String(m.height)),
    typeof m.metrics.test_cases === 'number' ? fact('console.models.testCases', String(m.metrics.test_cases)) : null,
    typeof m.metrics.train_seconds === 'number'
      ? fact('console.models.trainSeconds', m.metrics.train_seconds.toFixed(2)) : null,
    fact('console.models.snapshot', snapshotLink(m.snapshot)),
    m.supersededReason ? fact('console.models.supersededReason', m.supersededReason) : null));
  if (scores.length) {
    card.append(barChart(scores.map(([k, v]) => ({ label: metricName(k), value: v })), {
      caption: t('console.models.metricsOf', { id: m.id }),
      head: [t('console.models.metric'), t('console.chart.value')],
      testid: 'model-metrics-chart', format: (v) => v.toFixed(3), max: 1,
    }));
  }
  if (families) card.append(families);
  const params = Object.entries(m.parameters || {});
  if (params.length) {
    card.append(h('details', {}, h('summary', {}, t('console.models.parameters', { count: params.length })),
      h('dl', { class: 'facts' }, params.map(([k, v]) => fact(null, h('code', {}, v), k)))));
  }
  return card;
}

/** The recommender records every candidate family's NDCG@10 (valid and test): plotted so the choice is visible. */
function familyComparison(m) {
  const rows = [];
  if (typeof m.metrics['valid_ndcg@10'] === 'number') {
    rows.push({ label: `${m.family} — ${t('console.models.valid')}`, value: m.metrics['valid_ndcg@10'] });
    rows.push({ label: `${m.family} — ${t('console.models.test')}`, value: m.metrics['ndcg@10'] ?? 0 });
  }
  const others = Object.keys(m.metrics).filter((k) => k.endsWith('.valid_ndcg@10'));
  if (!others.length) return null;
  for (const k of others) {
    const family = k.slice(0, -'.valid_ndcg@10'.length);
    rows.push({ label: `${family} — ${t('console.models.valid')}`, value: m.metrics[k] });
    if (typeof m.metrics[`${family}.ndcg@10`] === 'number') {
      rows.push({ label: `${family} — ${t('console.models.test')}`, value: m.metrics[`${family}.ndcg@10`] });
    }
  }
  return barChart(rows, { caption: t('console.models.families'), head: [t('console.models.family'), 'NDCG@10'],
    testid: 'family-chart', format: (v) => v.toFixed(3), max: 1 });
}

function snapshotLink(s) {
  if (!s) return '';
  return h('span', {}, h('a', { href: `/console/datasets#${anchor('dataset', s.root)}`,
    'data-testid': 'snapshot-link' }, shortHash(s.root, 16)), s.rows !== undefined ? ` · ${t('console.datasets.rowsN', { rows: s.rows })}` : '',
  s.transactionId ? [' · ', txLink(s.transactionId, 'snapshot-tx')] : '');
}

function fact(key, value, label) {
  return h('div', {}, h('dt', {}, label ?? t(key)), h('dd', {}, value));
}

export async function datasetLineage({ main }) {
  const page = await consolePage(main, 'datasets', 'console.datasets.title');
  if (!page) return;
  const { body } = page;
  const [{ datasets }, registry] = await Promise.all([api.get('/admin/datasets'), api.get('/admin/models')]);
  const models = new Map(registry.models.map((m) => [m.id, m]));
  body.append(h('p', { class: 'muted' }, t('console.datasets.intro')));
  if (!datasets.length) {
    body.append(empty('console.datasets.none'));
    return;
  }
  const list = h('ol', { class: 'lineage', 'data-testid': 'lineage' });
  for (const d of [...datasets].reverse()) list.append(datasetItem(d, models));
  body.append(list);
  if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
}

function sourceName(source) {
  const key = `console.datasets.source.${source}`;
  const text = t(key);
  return text === key ? source : text;
}

function datasetItem(d, models) {
  const id = anchor('dataset', d.root);
  return h('li', { class: 'lineage-node', id, 'data-testid': 'dataset', 'data-root': d.root },
    h('article', { class: 'card', 'aria-labelledby': `${id}-h` },
      h('h2', { id: `${id}-h` }, t('console.datasets.snapshot'), ' ', shortHash(d.root, 16), ' ',
        d.superseded ? h('span', { class: 'badge warn' }, t('console.models.superseded'))
          : h('span', { class: 'badge ok' }, t('console.datasets.current'))),
      h('dl', { class: 'facts' },
        fact('console.datasets.root', h('code', { class: 'hash' }, d.root)),
        fact('console.datasets.source', sourceName(d.source)),
        fact('console.datasets.counts', t('console.datasets.countsOf',
          { rows: d.rows, users: d.users, items: d.items })),
        fact('console.datasets.consent', h('code', {}, d.consentPolicy)),
        fact('console.datasets.registered', dateTime(d.registeredAt)),
        fact('console.models.tx', txLink(d.transactionId, 'dataset-tx'))),
      d.supersession ? h('p', { class: 'notice' }, t('console.datasets.supersededBecause', {
        reason: d.supersession.reason }), d.supersession.by ? [' → ', h('a', {
        href: `#${anchor('dataset', d.supersession.by)}` }, shortHash(d.supersession.by, 16))] : '',
      d.supersession.transactionId ? [' · ', txLink(d.supersession.transactionId)] : '') : null,
      d.replaces.length ? h('p', {}, t('console.datasets.replaces'), ' ', d.replaces.map((r) => h('a', {
        href: `#${anchor('dataset', r)}`, class: 'chip' }, shortHash(r, 12)))) : null,
      h('h3', {}, t('console.datasets.trained', { count: d.models.length })),
      d.models.length ? h('ul', { class: 'lineage-models', 'data-testid': 'dataset-models' }, d.models.map((mid) => {
        const m = models.get(mid);
        return h('li', {}, h('span', { 'aria-hidden': 'true', class: 'arrow' }, '→ '),
          h('a', { href: `/console/models#${anchor('model', mid)}`, 'data-testid': 'dataset-model' },
            h('code', {}, mid)),
          m?.deployed ? [' ', h('span', { class: 'badge ok' }, t('console.models.deployed'))] : null,
          m ? [' · ', txLink(m.transactionId)] : null);
      })) : empty('console.datasets.noModels')));
}
