// The agents' handoff queue: conversations the assistant handed to a person (no text in the list: opening one is a
// read the customer's access log records), one conversation with its history, a reply box and closing it.
import { h, dateTime, loading, empty, table, field, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { consolePage, stateBadge, pager, pageParam } from './layout.js';

export async function handoffQueue({ main, query }) {
  const page = await consolePage(main, 'handoffs', 'console.handoffs.title');
  if (!page) return;
  const { body } = page;
  const state = query.get('state') === 'closed' ? 'closed' : 'handed_off';
  const filters = h('nav', { class: 'row', 'aria-label': t('console.handoffs.filter') },
    ['handed_off', 'closed'].map((s) => h('a', { href: `/console/handoffs?state=${s}`, class: 'button',
      'aria-current': s === state ? 'page' : null, 'data-testid': `handoffs-${s}` }, t(`console.handoffs.show.${s}`))));
  const list = h('div', {}, loading());
  body.append(h('p', { class: 'muted' }, t('console.handoffs.intro')), filters, list);
  const params = new URLSearchParams({ state, page: String(pageParam(query)), size: '20' });
  const result = await api.get(`/agent/conversations?${params}`);
  list.replaceChildren();
  if (!result.items.length) {
    list.append(empty(state === 'closed' ? 'console.handoffs.noneClosed' : 'console.handoffs.none'));
    return;
  }
  list.append(table([
    { key: 'console.handoffs.conversation', cell: (c) => h('a', { href: `/console/handoffs/${c.id}`,
      'data-testid': 'handoff-link' }, t('console.handoffs.open', { id: c.id.slice(0, 8) })) },
    { key: 'console.handoffs.state', cell: (c) => stateBadge(c.state) },
    { key: 'console.handoffs.reason', cell: (c) => (c.handoffReason ? reasonText(c.handoffReason) : '') },
    { key: 'console.handoffs.lang', cell: (c) => (c.lang === 'zh' ? '中文' : 'English') },
    { key: 'console.handoffs.messages', cell: (c) => String(c.messages) },
    { key: 'console.handoffs.waiting', cell: (c) => dateTime(c.updatedAt) },
  ], result.items, { 'data-testid': 'handoff-queue' }), pager(result, params, '/console/handoffs'));
}

function reasonText(code) {
  const key = `console.handoffs.reason.${code}`;
  const text = t(key);
  return text === key ? code : text;
}

export async function handoffDetail({ main, params }) {
  const page = await consolePage(main, 'handoffs', 'console.handoff.title');
  if (!page) return;
  const { body } = page;
  const conversation = await api.get(`/agent/conversations/${encodeURIComponent(params.id)}`);
  render(body, conversation);
}

function render(body, c) {
  const log = h('ol', { class: 'chat-log', 'data-testid': 'chat-log', 'aria-label': t('console.handoff.history') },
    c.messages.map(message));
  body.replaceChildren(
    h('p', { class: 'row' }, stateBadge(c.state), c.handoffReason ? h('span', {}, reasonText(c.handoffReason)) : null,
      h('span', { class: 'muted' }, t('console.handoff.customer', { id: c.customerId })),
      h('span', { class: 'muted' }, t('console.handoff.since', { at: dateTime(c.createdAt) }))),
    h('p', { class: 'muted' }, t('console.handoff.logged')),
    log);
  if (c.state !== 'handed_off') return;
  const text = h('textarea', { rows: 3, maxlength: 4000, required: true, 'data-testid': 'reply-text',
    lang: c.lang === 'zh' ? 'zh-CN' : 'en' });
  const form = h('form', { class: 'card stack', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      const m = await api.post(`/agent/conversations/${c.id}/replies`, { text: text.value.trim() });
      c.messages.push(m);
      log.append(message(m));
      text.value = '';
      announce(t('console.handoff.sent'));
    } catch (err) {
      showError(err, form);
    }
  } }, field('console.handoff.reply', text),
  h('div', { class: 'row' },
    h('button', { type: 'submit', class: 'primary', 'data-testid': 'reply-submit' }, t('console.handoff.send')),
    h('button', { type: 'button', 'data-testid': 'close-conversation', 'on:click': async () => {
      form.querySelector('.error')?.remove();
      try {
        const closed = await api.post(`/agent/conversations/${c.id}/close`);
        announce(t('console.handoff.closed'));
        render(body, closed);
      } catch (err) {
        showError(err, form);
      }
    } }, t('console.handoff.close')),
    h('a', { href: '/console/handoffs' }, t('console.handoff.back'))));
  body.append(form);
}

function message(m) {
  return h('li', { class: ['chat-message', `from-${m.author}`], 'data-testid': 'chat-message',
    'data-author': m.author },
  h('p', { class: 'chat-meta' }, h('strong', {}, t(`console.handoff.author.${m.author}`)), ' · ', dateTime(m.at)),
  h('p', { class: 'chat-text' }, m.text));
}
