// What every console page shares: the role check, the heading and the section tabs, and small bits of display.
import { h, shortHash } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { requireRole } from '../core/guard.js';

/** The sections each role may open, in tab order. */
const SECTIONS = {
  merchant: ['overview', 'orders', 'disputes'],
  admin: ['overview', 'orders', 'risk', 'disputes', 'models', 'datasets', 'handoffs', 'staff'],
  agent: ['overview', 'handoffs'],
  arbiter: ['overview', 'disputes', 'orders'],
};

const PATHS = {
  overview: '/console', orders: '/console/orders', risk: '/console/risk', disputes: '/console/disputes',
  models: '/console/models', datasets: '/console/datasets', handoffs: '/console/handoffs', staff: '/console/staff',
};

export const STAFF = Object.keys(SECTIONS);

/** Whether role has section among its tabs. */
export function may(role, section) {
  return (SECTIONS[role] || []).includes(section);
}

/**
 * Starts a console page: checks the signed-in role (renders why not and gives null when it may not open section),
 * then the section tabs, the page's heading (a message key) and a body element the page fills; gives {me, body}.
 */
export async function consolePage(main, section, titleKey, titleVars) {
  const me = await requireRole(main, ...STAFF);
  if (!me) return null;
  if (!may(me.role, section)) {
    main.append(h('h1', {}, t('shell.forbidden')), h('p', {}, h('a', { href: '/console' }, t('console.back'))));
    return null;
  }
  const tabs = h('nav', { class: 'tabs console-tabs', 'aria-label': t('console.tabs') },
    SECTIONS[me.role].map((s) => h('a', { href: PATHS[s], 'data-testid': `console-tab-${s}`,
      'aria-current': s === section ? 'page' : null }, t(`console.tab.${s}`))));
  const body = h('div', { class: 'console stack' });
  main.append(tabs, h('h1', {}, t(titleKey, titleVars)), body);
  return { me, body };
}

/** A ledger transaction id linking to the explorer. */
export function txLink(id, testid) {
  if (!id) return '';
  return h('a', { href: `/explorer/tx/${encodeURIComponent(id)}`, class: 'tx-link', 'data-testid': testid,
    title: t('console.tx.open') }, shortHash(id));
}

const STATE_BADGE = {
  created: 'neutral', paid: 'warn', shipped: 'neutral', delivered: 'ok', completed: 'ok', cancelled: 'neutral',
  refunded: 'neutral', disputed: 'bad', open: 'warn', resolved: 'ok', settled: 'ok', unresolved: 'bad',
  withdrawn: 'neutral', handed_off: 'warn', closed: 'neutral',
};

/** A state as a badge with its translated name. */
export function stateBadge(state) {
  return h('span', { class: ['badge', STATE_BADGE[state] || 'neutral'], 'data-state': state },
    t(`console.state.${state}`));
}

/**
 * Previous/next links for a page of results ({page, size, total}), keeping the other query parameters; an empty
 * fragment when everything fits on one page (so it can be appended as it is).
 */
export function pager(result, query, path) {
  const pages = Math.max(1, Math.ceil(result.total / result.size));
  if (pages <= 1) return document.createDocumentFragment();
  const link = (p) => {
    const q = new URLSearchParams(query);
    q.set('page', String(p));
    return `${path}?${q}`;
  };
  return h('nav', { class: 'pager row', 'aria-label': t('console.pager') },
    result.page > 0 ? h('a', { href: link(result.page - 1), rel: 'prev' }, t('console.pager.prev')) : null,
    h('span', {}, t('console.pager.at', { page: result.page + 1, pages })),
    result.page + 1 < pages ? h('a', { href: link(result.page + 1), rel: 'next', 'data-testid': 'pager-next' },
      t('console.pager.next')) : null);
}

/** A non-negative page number from the query (0 when absent or wrong). */
export function pageParam(query) {
  const p = Number.parseInt(query.get('page') || '0', 10);
  return Number.isFinite(p) && p >= 0 ? p : 0;
}
