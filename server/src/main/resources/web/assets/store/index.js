// The store area's routes: home, search, product, cart, checkout, orders, privacy; and the assistant widget.
import './messages.js';
import { home } from './home.js';
import { search } from './search.js';
import { product } from './product.js';
import { cart } from './cart.js';
import { checkout } from './checkout.js';
import { orderList, orderPage } from './orders.js';
import { privacy } from './privacy.js';
import { mountChat } from './chat.js';

export function register(router) {
  router.add('/', home, { title: 'store.home.title' });
  router.add('/search', search, { title: 'store.search.all' });
  router.add('/products/:id', product, { title: 'store.product.title' });
  router.add('/cart', cart, { title: 'store.cart.title' });
  router.add('/checkout', checkout, { title: 'store.checkout.title' });
  router.add('/orders', orderList, { title: 'store.orders.title' });
  router.add('/orders/:id', orderPage, { title: 'store.orders.title' });
  router.add('/privacy', privacy, { title: 'store.privacy.title' });
  mountChat();
}
