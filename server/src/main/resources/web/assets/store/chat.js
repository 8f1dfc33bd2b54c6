// The assistant chat widget on every store page: a button opening a dialog (focus moves in, Esc closes, focus
// returns to the button), a message list announced politely, and an input. Buyers only; the server detects the
// language of what the user types.
import { h, replace } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api } from '../core/api.js';
import { session } from '../core/session.js';

const CONVERSATION = 'trustmall.chat.conversation';
const STORE_PATHS = [/^\/$/, /^\/search/, /^\/products\//, /^\/cart/, /^\/checkout/, /^\/orders/, /^\/privacy/];

let root;
let opener;
let panel;
let list;
let body;
let input;

/** Adds the widget to the page once, and shows its button only on store pages. */
export function mountChat() {
  if (root) return;
  opener = h('button', { type: 'button', class: 'chat-open primary', 'data-testid': 'chat-open',
    'aria-haspopup': 'dialog', 'aria-expanded': 'false', 'aria-controls': 'chat-panel', 'on:click': open });
  panel = h('div', { id: 'chat-panel', class: 'chat-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': 'chat-title', hidden: true, 'data-testid': 'chat-panel',
    'on:keydown': (e) => { if (e.key === 'Escape') { e.stopPropagation(); close(); } } });
  root = h('div', { class: 'chat-root' }, panel, opener);
  document.body.append(root);
  const sync = () => {
    root.hidden = !STORE_PATHS.some((re) => re.test(location.pathname));
    if (root.hidden) close(false);
    labelOpener();
    if (!panel.hidden) renderPanel();
  };
  window.addEventListener('trustmall:route', sync);
  window.addEventListener('trustmall:lang', sync);
  window.addEventListener('trustmall:session', () => {
    sessionStorage.removeItem(CONVERSATION);
    if (!panel.hidden) renderPanel();
  });
  sync();
}

function labelOpener() {
  replace(opener, t('store.chat.open'));
}

async function open() {
  panel.hidden = false;
  opener.setAttribute('aria-expanded', 'true');
  await renderPanel();
  (input && panel.contains(input) ? input : panel.querySelector('a, button')).focus();
}

function close(returnFocus = true) {
  if (!panel || panel.hidden) return;
  panel.hidden = true;
  opener.setAttribute('aria-expanded', 'false');
  if (returnFocus) opener.focus();
}

async function renderPanel() {
  const me = await session.me();
  const head = h('div', { class: 'chat-head' }, h('h2', { id: 'chat-title' }, t('store.chat.title')),
    h('button', { type: 'button', class: 'link', 'data-testid': 'chat-close', 'on:click': () => close() },
      t('store.chat.close')));
  if (!me || me.role !== 'buyer') {
    input = null;
    const next = encodeURIComponent(location.pathname + location.search);
    replace(panel, head, h('p', { class: 'chat-signin', 'data-testid': 'chat-signin' }, me
      ? t('store.chat.buyersOnly')
      : [t('store.chat.signIn'), ' ', h('a', { href: `/login?next=${next}`, 'on:click': () => close(false) },
        t('shell.login'))]));
    return;
  }
  if (!list) {
    list = h('ol', { class: 'chat-messages', 'aria-live': 'polite', 'aria-relevant': 'additions',
      'data-testid': 'chat-messages' });
    list.append(message('assistant', t('store.chat.hello'), null, true));
  }
  input = h('textarea', { id: 'chat-input', rows: 2, maxlength: 2000, 'data-testid': 'chat-input',
    'on:keydown': (e) => {
      if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
        e.preventDefault();
        form.requestSubmit();
      }
    } });
  const send = h('button', { type: 'submit', class: 'primary', 'data-testid': 'chat-send' }, t('store.chat.send'));
  const form = h('form', { class: 'chat-form', 'on:submit': async (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = '';
    list.append(message('user', text));
    const pending = h('li', { class: 'chat-msg pending', 'aria-hidden': 'true' }, t('store.chat.thinking'));
    list.append(pending);
    scroll();
    send.disabled = true;
    try {
      const conversationId = sessionStorage.getItem(CONVERSATION) || undefined;
      const r = await api.post('/assistant/messages', { text, ...(conversationId ? { conversationId } : {}) });
      sessionStorage.setItem(CONVERSATION, r.conversationId);
      pending.replaceWith(message('assistant', r.reply, r));
    } catch (err) {
      pending.replaceWith(h('li', { class: 'chat-msg error', role: 'alert', 'data-testid': 'chat-error' },
        err.detail || err.title || String(err.message || err)));
    } finally {
      send.disabled = false;
      scroll();
      input.focus();
    }
  } },
  h('label', { for: 'chat-input', class: 'visually-hidden' }, t('store.chat.label')), input, send);
  replace(panel, head, list, form, h('p', { class: 'muted small' }, t('store.chat.hint')));
  scroll();
}

function scroll() {
  list.scrollTop = list.scrollHeight;
}

function message(author, text, r, greeting = false) {
  return h('li', { class: ['chat-msg', author], 'data-testid': greeting ? 'chat-greeting' : 'chat-message',
    'data-author': author, lang: r?.lang === 'zh' ? 'zh-CN' : r?.lang || null,
    'data-intent': r?.intent ?? null },
  h('span', { class: 'visually-hidden' }, author === 'user' ? t('store.chat.you') : t('store.chat.assistant')),
  h('p', { class: 'chat-text' }, text),
  r ? details(r) : null);
}

function details(r) {
  return [
    r.intent ? h('p', { class: 'muted small', 'data-testid': 'chat-intent' },
      t('store.chat.intent', { intent: r.intent, confidence: Math.round((r.confidence || 0) * 100) })) : null,
    r.handedOff ? h('p', { class: 'badge warn', 'data-testid': 'chat-handed-off' }, t('store.chat.handedOff')) : null,
    (r.actions || []).map((a) => h('div', { class: 'chat-action', 'data-testid': 'chat-action',
      'data-status': a.status },
    h('strong', {}, t('store.chat.action', { kind: a.kind, status: a.status })),
    a.details && Object.keys(a.details).length ? h('p', { class: 'small' }, Object.entries(a.details)
      .map(([k, v]) => `${k}: ${v}`).join(' · ')) : null,
    (a.ledger || []).map((l) => h('p', { class: 'small' }, t('store.chat.onLedger', { kind: l.kind,
      height: l.height }), ' ', h('a', { href: `/explorer/tx/${l.transactionId}` },
      t('store.ledger.explore')))))),
    r.citations?.length ? h('details', { class: 'chat-citations', 'data-testid': 'chat-citations' },
      h('summary', {}, t('store.chat.citations', { n: r.citations.length })),
      h('ul', {}, r.citations.map((c) => h('li', {}, h('strong', {}, c.title), ' — ', c.excerpt,
        h('span', { class: 'muted' }, ` (${c.source})`))))) : null,
  ];
}

