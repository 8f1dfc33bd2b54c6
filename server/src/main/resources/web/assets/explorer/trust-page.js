// /explorer/trust: the keys this browser checks the ledger with. They are imported from the organisations'
// trusted-keys.json or fetched from another organisation's node — never taken from the server being checked, since
// a server that lies about its history would hand out keys that vouch for the lie. Also: the consistency check
// between the checkpoint this browser trusted last and the node's current one.
import { h, field, announce, replace, loading, dateTime } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { fetchFromNode, fingerprint } from '../ledger/trust.js';
import { badge, facts, shortHash, tabs, trust } from './common.js';
import { checkConsistency, forget } from './consistency.js';

export async function trustPage({ main, isCurrent }) {
  main.append(h('h1', {}, t('explorer.trust.title')), tabs());
  main.append(h('section', { class: 'card why', 'aria-labelledby': 'why-title' },
    h('h2', { id: 'why-title' }, t('explorer.trust.why.title')),
    ['1', '2', '3'].map((n) => h('p', {}, t(`explorer.trust.why.${n}`)))));

  const status = h('div', { 'aria-live': 'polite', 'data-testid': 'trust-status' });
  const list = h('div', { 'data-testid': 'trust-list' });
  const renderList = () => replace(list, pinnedList(() => {
    renderList();
    runCheck();
  }));

  // Import a file.
  const file = h('input', { type: 'file', accept: 'application/json,.json', 'data-testid': 'trust-file' });
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    status.replaceChildren();
    try {
      const entry = await trust.importFile(f);
      status.append(h('p', { class: 'notice', 'data-testid': 'trust-imported' },
        t('explorer.trust.imported', { label: entry.label, fingerprint: entry.id })));
      announce(t('explorer.trust.imported', { label: entry.label, fingerprint: entry.id }));
      renderList();
      runCheck();
    } catch (e) {
      status.append(h('p', { class: 'error', role: 'alert' }, t('explorer.trust.importFailed'), ' ', e.message));
    }
    file.value = '';
  });

  // Fetch from another organisation's node: shown with its fingerprint, pinned only when the person accepts.
  const url = h('input', { type: 'url', placeholder: 'https://node.example.org', 'data-testid': 'trust-url',
    autocomplete: 'url' });
  const candidate = h('div', { 'aria-live': 'polite', 'data-testid': 'trust-candidate' });
  const fetchForm = h('form', { class: 'stack-form', 'on:submit': async (e) => {
    e.preventDefault();
    candidate.replaceChildren();
    const value = url.value.trim();
    if (!value) {
      candidate.append(h('p', { class: 'error', role: 'alert' }, t('explorer.trust.urlEmpty')));
      url.focus();
      return;
    }
    if (sameOrigin(value)) {
      candidate.append(h('p', { class: 'error', role: 'alert' }, t('explorer.trust.sameOrigin')));
      return;
    }
    candidate.append(loading());
    try {
      const found = await fetchFromNode(value);
      const print = await fingerprint(found);
      const accept = h('button', { type: 'button', class: 'primary', 'data-testid': 'trust-accept' },
        t('explorer.trust.accept'));
      accept.addEventListener('click', async () => {
        const entry = await trust.save(found, { source: found.source });
        replace(candidate, h('p', { class: 'notice' }, t('explorer.trust.imported',
          { label: entry.label, fingerprint: entry.id })));
        renderList();
        runCheck();
      });
      replace(candidate, h('div', { class: 'card' },
        h('p', {}, t('explorer.trust.found', { source: found.source })),
        orgsList(found), h('p', {}, t('explorer.trust.fingerprint'), ' ', h('code', {}, print)),
        h('p', { class: 'muted' }, t('explorer.trust.compare')),
        h('div', { class: 'row' }, accept,
          h('button', { type: 'button', 'on:click': () => candidate.replaceChildren() }, t('explorer.trust.cancel')))));
    } catch (err) {
      replace(candidate, h('p', { class: 'error', role: 'alert' }, t('explorer.trust.fetchFailed'), ' ',
        err.message));
    }
  } },
  field('explorer.trust.url', url, 'explorer.trust.urlHint'),
  h('button', { type: 'submit' }, t('explorer.trust.fetch')));

  const consistency = h('div', { 'aria-live': 'polite', 'data-testid': 'consistency' });
  main.append(h('div', { class: 'cols' },
    h('section', { class: 'card', 'aria-labelledby': 'import-title' },
      h('h2', { id: 'import-title' }, t('explorer.trust.import')),
      h('p', { class: 'muted' }, t('explorer.trust.importAbout')),
      field('explorer.trust.file', file), status),
    h('section', { class: 'card', 'aria-labelledby': 'fetch-title' },
      h('h2', { id: 'fetch-title' }, t('explorer.trust.fromNode')),
      h('p', { class: 'muted' }, t('explorer.trust.fromNodeAbout')), fetchForm, candidate)));
  main.append(h('section', { 'aria-labelledby': 'pinned-title' },
    h('h2', { id: 'pinned-title' }, t('explorer.trust.pinned')), list));
  renderList();

  // Keys change while a check runs (an import, a removal): only the latest check's outcome is shown.
  let checks = 0;
  const runCheck = async () => {
    const n = ++checks;
    replace(consistency, loading());
    try {
      const cp = await api.get('/ledger/checkpoint');
      const result = await checkConsistency(cp);
      if (n === checks && isCurrent()) replace(consistency, consistencyView(result, cp.chain_id));
    } catch (e) {
      if (n === checks) replace(consistency, showError(e, null));
    }
  };
  main.append(h('section', { class: 'card', 'aria-labelledby': 'cons-title' },
    h('h2', { id: 'cons-title' }, t('explorer.consistency.title')),
    h('p', { class: 'muted' }, t('explorer.consistency.about')),
    h('button', { type: 'button', 'data-testid': 'consistency-run', 'on:click': runCheck },
      t('explorer.consistency.run')),
    consistency));
  await runCheck();
}

