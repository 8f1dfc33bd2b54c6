// The platform's HTTP API (/api/v1). Errors arrive as application/problem+json and become ApiError.
import { h } from './dom.js';
import { t } from './i18n.js';

const TOKEN = 'trustmall.token';
const PREFIX = '/api/v1';

/** An error the API reported: status, title, detail and the field it names (when it names one). */
export class ApiError extends Error {
  constructor(status, title, detail, field) {
    super(detail || title || `HTTP ${status}`);
    this.status = status;
    this.title = title;
    this.detail = detail;
    this.field = field;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function setToken(value) {
  if (value) sessionStorage.setItem(TOKEN, value);
  else sessionStorage.removeItem(TOKEN);
}

async function request(method, path, body, options = {}) {
  const headers = { Accept: 'application/json' };
  const tok = token();
  if (tok) headers.Authorization = `Bearer ${tok}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (options.idempotent) headers['Idempotency-Key'] = crypto.randomUUID();
  let res;
  try {
    res = await fetch(path.startsWith('http') ? path : PREFIX + path, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError(0, t('shell.error.network'), String(e.message || e), null);
  }
  if (res.status === 401 && tok) {
    setToken(null);
    window.dispatchEvent(new CustomEvent('trustmall:signed-out'));
  }
  if (res.status === 204) return null;
  const type = res.headers.get('Content-Type') || '';
  const data = type.includes('json') ? await res.json().catch(() => null) : await res.text();
  if (!res.ok) {
    const p = data && typeof data === 'object' ? data : {};
    throw new ApiError(res.status, p.title || res.statusText, p.detail || '', p.field || null);
  }
  return data;
}

/** JSON API calls. `options.idempotent` adds a fresh Idempotency-Key (orders, payments). */
export const api = {
  get: (path) => request('GET', path),
  post: (path, body, options) => request('POST', path, body ?? {}, options),
  put: (path, body) => request('PUT', path, body ?? {}),
  patch: (path, body) => request('PATCH', path, body ?? {}),
  del: (path) => request('DELETE', path),
  /** A raw fetch of a same-origin or absolute URL, for downloads (export) and other nodes. */
  raw: (path, init = {}) => {
    const headers = { ...(init.headers || {}) };
    const tok = token();
    if (tok && !path.startsWith('http')) headers.Authorization = `Bearer ${tok}`;
    return fetch(path.startsWith('http') || path.startsWith('/api/') ? path : PREFIX + path, { ...init, headers });
  },
};

/** Renders an error into container (role=alert), naming the field when the API named one. */
export function showError(err, container) {
  const detail = err instanceof ApiError
    ? [err.title, err.detail, err.field ? t('shell.error.field', { field: err.field }) : null].filter(Boolean)
      .join(' — ')
    : String(err?.message || err);
  const el = h('div', { class: 'error', role: 'alert', 'data-testid': 'error' }, detail);
  if (container) container.prepend(el);
  return el;
}
