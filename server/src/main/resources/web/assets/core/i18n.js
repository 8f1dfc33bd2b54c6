// Messages in English and Chinese. Each area adds its own (addMessages) with keys prefixed by area.
const messages = { en: {}, zh: {} };
const KEY = 'trustmall.lang';
let current = initial();

function initial() {
  const saved = localStorage.getItem(KEY);
  if (saved === 'en' || saved === 'zh') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

/** Adds messages: {en: {key: text}, zh: {key: text}}. Text may hold {name} placeholders. */
export function addMessages(m) {
  for (const l of ['en', 'zh']) Object.assign(messages[l], m[l] ?? {});
}

/** The message for key in the current language (English when missing; the key itself when missing in both). */
export function t(key, vars = {}) {
  const text = messages[current][key] ?? messages.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (all, name) => (name in vars ? String(vars[name]) : all));
}

export function lang() {
  return current;
}

/** Switches the language, remembers it, and tells listeners (the shell re-renders). */
export function setLang(l) {
  if (l !== 'en' && l !== 'zh') return;
  current = l;
  localStorage.setItem(KEY, l);
  document.documentElement.lang = l === 'zh' ? 'zh-CN' : 'en';
  window.dispatchEvent(new CustomEvent('trustmall:lang', { detail: l }));
}

/** True when every English key has a Chinese text and vice versa (used by the browser tests). */
export function missingKeys() {
  const en = Object.keys(messages.en);
  const zh = Object.keys(messages.zh);
  return { zh: en.filter((k) => !(k in messages.zh)), en: zh.filter((k) => !(k in messages.en)) };
}