function sameOrigin(value) {
  try {
    return new URL(value).origin === location.origin;
  } catch {
    return false;
  }
}

function orgsList(entry) {
  return h('ul', { class: 'orgs' }, entry.organisations.map((o) => h('li', {}, h('strong', {}, o.name), ' ',
    shortHash(o.publicKey, 16))));
}

function pinnedList(changed) {
  const entries = trust.list();
  if (!entries.length) {
    return h('p', { class: 'empty', 'data-testid': 'trust-empty' }, t('explorer.trust.none'));
  }
  return h('ul', { class: 'pinned' }, entries.map((e) => h('li', { class: 'card', 'data-testid': 'trust-entry' },
    h('h3', {}, e.label),
    facts([
      ['explorer.trust.fingerprint', h('code', { 'data-testid': 'trust-fingerprint' }, e.id)],
      ['explorer.field.chain', e.chainId ? shortHash(e.chainId, 24) : t('explorer.trust.anyChain')],
      ['explorer.trust.threshold', t('explorer.trust.kOfN', { k: e.threshold, n: e.organisations.length })],
      ['explorer.trust.source', e.source],
      ['explorer.trust.added', dateTime(e.addedAt)],
    ]),
    orgsList(e),
    h('button', { type: 'button', class: 'danger', 'data-testid': 'trust-remove',
      'aria-label': t('explorer.trust.removeLabel', { label: e.label }), 'on:click': () => {
        trust.remove(e.id);
        announce(t('explorer.trust.removed', { label: e.label }));
        changed();
      } }, t('explorer.trust.remove')))));
}

const CONSISTENCY_BADGE = { first: 'ok', same: 'ok', extended: 'ok', behind: 'warn', untrusted: 'warn', failed: 'bad' };

/** The consistency check's outcome, in words; with `chainHex`, a button to forget the remembered checkpoint. */
export function consistencyView(result, chainHex) {
  const p = result.previous;
  const c = result.current;
  return h('div', { class: 'consistency', 'data-testid': 'consistency-result', 'data-state': result.state },
    h('p', {}, badge(CONSISTENCY_BADGE[result.state], t(`explorer.consistency.state.${result.state}`)), ' ',
      t(`explorer.consistency.explain.${result.state}`, {
        from: p?.logSize ?? '', to: c?.logSize ?? '', height: c?.height ?? '' })),
    result.reason ? h('p', { class: 'proof-reason' }, t('explorer.proof.reason'), ' ', result.reason) : null,
    p ? facts([
      ['explorer.consistency.remembered', t('explorer.consistency.point', { height: p.height, size: p.logSize })],
      ['explorer.consistency.current', t('explorer.consistency.point', { height: c.height, size: c.logSize })],
    ]) : null,
    chainHex && p ? h('button', { type: 'button', 'on:click': (e) => {
      forget(chainHex);
      announce(t('explorer.consistency.forgotten'));
      e.target.replaceWith(h('p', { class: 'muted' }, t('explorer.consistency.forgotten')));
    } }, t('explorer.consistency.forget')) : null);
}
