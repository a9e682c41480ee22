import { api, setCsrfToken, whenUnauthorized } from './lib/api.js';
import { h, mount } from './lib/dom.js';
import { chosenLanguage, loadLanguage, switchLanguage, t } from './lib/i18n.js';
import { errorBox } from './lib/widgets.js';

// Hash routes → view modules (loaded on first use: the first page stays small).
const ROUTES = [
  { pattern: /^#\/health$/, module: './views/health.js', nav: 'health' },
  { pattern: /^#\/queues$/, module: './views/queues.js', nav: 'queues' },
  { pattern: /^#\/dead-letters\/(\d+)$/, module: './views/dead-letter.js', nav: 'deadLetters' },
  { pattern: /^#\/dead-letters(\?.*)?$/, module: './views/dead-letters.js', nav: 'deadLetters' },
  { pattern: /^#\/trace(?:\/(.+))?$/, module: './views/trace.js', nav: 'trace' },
  { pattern: /^#\/deadlines(\?.*)?$/, module: './views/deadlines.js', nav: 'deadlines' },
  { pattern: /^#\/archive(\?.*)?$/, module: './views/archive.js', nav: 'archive' },
  { pattern: /^#\/audit(\?.*)?$/, module: './views/audit.js', nav: 'audit' },
  { pattern: /^#\/users$/, module: './views/users.js', nav: 'users', role: 'admin' },
];
const NAV = [
  ['health', '#/health'],
  ['queues', '#/queues'],
  ['deadLetters', '#/dead-letters?status=open'],
  ['trace', '#/trace'],
  ['deadlines', '#/deadlines'],
  ['archive', '#/archive'],
  ['audit', '#/audit'],
  ['users', '#/users', 'admin'],
];
const RANK = { viewer: 0, operator: 1, admin: 2 };

const ctx = {
  session: null,
  /** True when the logged-in user has at least `role`. */
  can(role) {
    return ctx.session !== null && RANK[ctx.session.role] >= RANK[role];
  },
};
let dispose = () => {};
let renderId = 0;

async function start() {
  await loadLanguage(chosenLanguage());
  document.title = t('app.title');
  whenUnauthorized(() => {
    if (ctx.session) {
      ctx.session = null;
      showLogin();
    }
  });
  try {
    ctx.session = await api('/api/session');
    setCsrfToken(ctx.session.csrfToken);
  } catch {
    ctx.session = null;
  }
  window.addEventListener('hashchange', route);
  if (ctx.session) route();
  else showLogin();
}

function header(active) {
  const top = document.getElementById('top');
  mount(
    top,
    h('div', { class: 'brand' }, h('strong', {}, 'Liên thông'), h('span', { class: 'muted' }, t('app.subtitle'))),
    ctx.session
      ? h(
          'nav',
          {},
          NAV.filter(([, , role]) => !role || ctx.can(role)).map(([key, href]) =>
            h('a', { href, class: key === active ? 'active' : '', dataset: { nav: key } }, t(`nav.${key}`)),
          ),
        )
      : null,
    h(
      'div',
      { class: 'who' },
      ctx.session
        ? h('span', { dataset: { test: 'who' } }, t('auth.signedInAs', { user: ctx.session.username, role: t(`role.${ctx.session.role}`) }))
        : null,
      h('button', { type: 'button', class: 'link', onclick: switchLanguage, dataset: { test: 'lang' } }, t('lang.switch')),
      ctx.session ? h('button', { type: 'button', class: 'link', onclick: logout, dataset: { test: 'logout' } }, t('auth.logout')) : null,
    ),
  );
}

async function route() {
  dispose();
  dispose = () => {};
  if (!ctx.session) return showLogin();
  const hash = location.hash || '#/health';
  const found = ROUTES.find((r) => r.pattern.test(hash));
  if (!found || (found.role && !ctx.can(found.role))) {
    location.hash = '#/health';
    return;
  }
  header(found.nav);
  const id = ++renderId;
  // Each render gets an element of its own: a page still loading when the user goes elsewhere (the health page waits
  // for every service's figures) writes into its element, no longer shown, instead of over the page now shown.
  const root = h('div', { class: 'page' }, h('p', { class: 'muted' }, t('common.loading')));
  mount(document.getElementById('view'), root);
  try {
    const module = await import(found.module);
    if (id !== renderId) return;
    const match = found.pattern.exec(hash);
    const cleanup = await module.render(root, { ...ctx, params: match.slice(1), query: new URLSearchParams(hash.split('?')[1] ?? '') });
    if (id !== renderId) {
      cleanup?.();
      return;
    }
    dispose = cleanup ?? (() => {});
  } catch (error) {
    if (id === renderId) mount(root, errorBox(error));
  }
}

function showLogin() {
  dispose();
  header(null);
  const message = h('div');
  const form = h(
    'form',
    { class: 'login', dataset: { test: 'login' } },
    h('h1', {}, t('auth.loginTitle')),
    h('label', {}, t('auth.username'), h('input', { name: 'username', autocomplete: 'username', required: true, autofocus: true })),
    h(
      'label',
      {},
      t('auth.password'),
      h('input', { name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
    ),
    message,
    h('button', { type: 'submit', class: 'primary' }, t('auth.login')),
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    try {
      ctx.session = await api('/api/login', { method: 'POST', body: { username: data.get('username'), password: data.get('password') } });
      setCsrfToken(ctx.session.csrfToken);
      if (!location.hash || location.hash === '#/') location.hash = '#/health';
      route();
    } catch (error) {
      mount(message, errorBox(error));
    }
  });
  mount(document.getElementById('view'), form);
}

async function logout() {
  await api('/api/logout', { method: 'POST' }).catch(() => undefined);
  ctx.session = null;
  setCsrfToken('');
  showLogin();
}

start();
