// Shared storefront pieces: localised product text, product cards, paging.
import { h, money } from '../core/dom.js';
import { t, lang } from '../core/i18n.js';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/**
 * A product's text in the page's language. Bilingual catalogue text is written "English 中文" (title) or
 * "English sentence. 中文句子。" (description): the part in the other language is left out; text in one language
 * only is shown as it is.
 */
export function localised(text) {
  if (!text) return '';
  const i = text.search(CJK);
  if (i <= 0) return text;
  // Start of the Chinese part: back up over the word it is glued to only when a space separates the languages.
  const cut = text.lastIndexOf(' ', i) + 1 || i;
  const en = text.slice(0, cut).trim();
  const zh = text.slice(cut).trim();
  if (!en) return text;
  return lang() === 'zh' ? zh : en;
}

/** A variant attribute's value in the page's language (attributes may carry a `<name>_zh` twin). */
export function attribute(attrs, name) {
  if (lang() === 'zh' && attrs[`${name}_zh`]) return attrs[`${name}_zh`];
  return attrs[name];
}

/** The variant's label: its attributes (without the _zh twins) in the page's language, else its SKU. */
export function variantLabel(v) {
  const names = Object.keys(v.attributes || {}).filter((k) => !k.endsWith('_zh'));
  return names.length ? names.map((n) => attribute(v.attributes, n)).join(' · ') : v.sku;
}

/** The lowest price among a product's variants. */
export function fromPrice(p) {
  const prices = (p.variants || []).map((v) => v.price);
  if (!prices.length) return null;
  return prices.reduce((a, b) => (b.amount < a.amount ? b : a));
}

/** A product card: title (a link to the product), merchant, price. */
export function productCard(p) {
  const price = fromPrice(p);
  const inStock = (p.variants || []).some((v) => v.stock > 0);
  return h('li', { class: 'product-card card', 'data-testid': 'product-card', 'data-product-id': p.id },
    h('div', { class: 'product-art', 'aria-hidden': 'true' }, initials(localised(p.title))),
    h('h3', {}, h('a', { href: `/products/${p.id}`, 'data-testid': 'product-link' }, localised(p.title))),
    h('p', { class: 'muted merchant' }, localised(p.merchantName)),
    h('p', { class: 'price', 'data-testid': 'product-price' },
      price ? t('store.fromPrice', { price: money(price) }) : ''),
    inStock ? null : h('p', { class: 'badge warn' }, t('store.outOfStock')));
}

function initials(title) {
  return [...(title || '?')].find((c) => c.trim()) || '?';
}

/** A grid of product cards, or an empty-state line. */
export function productGrid(products, emptyKey, attrs = {}) {
  if (!products.length) return h('p', { class: 'empty' }, t(emptyKey));
  return h('ul', { class: 'product-grid', ...attrs }, products.map(productCard));
}

/** Previous/next links for a page of results ({page, size, total}); url(page) builds each link. */
export function pager(pageData, url) {
  const last = Math.max(0, Math.ceil(pageData.total / pageData.size) - 1);
  if (last === 0) return null;
  return h('nav', { class: 'pager row', 'aria-label': t('store.pager') },
    pageData.page > 0 ? h('a', { href: url(pageData.page - 1), rel: 'prev', 'data-testid': 'page-prev' },
      t('store.pager.prev')) : null,
    h('span', { class: 'muted' }, t('store.pager.of', { page: pageData.page + 1, pages: last + 1 })),
    pageData.page < last ? h('a', { href: url(pageData.page + 1), rel: 'next', 'data-testid': 'page-next' },
      t('store.pager.next')) : null);
}

/** The category's name in the page's language. */
export function categoryName(c) {
  return lang() === 'zh' ? c.nameZh || c.name : c.name;
}

let categoriesCache;
/** The categories (fetched once per page load). */
export async function categories(api) {
  if (!categoriesCache) categoriesCache = api.get('/categories').catch((e) => { categoriesCache = null; throw e; });
  return categoriesCache;
}

/** A search form (search box + category), submitting to /search. */
export function searchForm(navigate, cats, { q = '', category = '' } = {}) {
  const input = h('input', { type: 'search', name: 'q', id: 'store-q', value: q, maxlength: 200,
    'data-testid': 'search-input', placeholder: t('store.search.placeholder') });
  const select = h('select', { name: 'category', id: 'store-cat', 'data-testid': 'search-category' },
    h('option', { value: '' }, t('store.search.allCategories')),
    cats.map((c) => h('option', { value: c.slug, selected: c.slug === category }, categoryName(c))));
  return h('form', { class: 'search-form', role: 'search', 'on:submit': (e) => {
    e.preventDefault();
    const params = new URLSearchParams();
    if (input.value.trim()) params.set('q', input.value.trim());
    if (select.value) params.set('category', select.value);
    navigate(`/search?${params}`);
  } },
  h('label', { for: 'store-q', class: 'visually-hidden' }, t('store.search.label')), input,
  h('label', { for: 'store-cat', class: 'visually-hidden' }, t('store.search.category')), select,
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'search-submit' }, t('store.search.submit')));
}
