// /explorer: the latest co-signed checkpoint and whether this browser's trusted keys vouch for it, whether the log
// still extends the checkpoint trusted before, the node's own `verify` status, and the newest blocks.
import { h, replace, loading, announce, table, shortHash } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { session } from '../core/session.js';
import { toHex } from '../ledger/bytes.js';
import { badge, facts, judgeCheckpoint, millis, needTrust, quorum, signatureList, tabs, trustFor } from './common.js';
import { blockColumns } from './blocks.js';
import { checkConsistency } from './consistency.js';
import { consistencyView } from './trust-page.js';

export async function overviewPage({ main, isCurrent }) {
  main.append(h('h1', {}, t('explorer.title')), tabs(), h('p', { class: 'muted' }, t('explorer.intro')));
  const cpSection = h('section', { class: 'card', 'aria-labelledby': 'cp-title', 'data-testid': 'checkpoint' },
    h('h2', { id: 'cp-title' }, t('explorer.checkpoint.title')), loading());
  const verifySection = h('section', { class: 'card', 'aria-labelledby': 'verify-title', 'data-testid':
    'verification' }, h('h2', { id: 'verify-title' }, t('explorer.verification.title')), loading());
  const blocksSection = h('section', { 'aria-labelledby': 'recent-title' },
    h('h2', { id: 'recent-title' }, t('explorer.recent.title')), loading());
  main.append(h('div', { class: 'cols explorer-top' }, cpSection, verifySection), blocksSection);
  await Promise.all([
    renderCheckpoint(cpSection, isCurrent),
    renderVerification(verifySection, isCurrent),
    renderRecent(blocksSection),
  ]);
}

async function renderCheckpoint(section, isCurrent) {
  const title = section.querySelector('h2');
  try {
    const json = await api.get('/ledger/checkpoint');
    const entry = trustFor(json.chain_id);
    const judged = await judgeCheckpoint(json, entry);
    const cp = judged.checkpoint;
    if (!isCurrent()) return;
    const body = [
      facts([
        ['explorer.field.height', h('a', { href: `/explorer/blocks/${cp.height}` }, String(cp.height)),
          'checkpoint-height'],
        ['explorer.field.logSize', String(cp.logSize), 'checkpoint-log-size'],
        ['explorer.field.root', h('code', { class: 'hash' }, toHex(cp.root))],
        ['explorer.field.blockHash', shortHash(toHex(cp.blockHash), 24)],
        ['explorer.field.time', millis(cp.timestamp)],
        ['explorer.field.chain', shortHash(toHex(cp.chainId), 24)],
      ]),
      h('h3', {}, t('explorer.checkpoint.cosignatures')),
      signatureList(judged),
      h('p', {}, quorum(judged)),
      judged.reason ? h('p', { class: 'proof-reason' }, t('explorer.proof.reason'), ' ', judged.reason) : null,
      entry ? null : needTrust(),
    ];
    replace(section, title, body);
    if (entry && judged.ok) {
      const result = await checkConsistency(json);
      if (isCurrent()) section.append(h('h3', {}, t('explorer.consistency.title')), consistencyView(result));
    }
  } catch (e) {
    replace(section, title, showError(e, null));
  }
}

async function renderVerification(section, isCurrent) {
  const title = section.querySelector('h2');
  const admin = await session.hasRole('admin');
  const status = h('div', { 'data-testid': 'verification-status' });
  const run = admin ? h('button', { type: 'button', class: 'primary', 'data-testid': 'verification-run' },
    t('explorer.verification.run')) : null;
  replace(section, title, h('p', { class: 'muted' }, t('explorer.verification.about')), status, run);
  const show = (s) => replace(status, verificationView(s));
  // Follows a run until it ends; the page may be left meanwhile, and a stuck run is not waited on forever.
  const follow = async (s) => {
    show(s);
    const deadline = Date.now() + 10 * 60 * 1000;
    while (s.running && isCurrent() && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      s = await api.get('/ledger/verification');
      if (isCurrent()) show(s);
    }
    if (!s.running && s.last && isCurrent()) announce(t(`explorer.verification.status.${s.last.status}`));
  };
  run?.addEventListener('click', async () => {
    run.disabled = true;
    try {
      const s = await api.post('/ledger/verification');
      announce(t('explorer.verification.started'));
      await follow(s);
    } catch (e) {
      status.prepend(showError(e, null));
    } finally {
      run.disabled = false;
    }
  });
  // Not awaited: the checkpoint and the blocks need not wait for a run to finish.
  api.get('/ledger/verification').then(follow).catch((e) => replace(status, showError(e, null)));
}

const VERIFY_BADGE = { intact: 'ok', torn_tail: 'warn', corrupt: 'bad', failed: 'bad' };

/** The node's verification state: the last run's verdict and what it covered, and whether one is running now. */
export function verificationView(s) {
  const last = s.last;
  const parts = [];
  if (s.running) {
    parts.push(h('p', { role: 'status' }, badge('neutral', t('explorer.verification.running')), ' ',
      s.runningSince ? t('explorer.verification.since', { time: millis(Date.parse(s.runningSince)) }) : null));
  }
  if (!last) {
    if (!s.running) parts.push(h('p', { class: 'empty' }, t('explorer.verification.never')));
    return parts;
  }
  parts.push(h('p', {}, badge(VERIFY_BADGE[last.status] ?? 'neutral', t(`explorer.verification.status.${last.status}`),
    { 'data-testid': 'verification-state', 'data-state': last.status })));
  parts.push(facts([
    ['explorer.verification.blocks', String(last.blocks)],
    ['explorer.verification.transactions', String(last.transactions)],
    ['explorer.field.height', String(last.height)],
    ['explorer.field.logSize', String(last.logSize)],
    ['explorer.verification.finished', millis(Date.parse(last.finishedAt))],
    ['explorer.verification.duration', t('explorer.verification.ms', { ms: last.durationMillis })],
    ['explorer.verification.keys', t(`explorer.verification.keys.${last.keys}`)],
  ]));
  if (last.reason) {
    parts.push(h('p', { class: 'error' }, `${last.reason.kind} — ${last.reason.location}: ${last.reason.detail}`));
  }
  if (last.notes?.length) parts.push(h('ul', { class: 'muted' }, last.notes.map((n) => h('li', {}, n))));
  return parts;
}

async function renderRecent(section) {
  const title = section.querySelector('h2');
  try {
    const page = await api.get('/ledger/blocks?limit=10');
    replace(section, title, table(blockColumns(), page.blocks, { 'data-testid': 'recent-blocks' }),
      h('p', {}, h('a', { href: '/explorer/blocks', 'data-testid': 'all-blocks' }, t('explorer.recent.all'))));
  } catch (e) {
    replace(section, title, showError(e, null));
  }
}
