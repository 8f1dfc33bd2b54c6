// Cart: lines, quantity change, remove, coupon check, and the way to checkout.
import { h, replace, field, money, announce, empty } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { requireRole } from '../core/guard.js';
import { localised } from './common.js';

export async function cart({ main, isCurrent }) {
  if (!await requireRole(main, 'buyer')) return;
  const c = await api.get('/cart');
  if (!isCurrent()) return;
  main.append(h('h1', {}, t('store.cart.title')));
  if (!c.items.length) {
    main.append(empty('store.cart.empty'), h('p', {}, h('a', { href: '/' }, t('shell.home'))));
    return;
  }
  const rerender = async () => {
    const fresh = await api.get('/cart');
    replace(main);
    main.append(h('h1', {}, t('store.cart.title')));
    if (!fresh.items.length) main.append(empty('store.cart.empty'));
    else body(main, fresh, rerender);
  };
  body(main, c, rerender);
}

function body(main, c, rerender) {
  const list = h('ul', { class: 'cart-lines', 'data-testid': 'cart-lines' }, c.items.map((item) => line(item, main,
    rerender)));
  const couponInput = h('input', { type: 'text', maxlength: 32, autocomplete: 'off', 'data-testid': 'coupon-input',
    value: sessionStorage.getItem('trustmall.coupon') || '' });
  const couponResult = h('div', { role: 'status', 'aria-live': 'polite', 'data-testid': 'coupon-result' });
  const coupon = h('form', { class: 'card coupon', 'on:submit': async (e) => {
    e.preventDefault();
    const code = couponInput.value.trim();
    replace(couponResult);
    if (!code) {
      sessionStorage.removeItem('trustmall.coupon');
      return;
    }
    try {
      const q = await api.get(`/cart/coupons/${encodeURIComponent(code)}`);
      if (q.applies) {
        sessionStorage.setItem('trustmall.coupon', q.code);
        replace(couponResult, h('p', { class: 'notice' }, t('store.coupon.applies', { discount: money(q.discount) })));
      } else {
        sessionStorage.removeItem('trustmall.coupon');
        replace(couponResult, h('p', { class: 'error' }, t('store.coupon.refused', { reason: q.reason })));
      }
    } catch (err) {
      sessionStorage.removeItem('trustmall.coupon');
      showError(err, couponResult);
    }
  } }, field('store.coupon.code', couponInput),
  h('button', { type: 'submit', 'data-testid': 'coupon-check' }, t('store.coupon.check')), couponResult);
  main.append(list,
    h('div', { class: 'cart-summary card' },
      h('p', { 'data-testid': 'cart-subtotal' }, t('store.cart.subtotal'), ' ',
        h('strong', {}, c.subtotals.map(money).join(' + '))),
      h('p', { class: 'muted' }, t('store.cart.shippingNote')),
      h('a', { href: '/checkout', class: 'button primary', 'data-testid': 'checkout' }, t('store.cart.checkout'))),
    coupon);
}

function line(item, main, rerender) {
  const qty = h('input', { type: 'number', min: 1, max: 99, value: item.quantity, inputmode: 'numeric',
    'data-testid': 'cart-qty' });
  const li = h('li', { class: 'cart-line card', 'data-testid': 'cart-line', 'data-sku': item.sku,
    'data-quantity': item.quantity },
    h('div', {}, h('a', { href: `/products/${item.productId}` }, localised(item.title)),
      h('p', { class: 'muted' }, item.sku, ' · ', money(item.unitPrice)),
      item.available < item.quantity ? h('p', { class: 'badge warn' }, t('store.cart.short', { n: item.available }))
        : null),
    h('form', { class: 'row', 'on:submit': async (e) => {
      e.preventDefault();
      try {
        await api.patch(`/cart/items/${item.id}`, { quantity: Number.parseInt(qty.value, 10) });
        announce(t('store.cart.updated'));
        await rerender();
      } catch (err) {
        showError(err, li);
      }
    } }, field('store.cart.quantity', qty),
    h('button', { type: 'submit', 'data-testid': 'cart-update' }, t('store.cart.update')),
    h('button', { type: 'button', class: 'link', 'data-testid': 'cart-remove', 'on:click': async () => {
      try {
        await api.del(`/cart/items/${item.id}`);
        announce(t('store.cart.removed'));
        await rerender();
      } catch (err) {
        showError(err, li);
      }
    } }, t('store.cart.remove'))),
    h('p', { class: 'line-total' }, money(item.lineTotal)));
  return li;
}
