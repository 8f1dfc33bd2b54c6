// DOM helpers: elements are built with h(), never from HTML strings, so data can't become markup.
import { t, lang } from './i18n.js';

/**
 * Builds an element. attrs: `class`, `for`, `text`, `on:<event>` handlers, boolean attributes (true/false), and any
 * other attribute as a string. Children: nodes, strings (text nodes), arrays, null/undefined/false (skipped).
 */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on:')) el.addEventListener(k.slice(3), v);
    else if (k === 'class') el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
    else if (k === 'text') el.textContent = v;
    else if (k === 'value' && 'value' in el) el.value = v;
    else if (k === 'checked' || k === 'disabled' || k === 'selected') el[k] = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces an element's children. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let ids = 0;
/** A unique id for label/aria wiring. */
export function uid(prefix = 'f') {
  ids += 1;
  return `${prefix}-${ids}`;
}

/**
 * A labelled form control: `field('store.checkout.name', h('input', {...}))`. The label's `for` is wired to the
 * input's id (created when missing); `hint` (a message key) becomes aria-describedby text.
 */
export function field(labelKey, input, hintKey) {
  if (!input.id) input.id = uid('in');
  const label = h('label', { for: input.id }, t(labelKey));
  let hint = null;
  if (hintKey) {
    hint = h('small', { id: uid('hint'), class: 'hint' }, t(hintKey));
    input.setAttribute('aria-describedby', hint.id);
  }
  return h('div', { class: 'field' }, label, input, hint);
}

/** A money object from the API ({amount: minor units, currency}) in the page's language. */
export function money(m) {
  if (!m) return '';
  const locale = lang() === 'zh' ? 'zh-CN' : 'en-GB';
  try {
    return new Intl.NumberFormat(locale, { style: 'currency', currency: m.currency }).format(m.amount / 100);
  } catch {
    return `${(m.amount / 100).toFixed(2)} ${m.currency}`;
  }
}

/** A date-time (ISO string) in the page's language. */
export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return String(iso);
  return d.toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

/** Says something to screen-reader users (the page's polite live region). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 30);
}

/** A hash shortened for display, full value in the title. */
export function shortHash(hex, n = 12) {
  if (!hex) return '';
  return h('code', { class: 'hash', title: hex }, hex.length > n ? `${hex.slice(0, n)}…` : hex);
}

/** A loading placeholder with a live status. */
export function loading() {
  return h('p', { class: 'loading', role: 'status' }, t('shell.loading'));
}

/** An empty-state line. */
export function empty(key, vars) {
  return h('p', { class: 'empty' }, t(key, vars));
}

/** A simple accessible table: columns [{key (message key), cell(row) -> node|string}]. */
export function table(columns, rows, attrs = {}) {
  return h('div', { class: 'table-wrap' }, h('table', attrs,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', { scope: 'col' }, t(c.key))))),
    h('tbody', {}, rows.map((r) => h('tr', {}, columns.map((c) => h('td', { 'data-label': t(c.key) }, c.cell(r))))))));
}
