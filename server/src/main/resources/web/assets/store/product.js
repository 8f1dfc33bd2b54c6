// Product page: details, variant choice, add to cart, similar items, reviews with their ledger marker, and
// "write a review" for a buyer who received it.
import { h, replace, field, money, dateTime, announce, loading } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { session } from '../core/session.js';
import { categories, categoryName, localised, productGrid, variantLabel } from './common.js';
import { ledgerBadge } from './ledger-badge.js';

export async function product({ main, params, isCurrent }) {
  const id = params.id;
  const [p, me, cats] = await Promise.all([api.get(`/products/${encodeURIComponent(id)}`), session.me(),
    categories(api).catch(() => [])]);
  const cat = cats.find((c) => c.slug === p.category);
  if (!isCurrent()) return;
  const title = localised(p.title);
  document.title = `${title} · TrustMall`;
  const similar = h('section', { 'aria-labelledby': 'similar-h', 'data-testid': 'similar' },
    h('h2', { id: 'similar-h' }, t('store.product.similar')), loading());
  const reviews = h('section', { 'aria-labelledby': 'reviews-h', 'data-testid': 'reviews' },
    h('h2', { id: 'reviews-h' }, t('store.reviews.title')), loading());
  main.append(h('nav', { 'aria-label': t('store.breadcrumb'), class: 'muted' },
    h('a', { href: '/' }, t('shell.nav.shop')), ' › ',
    h('a', { href: `/search?category=${encodeURIComponent(p.category)}` }, cat ? categoryName(cat) : p.category)),
  h('article', { class: 'product-detail card' },
    h('div', { class: 'product-art large', 'aria-hidden': 'true' }, [...title][0] || '?'),
    h('div', { class: 'stack' },
      h('h1', { 'data-testid': 'product-title' }, title),
      h('p', { class: 'muted' }, t('store.product.soldBy', { merchant: localised(p.merchantName) })),
      h('p', {}, localised(p.description)),
      buyBox(p, me))),
  similar, reviews);
  loadSimilar(id, similar);
  loadReviews(id, reviews, me);
}

function buyBox(p, me) {
  const variants = p.variants || [];
  const first = variants.find((v) => v.stock > 0) || variants[0];
  const price = h('p', { class: 'price large', 'data-testid': 'product-detail-price', 'aria-live': 'polite' });
  const stock = h('p', { class: 'muted' });
  const qty = h('input', { type: 'number', min: 1, max: 99, value: 1, inputmode: 'numeric', 'data-testid': 'qty' });
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  let chosen = first;
  const show = () => {
    price.textContent = chosen ? money(chosen.price) : '';
    stock.textContent = chosen ? (chosen.stock > 0 ? t('store.product.inStock', { n: chosen.stock })
      : t('store.outOfStock')) : '';
    add.disabled = !chosen || chosen.stock <= 0;
  };
  const fieldset = h('fieldset', { class: 'variants' }, h('legend', {}, t('store.product.variant')),
    variants.map((v, i) => {
      const input = h('input', { type: 'radio', name: 'sku', value: v.sku, id: `sku-${i}`, checked: v === first,
        disabled: v.stock <= 0, 'data-testid': 'variant', 'on:change': () => { chosen = v; show(); } });
      return h('div', { class: 'variant' }, input, h('label', { for: `sku-${i}` }, variantLabel(v), ' — ',
        money(v.price)));
    }));
  const add = h('button', { type: 'submit', class: 'primary', 'data-testid': 'add-to-cart' }, t('store.product.add'));
  const form = h('form', { class: 'buy-box', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    if (!me) {
      replace(status, h('span', {}, t('store.product.signInToBuy'), ' ',
        h('a', { href: `/login?next=${encodeURIComponent(location.pathname)}` }, t('shell.login'))));
      return;
    }
    try {
      add.disabled = true;
      await api.post('/cart/items', { sku: chosen.sku, quantity: Number.parseInt(qty.value, 10) || 1 });
      replace(status, h('p', { class: 'notice', 'data-testid': 'added' }, t('store.product.added'), ' ',
        h('a', { href: '/cart', 'data-testid': 'go-to-cart' }, t('store.product.viewCart'))));
      announce(t('store.product.added'));
    } catch (err) {
      showError(err, form);
    } finally {
      show();
    }
  } }, fieldset, price, stock, field('store.product.quantity', qty), add, status);
  show();
  if (me && me.role !== 'buyer') add.disabled = true;
  return form;
}

