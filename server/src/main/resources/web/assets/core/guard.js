// Page guards: a page that needs a signed-in account (or a role) says so instead of failing on a 401/403.
import { h } from './dom.js';
import { t } from './i18n.js';
import { session } from './session.js';

/** The signed-in account when it has one of roles (any role when none given); otherwise renders why and gives null. */
export async function requireRole(main, ...roles) {
  const me = await session.me();
  if (!me) {
    const next = encodeURIComponent(location.pathname + location.search);
    main.append(h('h1', {}, t('shell.login.title')),
      h('p', {}, t('shell.needLogin'), ' ', h('a', { href: `/login?next=${next}`, 'data-testid': 'need-login' },
        t('shell.login'))));
    return null;
  }
  if (roles.length && !roles.includes(me.role)) {
    main.append(h('h1', {}, t('shell.forbidden')));
    return null;
  }
  return me;
}
