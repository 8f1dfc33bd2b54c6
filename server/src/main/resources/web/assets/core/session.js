// The signed-in account, from the session token (authorisation itself is always the server's).
import { api, setToken, token } from './api.js';

let cached;

export const session = {
  /** The signed-in account ({id, role, displayName}) or null. */
  async me() {
    if (!token()) return null;
    if (cached === undefined) {
      try {
        cached = await api.get('/auth/me');
      } catch {
        cached = null;
        setToken(null);
      }
    }
    return cached;
  },
  async login(email, password) {
    const s = await api.post('/auth/login', { email, password });
    setToken(s.token);
    cached = undefined;
    window.dispatchEvent(new CustomEvent('trustmall:session'));
    return this.me();
  },
  async logout() {
    try {
      if (token()) await api.post('/auth/logout');
    } finally {
      setToken(null);
      cached = undefined;
      window.dispatchEvent(new CustomEvent('trustmall:session'));
    }
  },
  forget() {
    setToken(null);
    cached = undefined;
    window.dispatchEvent(new CustomEvent('trustmall:session'));
  },
  async hasRole(...roles) {
    const me = await this.me();
    return Boolean(me && roles.includes(me.role));
  },
};

window.addEventListener('trustmall:signed-out', () => {
  cached = undefined;
  window.dispatchEvent(new CustomEvent('trustmall:session'));
});
