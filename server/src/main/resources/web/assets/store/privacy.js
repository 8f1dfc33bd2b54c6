// Privacy centre: consent switches, the access log, export, and erasure (with a confirm step).
import { h, replace, field, dateTime, announce, empty, table, shortHash } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { requireRole } from '../core/guard.js';
import { session } from '../core/session.js';
import { navigate } from '../core/router.js';

export async function privacy({ main, isCurrent }) {
  const me = await requireRole(main);
  if (!me) return;
  const [consents, log] = await Promise.all([api.get('/me/consents'), api.get('/me/access-log?limit=100')]);
  if (!isCurrent()) return;
  main.append(h('h1', {}, t('store.privacy.title')), h('p', { class: 'muted' }, t('store.privacy.intro')),
    consentSection(consents), accessLog(log), exportSection(me), erasureSection());
}

function consentSection(consents) {
  return h('section', { class: 'card', 'aria-labelledby': 'consent-h' },
    h('h2', { id: 'consent-h' }, t('store.consent.title')),
    h('ul', { class: 'switches' }, consents.map((c) => {
      const id = `consent-${c.purpose}`;
      const note = h('span', { class: 'muted small', 'aria-live': 'polite' }, consentNote(c));
      const input = h('input', { type: 'checkbox', role: 'switch', id, checked: c.granted,
        'data-testid': `consent-${c.purpose}`, 'aria-describedby': `${id}-desc`, 'on:change': async () => {
          input.disabled = true;
          const li = input.closest('li');
          li.querySelector('.error')?.remove();
          try {
            const updated = await api.put(`/me/consents/${encodeURIComponent(c.purpose)}`, { granted: input.checked });
            input.checked = updated.granted;
            note.textContent = consentNote(updated);
            announce(t(updated.granted ? 'store.consent.granted' : 'store.consent.withdrawn',
              { purpose: t(`store.consent.${c.purpose}`) }));
          } catch (err) {
            input.checked = !input.checked;
            showError(err, li);
          } finally {
            input.disabled = false;
          }
        } });
      return h('li', { class: 'switch-row' }, input,
        h('div', {}, h('label', { for: id }, t(`store.consent.${c.purpose}`)),
          h('p', { id: `${id}-desc`, class: 'muted small' }, t(`store.consent.${c.purpose}.desc`)), note));
    })));
}

function consentNote(c) {
  if (c.byDefault) return t('store.consent.default');
  return t('store.consent.recorded', { version: c.version, at: dateTime(c.recordedAt) });
}

function accessLog(log) {
  // Your own reads (each page you open shows your name) are many and tell you little; others' reads come first.
  const body = h('div', {});
  const own = h('input', { type: 'checkbox', 'data-testid': 'access-own', 'on:change': () => fill() });
  const fill = () => {
    const rows = own.checked ? log : log.filter((e) => e.accessor !== 'self');
    replace(body, rows.length ? table([
      { key: 'store.access.at', cell: (e) => dateTime(e.at) },
      { key: 'store.access.accessor', cell: (e) => (e.accessor === 'self' ? t('store.access.self') : e.accessor) },
      { key: 'store.access.purpose', cell: (e) => e.purpose },
      { key: 'store.access.fields', cell: (e) => e.fields.join(', ') },
      { key: 'store.access.tx', cell: (e) => h('a', { href: `/explorer/tx/${e.transactionId}` },
        shortHash(e.transactionId)) },
    ], rows, { 'data-testid': 'access-rows' })
      : empty(own.checked ? 'store.access.none' : 'store.access.noneByOthers'));
  };
  fill();
  return h('section', { class: 'card', 'aria-labelledby': 'log-h', 'data-testid': 'access-log' },
    h('h2', { id: 'log-h' }, t('store.access.title')), h('p', { class: 'muted' }, t('store.access.intro')),
    field('store.access.showOwn', own), body);
}

function exportSection(me) {
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', 'data-testid': 'export', 'on:click': async () => {
    replace(status);
    button.disabled = true;
    try {
      const data = await api.get('/me/export');
      const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
      const url = URL.createObjectURL(blob);
      const a = h('a', { href: url, download: `trustmall-export-${me.id}.json` });
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      replace(status, h('p', { class: 'notice' }, t('store.export.done')));
    } catch (err) {
      showError(err, status);
    } finally {
      button.disabled = false;
    }
  } }, t('store.export.button'));
  return h('section', { class: 'card', 'aria-labelledby': 'export-h' }, h('h2', { id: 'export-h' },
    t('store.export.title')), h('p', { class: 'muted' }, t('store.export.intro')), button, status);
}

function erasureSection() {
  const password = h('input', { type: 'password', required: true, autocomplete: 'current-password',
    'data-testid': 'erase-password' });
  const confirmBox = h('input', { type: 'checkbox', required: true, 'data-testid': 'erase-confirm' });
  const confirmId = 'erase-confirm';
  confirmBox.id = confirmId;
  const form = h('form', { class: 'stack', hidden: true, id: 'erase-form', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    try {
      await api.post('/me/erasure', { password: password.value });
      session.forget();
      announce(t('store.erase.done'));
      await navigate('/');
      document.getElementById('main').prepend(h('p', { class: 'notice', 'data-testid': 'erased' },
        t('store.erase.done')));
    } catch (err) {
      showError(err, form);
    }
  } },
  h('p', { class: 'error', role: 'note' }, t('store.erase.warning')),
  field('store.erase.password', password),
  h('div', { class: 'row' }, confirmBox, h('label', { for: confirmId }, t('store.erase.confirm'))),
  h('button', { type: 'submit', class: 'danger', 'data-testid': 'erase-submit' }, t('store.erase.submit')));
  const open = h('button', { type: 'button', class: 'danger', 'aria-expanded': 'false', 'aria-controls': 'erase-form',
    'data-testid': 'erase-open', 'on:click': () => {
      form.hidden = !form.hidden;
      open.setAttribute('aria-expanded', String(!form.hidden));
      if (!form.hidden) password.focus();
    } }, t('store.erase.open'));
  return h('section', { class: 'card', 'aria-labelledby': 'erase-h' }, h('h2', { id: 'erase-h' },
    t('store.erase.title')), h('p', { class: 'muted' }, t('store.erase.intro')), open, form);
}
