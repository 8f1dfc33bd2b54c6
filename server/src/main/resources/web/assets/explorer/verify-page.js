// /explorer/verify: check any proof bundle (one downloaded earlier, or one someone sent) by pasting or uploading it.
// Nothing is sent anywhere: the check runs in this page against the pinned keys.
import { h, field } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { tabs } from './common.js';
import { checkAndShow } from './proof.js';

const MAX_BYTES = 1024 * 1024;

export async function verifyPage({ main }) {
  main.append(h('h1', {}, t('explorer.verify.title')), tabs(), h('p', { class: 'muted' }, t('explorer.verify.intro')));
  const text = h('textarea', { rows: 10, spellcheck: 'false', 'data-testid': 'bundle-text', class: 'bundle-text' });
  const file = h('input', { type: 'file', accept: 'application/json,.json', 'data-testid': 'bundle-file' });
  const result = h('div', { class: 'proof-area', 'aria-live': 'polite' });
  const problem = h('p', { class: 'error', role: 'alert', hidden: true, 'data-testid': 'bundle-problem' });
  const say = (message) => {
    problem.textContent = message ?? '';
    problem.hidden = !message;
  };
  file.addEventListener('change', async () => {
    const f = file.files?.[0];
    if (!f) return;
    if (f.size > MAX_BYTES) {
      say(t('explorer.verify.tooLarge'));
      return;
    }
    say(null);
    text.value = await f.text();
    await check();
  });
  const check = async () => {
    result.replaceChildren();
    if (!text.value.trim()) {
      say(t('explorer.verify.empty'));
      text.focus();
      return;
    }
    say(null);
    await checkAndShow(text.value, result);
  };
  const form = h('form', { class: 'card', 'on:submit': (e) => {
    e.preventDefault();
    check();
  } },
  field('explorer.verify.paste', text), field('explorer.verify.upload', file), problem,
  h('button', { type: 'submit', class: 'primary', 'data-testid': 'bundle-check' }, t('explorer.verify.check')));
  main.append(form, result);
}
