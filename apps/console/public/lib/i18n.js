// UI strings live in two dictionaries (i18n/vi.json, i18n/en.json); Vietnamese is the default.
let dictionary = {};
let current = 'vi';

/** The language asked for: `?lang=en` in the address, else the `lang` cookie, else Vietnamese. */
export function chosenLanguage() {
  const fromQuery = new URLSearchParams(location.search).get('lang');
  if (fromQuery === 'en' || fromQuery === 'vi') {
    document.cookie = `lang=${fromQuery}; Path=/; SameSite=Strict; Max-Age=31536000`;
    return fromQuery;
  }
  const fromCookie = /(?:^|;\s*)lang=(en|vi)\b/.exec(document.cookie);
  return fromCookie ? fromCookie[1] : 'vi';
}

export async function loadLanguage(lang) {
  const response = await fetch(`/assets/i18n/${lang}.json`);
  dictionary = await response.json();
  current = lang;
  document.documentElement.lang = lang;
}

export function language() {
  return current;
}

/** Switches language (remembered in a cookie) and reloads the current page. */
export function switchLanguage() {
  const next = current === 'vi' ? 'en' : 'vi';
  document.cookie = `lang=${next}; Path=/; SameSite=Strict; Max-Age=31536000`;
  const url = new URL(location.href);
  if (!url.searchParams.has('lang')) return location.reload();
  url.searchParams.delete('lang');
  location.replace(url.toString());
}

/** The UI string `key` with `{name}` placeholders filled; the key itself when missing (visible, not silent). */
export function t(key, params = {}) {
  const text = dictionary[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (params[name] === undefined ? `{${name}}` : String(params[name])));
}

/** A translation when the dictionary has one, else the fallback (used for server error codes). */
export function tOr(key, fallback) {
  return dictionary[key] ?? fallback;
}
