// A fraud-risk contribution ({feature, value, contribution, text}) in plain words in the page's language. The
// server's sentence (English) is kept for features this page does not know. Values are shown as the server shows
// them (commerce's risk Explanations): *_log1p features turned back into yuan, yes/no flags.
import { addMessages, t } from './i18n.js';

const FLAGS = new Set(['first_order', 'coupon_used']);

const WORDS = {
  amount_log1p: ['the order\'s amount ({v} yuan)', '订单金额（{v} 元）'],
  amount_z_buyer: ['how far the amount is from your usual orders ({v} standard deviations)',
    '金额与你平常订单的偏离（{v} 个标准差）'],
  amount_z_category: ['how far the amount is from recent orders in its category ({v} standard deviations)',
    '金额与该品类近期订单的偏离（{v} 个标准差）'],
  orders_1h: ['orders placed in the hour before ({v})', '此前 1 小时内的订单数（{v}）'],
  orders_24h: ['orders placed in the 24 hours before ({v})', '此前 24 小时内的订单数（{v}）'],
  orders_7d: ['orders placed in the 7 days before ({v})', '此前 7 天内的订单数（{v}）'],
  amount_24h_log1p: ['what was spent in the 24 hours before ({v} yuan)', '此前 24 小时内的消费（{v} 元）'],
  amount_7d_log1p: ['what was spent in the 7 days before ({v} yuan)', '此前 7 天内的消费（{v} 元）'],
  account_age_days: ['the account\'s age ({v} days)', '账户注册时长（{v} 天）'],
  prior_orders: ['earlier orders on the account ({v})', '该账户的历史订单数（{v}）'],
  first_order: ['whether this is the account\'s first order ({v})', '是否为该账户的首单（{v}）'],
  hours_since_last_order: ['time since the previous order ({v} hours)', '距上一笔订单的时间（{v} 小时）'],
  failed_payments_24h: ['declined payments in the 24 hours before ({v})', '此前 24 小时内被拒的付款（{v}）'],
  failed_payments_7d: ['declined payments in the 7 days before ({v})', '此前 7 天内被拒的付款（{v}）'],
  new_shipping_address: ['a shipping address not used on the account before ({v})', '该账户从未用过的收货地址（{v}）'],
  new_device: ['a device not used on the account before ({v})', '该账户从未用过的设备（{v}）'],
  new_ip: ['a network address not used on the account before ({v})', '该账户从未用过的网络地址（{v}）'],
  new_card: ['a card not used on the account before ({v})', '该账户从未用过的银行卡（{v}）'],
  new_category: ['a category not bought on the account before ({v})', '该账户从未购买过的品类（{v}）'],
  address_other_accounts_30d: ['other accounts shipping to the same address in 30 days ({v})',
    '30 天内寄往同一地址的其他账户（{v}）'],
  device_other_accounts_30d: ['other accounts using the same device in 30 days ({v})',
    '30 天内使用同一设备的其他账户（{v}）'],
  ip_other_accounts_30d: ['other accounts using the same network address in 30 days ({v})',
    '30 天内使用同一网络地址的其他账户（{v}）'],
  card_other_accounts_30d: ['other accounts paying with the same card in 30 days ({v})',
    '30 天内使用同一银行卡付款的其他账户（{v}）'],
  coupon_used: ['whether the order uses a coupon ({v})', '订单是否使用优惠券（{v}）'],
  coupons_used_30d: ['coupons used in the 30 days before ({v})', '此前 30 天内使用的优惠券（{v}）'],
  chargebacks_reported: ['chargebacks reported on the account\'s earlier orders ({v})',
    '该账户历史订单被报告的拒付（{v}）'],
};

const en = {
  'risk.raised': '{what} raised the risk score.',
  'risk.lowered': '{what} lowered the risk score.',
  'risk.yes': 'yes',
  'risk.no': 'no',
};
const zh = {
  'risk.raised': '{what}提高了风险评分。',
  'risk.lowered': '{what}降低了风险评分。',
  'risk.yes': '是',
  'risk.no': '否',
};
for (const [feature, [e, z]] of Object.entries(WORDS)) {
  en[`risk.feature.${feature}`] = e;
  zh[`risk.feature.${feature}`] = z;
}
addMessages({ en, zh });

/** The value as a person reads it: yuan for *_log1p features, yes/no for flags, whole numbers without decimals. */
export function shownValue(feature, value) {
  const v = feature.endsWith('_log1p') ? Math.expm1(value) : value;
  if (feature.startsWith('new_') || FLAGS.has(feature)) return t(v !== 0 ? 'risk.yes' : 'risk.no');
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}

/** The contribution as one sentence in the page's language. */
export function riskReason(c) {
  if (!(c.feature in WORDS)) return c.text;
  const what = t(`risk.feature.${c.feature}`, { v: shownValue(c.feature, c.value) });
  const sentence = t(c.contribution > 0 ? 'risk.raised' : 'risk.lowered', { what });
  return sentence.charAt(0).toUpperCase() + sentence.slice(1);
}
