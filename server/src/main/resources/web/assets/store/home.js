// Home: search, categories, and recommendations (personalised for a buyer whose consent stands, else popular).
import { h, replace, loading } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { session } from '../core/session.js';
import { navigate } from '../core/router.js';
import { categories, categoryName, productGrid, searchForm } from './common.js';

export async function home({ main, isCurrent }) {
  const recs = h('section', { 'aria-labelledby': 'recs-h', 'data-testid': 'recommendations' }, loading());
  const catNav = h('nav', { 'aria-label': t('store.categories'), class: 'categories' });
  main.append(h('section', { class: 'hero' }, h('h1', {}, t('store.home.title')),
    h('p', { class: 'muted' }, t('store.home.tagline')), h('div', { id: 'home-search' })), catNav, recs);
  const [cats, me] = await Promise.all([categories(api).catch(() => []), session.me()]);
  if (!isCurrent()) return;
  main.querySelector('#home-search').replaceWith(searchForm(navigate, cats));
  replace(catNav, h('h2', { id: 'cats-h' }, t('store.categories')), h('ul', { class: 'chips' },
    cats.map((c) => h('li', {}, h('a', { href: `/search?category=${encodeURIComponent(c.slug)}`,
      class: 'chip', 'data-testid': 'category-link' }, categoryName(c))))));
  try {
    const result = me && me.role === 'buyer'
      ? await api.get('/recommendations?limit=12')
      : await popular();
    if (!isCurrent()) return;
    const personalised = result.basis === 'personalised';
    replace(recs,
      h('div', { class: 'row section-head' },
        h('h2', { id: 'recs-h' }, personalised ? t('store.recs.forYou') : t('store.recs.popular')),
        h('span', { class: ['badge', personalised ? 'ok' : 'neutral'], 'data-testid': 'rec-basis',
          'data-basis': result.basis },
        personalised ? t('store.recs.basis.personalised') : t('store.recs.basis.popular'))),
      personalised ? null : h('p', { class: 'muted' }, me && me.role === 'buyer'
        ? t('store.recs.whyPopular') : t('store.recs.signedOut')),
      productGrid(result.items, 'store.recs.none', { 'data-testid': 'rec-list' }));
  } catch (e) {
    replace(recs);
    showError(e, recs);
  }
}

/** Popular products for a visitor who is not a buyer: the catalogue's first page (no personal data used). */
async function popular() {
  const page = await api.get('/products?size=12');
  return { items: page.items, basis: 'popular', personalised: false };
}
