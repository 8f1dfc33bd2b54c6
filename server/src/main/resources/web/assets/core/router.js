// History routing: patterns like /orders/:id, handlers render into <main>.
import { h, replace } from './dom.js';
import { t } from './i18n.js';
import { showError } from './api.js';

const routes = [];
let rendering = 0;

function compile(pattern) {
  const names = [];
  const re = pattern.replace(/\/:(\w+)/g, (all, name) => {
    names.push(name);
    return '/([^/]+)';
  });
  return { re: new RegExp(`^${re}/?$`), names };
}

export const router = {
  /** Adds a route. handler: async ({params, query, main}) => void. options.title: a message key. */
  add(pattern, handler, options = {}) {
    routes.push({ pattern, handler, options, ...compile(pattern) });
  },
  /** Goes to url (same origin) and renders it. */
  navigate(url, { replace: replaceState = false } = {}) {
    if (replaceState) history.replaceState(null, '', url);
    else history.pushState(null, '', url);
    return render();
  },
  render: () => render(),
};

export function navigate(url, options) {
  return router.navigate(url, options);
}

async function render() {
  const main = document.getElementById('main');
  const path = location.pathname;
  const query = new URLSearchParams(location.search);
  const n = ++rendering;
  let match = null;
  let params = {};
  for (const r of routes) {
    const m = r.re.exec(path);
    if (m) {
      match = r;
      params = Object.fromEntries(r.names.map((name, i) => [name, decodeURIComponent(m[i + 1])]));
      break;
    }
  }
  replace(main);
  window.dispatchEvent(new CustomEvent('trustmall:route', { detail: path }));
  if (!match) {
    document.title = `${t('shell.notFound')} · TrustMall`;
    main.append(h('h1', {}, t('shell.notFound')), h('p', {}, h('a', { href: '/' }, t('shell.home'))));
    return;
  }
  document.title = match.options.title ? `${t(match.options.title)} · TrustMall` : 'TrustMall';
  try {
    await match.handler({ params, query, main, isCurrent: () => n === rendering });
  } catch (e) {
    if (n === rendering) showError(e, main);
  }
  if (n === rendering && !main.contains(document.activeElement) && !(history.state && history.state.keepFocus)) {
    main.focus({ preventScroll: true });
  }
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const a = e.target.closest('a[href]');
  if (!a || a.target || a.hasAttribute('download')) return;
  const url = new URL(a.href, location.href);
  if (url.origin !== location.origin || url.pathname.startsWith('/api/') || url.pathname === '/openapi.json') return;
  if (url.pathname === location.pathname && url.search === location.search && url.hash) return;
  e.preventDefault();
  navigate(url.pathname + url.search);
  window.scrollTo(0, 0);
});

window.addEventListener('popstate', () => render());
