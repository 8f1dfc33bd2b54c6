// Search results with paging.
import { h } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api } from '../core/api.js';
import { navigate } from '../core/router.js';
import { categories, categoryName, pager, productGrid, searchForm } from './common.js';

const SIZE = 20;

export async function search({ main, query, isCurrent }) {
  const q = query.get('q') || '';
  const category = query.get('category') || '';
  const page = Math.max(0, Number.parseInt(query.get('page') || '0', 10) || 0);
  const params = new URLSearchParams({ size: String(SIZE), page: String(page) });
  if (q) params.set('q', q);
  if (category) params.set('category', category);
  const [cats, result] = await Promise.all([categories(api).catch(() => []), api.get(`/products?${params}`)]);
  if (!isCurrent()) return;
  const cat = cats.find((c) => c.slug === category);
  const heading = q ? t('store.search.resultsFor', { q }) : cat ? categoryName(cat) : t('store.search.all');
  document.title = `${heading} · TrustMall`;
  main.append(searchForm(navigate, cats, { q, category }),
    h('h1', {}, heading),
    h('p', { class: 'muted', 'data-testid': 'result-count', role: 'status' },
      t('store.search.count', { n: result.total })),
    productGrid(result.items, 'store.search.none', { 'data-testid': 'search-results' }),
    pager(result, (p) => {
      const next = new URLSearchParams(params);
      next.delete('size');
      next.set('page', String(p));
      return `/search?${next}`;
    }));
}
