// Checkout: shipping address, place the order (one per merchant), then pay each into escrow.
import { h, replace, field, money, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { requireRole } from '../core/guard.js';
import { navigate } from '../core/router.js';
import { localised } from './common.js';

/** The demo's payment provider accepts this test card (shown on the page; nothing is charged). */
const TEST_CARD = '4242424242424242';

export async function checkout({ main, isCurrent }) {
  if (!await requireRole(main, 'buyer')) return;
  const c = await api.get('/cart');
  if (!isCurrent()) return;
  main.append(h('h1', {}, t('store.checkout.title')));
  if (!c.items.length) {
    main.append(h('p', { class: 'empty' }, t('store.cart.empty')), h('a', { href: '/orders' }, t('shell.nav.orders')));
    return;
  }
  const input = (name, attrs = {}) => h('input', { type: 'text', name, 'data-testid': `addr-${name}`, ...attrs });
  const f = {
    name: input('name', { required: true, maxlength: 100, autocomplete: 'name' }),
    line1: input('line1', { required: true, maxlength: 200, autocomplete: 'address-line1' }),
    line2: input('line2', { maxlength: 200, autocomplete: 'address-line2' }),
    city: input('city', { required: true, maxlength: 100, autocomplete: 'address-level2' }),
    region: input('region', { maxlength: 64, autocomplete: 'address-level1' }),
    postcode: input('postcode', { maxlength: 20, autocomplete: 'postal-code' }),
    country: h('select', { name: 'country', autocomplete: 'country', 'data-testid': 'addr-country' },
      ['CN', 'HK', 'SG', 'GB', 'US', 'DE'].map((cc) => h('option', { value: cc }, t(`store.country.${cc}`)))),
    phone: input('phone', { type: 'tel', required: true, minlength: 3, maxlength: 32, autocomplete: 'tel' }),
  };
  const coupon = sessionStorage.getItem('trustmall.coupon');
  const summary = h('section', { class: 'card', 'aria-labelledby': 'sum-h' }, h('h2', { id: 'sum-h' },
    t('store.checkout.summary')),
  h('ul', {}, c.items.map((i) => h('li', {}, `${localised(i.title)} × ${i.quantity} — ${money(i.lineTotal)}`))),
  h('p', {}, t('store.cart.subtotal'), ' ', h('strong', {}, c.subtotals.map(money).join(' + '))),
  coupon ? h('p', { class: 'muted' }, t('store.checkout.coupon', { code: coupon })) : null);
  const place = h('button', { type: 'submit', class: 'primary', 'data-testid': 'place-order' },
    t('store.checkout.place'));
  const form = h('form', { class: 'card stack', 'data-testid': 'address-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    const shippingAddress = Object.fromEntries(Object.entries(f).map(([k, el]) => [k, el.value.trim()])
      .filter(([k, v]) => k !== 'line2' || v));
    place.disabled = true;
    try {
      const made = await api.post('/orders', { shippingAddress, ...(coupon ? { couponCode: coupon } : {}) },
        { idempotent: true });
      sessionStorage.removeItem('trustmall.coupon');
      announce(t('store.checkout.placed', { n: made.orders.length }));
      replace(main, h('h1', {}, t('store.checkout.payTitle')), payForm(made.orders));
    } catch (err) {
      place.disabled = false;
      showError(err, form);
      if (err.field) {
        const name = err.field.split('.').pop();
        f[name]?.focus();
      }
    }
  } },
  h('h2', {}, t('store.checkout.address')),
  field('store.addr.name', f.name), field('store.addr.line1', f.line1), field('store.addr.line2', f.line2),
  h('div', { class: 'cols' }, field('store.addr.city', f.city), field('store.addr.region', f.region),
    field('store.addr.postcode', f.postcode)),
  field('store.addr.country', f.country), field('store.addr.phone', f.phone), place);
  main.append(h('div', { class: 'checkout-grid' }, form, summary));
}

/** Pays the orders just placed, one after another, with one card; then opens the (first) order. */
function payForm(orders) {
  const total = orders.map((o) => money(o.total)).join(' + ');
  const card = h('input', { type: 'text', inputmode: 'numeric', autocomplete: 'cc-number', required: true,
    minlength: 12, maxlength: 23, 'data-testid': 'card-number' });
  const pay = h('button', { type: 'submit', class: 'primary', 'data-testid': 'pay' }, t('store.pay.submit',
    { total }));
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const form = h('form', { class: 'card narrow stack', 'data-testid': 'pay-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    pay.disabled = true;
    const number = card.value.replace(/[\s-]/g, '');
    try {
      for (const o of orders) {
        if (o.paid) continue;
        await api.post(`/orders/${o.id}/pay`, { cardNumber: number }, { idempotent: true });
        o.paid = true;
        replace(status, t('store.pay.paidOne', { id: o.id }));
      }
      announce(t('store.pay.done'));
      navigate(orders.length === 1 ? `/orders/${orders[0].id}` : '/orders');
    } catch (err) {
      pay.disabled = false;
      showError(err, form);
    }
  } },
  h('p', {}, t('store.pay.intro', { n: orders.length, total })),
  h('ul', {}, orders.map((o) => h('li', {}, h('a', { href: `/orders/${o.id}` }, t('store.orders.number', { id: o.id })),
    ' — ', money(o.total)))),
  field('store.pay.card', card, 'store.pay.testCard'), pay, status,
  h('p', { class: 'muted' }, t('store.pay.escrow')));
  card.placeholder = TEST_CARD.replace(/(\d{4})(?=\d)/g, '$1 ');
  return form;
}
