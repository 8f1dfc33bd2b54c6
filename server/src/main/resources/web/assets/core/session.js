// The signed-in account, from the session token (authorisation itself is always the server's). The account
// ({id, role, displayName}) is read once per sign-in and kept in the tab beside the token: reading it is a logged
// read of the person's data, and every page would otherwise make one.
import { api, setToken, token } from './api.js';

const ME = 'trustmall.me';
let cached;

function remembered() {
  try {
    const saved = JSON.parse(sessionStorage.getItem(ME) || 'null');
    return saved && saved.token === token() ? saved.me : undefined;
  } catch {
    return undefined;
  }
}

function remember(me) {
  cached = me;
  if (me) sessionStorage.setItem(ME, JSON.stringify({ token: token(), me }));
  else sessionStorage.removeItem(ME);
}

function forget() {
  cached = undefined;
  sessionStorage.removeItem(ME);
}

export const session = {
  /** The signed-in account ({id, role, displayName}) or null. */
  async me() {
    if (!token()) return null;
    if (cached === undefined) cached = remembered();
    if (cached === undefined) {
      try {
        remember(await api.get('/auth/me'));
      } catch {
        forget();
        cached = null;
        setToken(null);
      }
    }
    return cached;
  },
  async login(email, password) {
    const s = await api.post('/auth/login', { email, password });
    setToken(s.token);
    forget();
    window.dispatchEvent(new CustomEvent('trustmall:session'));
    return this.me();
  },
  async logout() {
    try {
      if (token()) await api.post('/auth/logout');
    } finally {
      setToken(null);
      forget();
      window.dispatchEvent(new CustomEvent('trustmall:session'));
    }
  },
  forget() {
    setToken(null);
    forget();
    window.dispatchEvent(new CustomEvent('trustmall:session'));
  },
  async hasRole(...roles) {
    const me = await this.me();
    return Boolean(me && roles.includes(me.role));
  },
};

window.addEventListener('trustmall:signed-out', () => {
  forget();
  window.dispatchEvent(new CustomEvent('trustmall:session'));
});