async function loadSimilar(id, section) {
  try {
    const r = await api.get(`/products/${encodeURIComponent(id)}/similar?limit=6`);
    replace(section, section.firstChild, productGrid(r.items, 'store.product.noSimilar'));
  } catch (e) {
    replace(section, section.firstChild);
    showError(e, section);
  }
}

async function loadReviews(id, section, me) {
  const heading = section.firstChild;
  try {
    const r = await api.get(`/products/${encodeURIComponent(id)}/reviews?size=20`);
    const items = r.items.map(reviewItem);
    replace(section, heading,
      h('p', { class: 'muted', 'data-testid': 'review-summary' }, r.count
        ? t('store.reviews.summary', { n: r.count, avg: Number(r.averageRating).toFixed(1) })
        : t('store.reviews.none')),
      items.length ? h('ul', { class: 'reviews' }, items) : null);
    if (me && me.role === 'buyer') section.append(await reviewForm(id, section));
  } catch (e) {
    replace(section, heading);
    showError(e, section);
  }
}

function stars(n) {
  return h('span', { class: 'stars', role: 'img', 'aria-label': t('store.reviews.stars', { n }) },
    '★'.repeat(n), '☆'.repeat(5 - n));
}

function reviewItem(r) {
  const latest = (r.versions || []).at(-1);
  const proofSlot = h('div', { class: 'review-proof' });
  return h('li', { class: 'review card', 'data-testid': 'review' },
    h('div', { class: 'row' }, r.rating ? stars(r.rating) : null, h('strong', {}, r.title || ''),
      r.verifiedPurchase ? h('span', { class: 'badge ok', 'data-testid': 'verified-purchase' },
        t('store.reviews.verifiedPurchase')) : null),
    r.withheld ? h('p', { class: 'muted' }, t('store.reviews.withheld')) : h('p', {}, r.text),
    h('p', { class: 'muted small' }, t('store.reviews.by', { name: r.displayName, at: dateTime(r.createdAt) }),
      r.version > 1 ? ` · ${t('store.reviews.edited', { n: r.version })}` : ''),
    latest ? h('div', { class: 'row' }, h('span', { class: 'badge neutral', 'data-testid': 'review-ledger' },
      t('store.reviews.onLedger', { height: latest.height })),
    h('button', { type: 'button', class: 'link', 'data-testid': 'review-verify', 'on:click': (e) => {
      e.target.remove();
      replace(proofSlot, ledgerBadge({ kind: 'review', id: latest.transactionId }));
    } }, t('store.reviews.verify'))) : null,
    proofSlot);
}

/** The review form, when the buyer has a received order of this product; nothing otherwise. */
async function reviewForm(productId, section) {
  const page = await api.get('/orders?size=100');
  const eligible = page.items.filter((o) => ['delivered', 'completed'].includes(o.state)
    && o.lines.some((l) => String(l.productId) === String(productId)));
  if (!eligible.length) return h('p', { class: 'muted', 'data-testid': 'review-not-eligible' },
    t('store.reviews.notEligible'));
  const order = h('select', {}, eligible.map((o) => h('option', { value: o.id },
    t('store.orders.number', { id: o.id }))));
  const rating = h('select', { 'data-testid': 'review-rating' },
    [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, t('store.reviews.stars', { n }))));
  const title = h('input', { type: 'text', maxlength: 120, 'data-testid': 'review-title' });
  const text = h('textarea', { required: true, maxlength: 5000, rows: 4, 'data-testid': 'review-text' });
  const form = h('form', { class: 'card stack review-form', 'data-testid': 'review-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      await api.post(`/products/${encodeURIComponent(productId)}/reviews`, { orderId: Number(order.value),
        rating: Number(rating.value), title: title.value.trim() || undefined, text: text.value.trim() });
      announce(t('store.reviews.posted'));
      await loadReviews(productId, section, await session.me());
      section.append(h('p', { class: 'notice', 'data-testid': 'review-posted' }, t('store.reviews.posted')));
    } catch (err) {
      showError(err, form);
    }
  } },
  h('h3', {}, t('store.reviews.write')),
  eligible.length > 1 ? field('store.reviews.order', order) : null,
  field('store.reviews.rating', rating), field('store.reviews.titleField', title),
  field('store.reviews.text', text),
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'review-submit' }, t('store.reviews.submit')));
  return form;
}
