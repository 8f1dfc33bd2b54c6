// The shell: header (navigation, language, session), the login and register pages, and the areas' routes.
import './core/messages.js';
import { h, replace, field, announce } from './core/dom.js';
import { t, lang, setLang } from './core/i18n.js';
import { showError, api } from './core/api.js';
import { session } from './core/session.js';
import { router, navigate } from './core/router.js';
import * as store from './store/index.js';
import * as consoleArea from './console/index.js';
import * as explorer from './explorer/index.js';

async function renderHeader() {
  const me = await session.me();
  const header = document.getElementById('site-header');
  const langSelect = h('select', { id: 'lang-select', 'data-testid': 'lang-select',
    'on:change': (e) => setLang(e.target.value) },
  h('option', { value: 'en', selected: lang() === 'en' }, 'English'),
  h('option', { value: 'zh', selected: lang() === 'zh' }, '中文'));
  const staff = me && ['merchant', 'admin', 'agent', 'arbiter'].includes(me.role);
  const links = [
    ['/', 'shell.nav.shop', 'nav-shop'],
    me && me.role === 'buyer' ? ['/cart', 'shell.nav.cart', 'nav-cart'] : null,
    me ? ['/orders', 'shell.nav.orders', 'nav-orders'] : null,
    me ? ['/privacy', 'shell.nav.privacy', 'nav-privacy'] : null,
    staff ? ['/console', 'shell.nav.console', 'nav-console'] : null,
    ['/explorer', 'shell.nav.explorer', 'nav-explorer'],
  ].filter(Boolean);
  replace(header,
    h('a', { class: 'brand', href: '/' }, h('img', { src: '/assets/favicon.svg', alt: '', width: 28, height: 28 }),
      'TrustMall'),
    h('nav', { 'aria-label': t('shell.nav') }, h('ul', {}, links.map(([href, key, id]) => h('li', {},
      h('a', { href, 'data-testid': id, 'aria-current': current(href) ? 'page' : null }, t(key)))))),
    h('div', { class: 'header-tools' },
      h('label', { for: 'lang-select', class: 'visually-hidden' }, t('shell.lang')), langSelect,
      me
        ? h('span', { class: 'who' }, h('span', { 'data-testid': 'signed-in-as' },
          t('shell.signedInAs', { name: me.displayName, role: t(`role.${me.role}`) })), ' ',
        h('button', { type: 'button', class: 'link', 'data-testid': 'logout', 'on:click': async () => {
          await session.logout();
          navigate('/');
        } }, t('shell.logout')))
        : h('a', { href: `/login?next=${encodeURIComponent(location.pathname + location.search)}`,
          'data-testid': 'nav-login' }, t('shell.login'))));
  replace(document.getElementById('site-footer'), h('p', {}, t('shell.footer'), ' · ',
    h('a', { href: '/openapi.json' }, t('shell.footer.api'))));
}

function current(href) {
  return href === '/' ? location.pathname === '/' : location.pathname.startsWith(href);
}

function safeNext(query) {
  const next = query.get('next') || '/';
  return next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

router.add('/login', async ({ main, query }) => {
  const email = h('input', { type: 'email', name: 'email', autocomplete: 'username', required: true,
    'data-testid': 'login-email' });
  const password = h('input', { type: 'password', name: 'password', autocomplete: 'current-password', required: true,
    'data-testid': 'login-password' });
  const form = h('form', { class: 'card narrow', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      await session.login(email.value.trim(), password.value);
      announce(t('shell.login.done'));
      navigate(safeNext(query), { replace: true });
    } catch (err) {
      showError(err, form);
    }
  } },
  h('h1', {}, t('shell.login.title')),
  field('shell.login.email', email), field('shell.login.password', password),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'login-submit' }, t('shell.login.submit')),
  h('p', {}, h('a', { href: `/register?next=${encodeURIComponent(safeNext(query))}` }, t('shell.login.register'))));
  main.append(form);
}, { title: 'shell.login.title' });

router.add('/register', async ({ main, query }) => {
  const name = h('input', { type: 'text', required: true, maxlength: 64, autocomplete: 'nickname' });
  const email = h('input', { type: 'email', required: true, autocomplete: 'email' });
  const password = h('input', { type: 'password', required: true, minlength: 10, autocomplete: 'new-password' });
  const role = h('select', {}, h('option', { value: 'buyer' }, t('shell.register.buyer')),
    h('option', { value: 'merchant' }, t('shell.register.merchant')));
  const form = h('form', { class: 'card narrow', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      await api.post('/auth/register', { email: email.value.trim(), password: password.value, role: role.value,
        displayName: name.value.trim() });
      await session.login(email.value.trim(), password.value);
      navigate(safeNext(query), { replace: true });
    } catch (err) {
      showError(err, form);
    }
  } },
  h('h1', {}, t('shell.register.title')), field('shell.register.name', name), field('shell.login.email', email),
  field('shell.login.password', password, 'shell.register.hint'), field('shell.register.role', role),
  h('button', { type: 'submit', class: 'primary' }, t('shell.register.submit')));
  main.append(form);
}, { title: 'shell.register.title' });

store.register(router);
consoleArea.register(router);
explorer.register(router);

window.addEventListener('trustmall:session', () => renderHeader());
window.addEventListener('trustmall:route', () => renderHeader());
window.addEventListener('trustmall:lang', () => router.render());
document.documentElement.lang = lang() === 'zh' ? 'zh-CN' : 'en';
router.render();
