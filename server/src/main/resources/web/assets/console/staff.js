// Appointing staff (admins): an existing account, named by its id, becomes an arbiter or a customer-service agent.
import { h, field, announce } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { api, showError } from '../core/api.js';
import { consolePage } from './layout.js';

export async function staff({ main }) {
  const page = await consolePage(main, 'staff', 'console.staff.title');
  if (!page) return;
  page.body.append(h('p', { class: 'muted' }, t('console.staff.intro')),
    h('div', { class: 'cols' }, appointForm('arbiter', '/admin/arbiters'), appointForm('agent', '/admin/agents')));
}

function appointForm(role, path) {
  const id = h('input', { type: 'number', min: 1, step: 1, required: true, inputmode: 'numeric',
    'data-testid': `appoint-${role}-id` });
  const result = h('div', { role: 'status' });
  const form = h('form', { class: 'card stack', 'on:submit': async (e) => {
    e.preventDefault();
    form.querySelector('.error')?.remove();
    result.replaceChildren();
    try {
      const account = await api.post(path, { accountId: Number.parseInt(id.value, 10) });
      const text = t('console.staff.done', { name: account.displayName, id: account.id,
        role: t(`role.${account.role}`) });
      result.append(h('p', { class: 'notice' }, text));
      announce(text);
    } catch (err) {
      showError(err, form);
    }
  } }, h('h2', {}, t(`console.staff.${role}`)), h('p', { class: 'muted' }, t(`console.staff.${role}.hint`)),
  field('console.staff.accountId', id),
  h('button', { type: 'submit', class: 'primary', 'data-testid': `appoint-${role}` }, t('console.staff.appoint')),
  result);
  return form;
}
