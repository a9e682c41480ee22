import { api } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { errorBox } from '../lib/widgets.js';

const ROLES = ['viewer', 'operator', 'admin'];

/** User administration (admins): users kept in the database; configured users are shown read-only. */
export async function render(root, ctx) {
  const { users } = await api('/api/users');
  const message = h('div');
  const act = async (fn) => {
    try {
      await fn();
      await render(root, ctx);
    } catch (error) {
      mount(message, errorBox(error));
    }
  };
  const roleSelect = (value, onchange, disabled) =>
    h(
      'select',
      { name: 'role', disabled, onchange },
      ROLES.map((r) => h('option', { value: r, selected: r === value }, t(`role.${r}`))),
    );
  const form = h(
    'form',
    { class: 'filters', dataset: { test: 'new-user' } },
    h('label', {}, t('users.username'), h('input', { name: 'username', required: true, pattern: '[A-Za-z0-9._@-]{1,64}' })),
    h(
      'label',
      {},
      t('users.password'),
      h('input', { name: 'password', type: 'password', required: true, minlength: 10, autocomplete: 'new-password' }),
    ),
    h('label', {}, t('users.role'), roleSelect('viewer')),
    h('button', { type: 'submit', class: 'primary' }, t('users.create')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const d = new FormData(form);
    act(() =>
      api('/api/users', { method: 'POST', body: { username: d.get('username'), password: d.get('password'), role: d.get('role') } }),
    );
  });
  mount(
    root,
    h('h1', {}, t('users.title')),
    h('p', { class: 'muted' }, t('users.configuredNote')),
    message,
    table(
      [t('users.username'), t('users.role'), t('users.source'), '', ''],
      users.map((u) => {
        const fixed = u.source === 'config';
        return h(
          'tr',
          { dataset: { user: u.username } },
          h('td', {}, u.username),
          h(
            'td',
            {},
            roleSelect(
              u.role,
              (e) => act(() => api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PUT', body: { role: e.target.value } })),
              fixed,
            ),
          ),
          h(
            'td',
            {},
            t(`users.source.${u.source}`),
            u.createdAt ? h('div', { class: 'small muted' }, `${u.createdBy} · ${dateTime(u.createdAt)}`) : null,
          ),
          h(
            'td',
            {},
            fixed
              ? null
              : h(
                  'button',
                  {
                    type: 'button',
                    onclick: () => {
                      const password = prompt(t('users.newPassword', { user: u.username }));
                      if (password) act(() => api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'PUT', body: { password } }));
                    },
                  },
                  t('users.resetPassword'),
                ),
          ),
          h(
            'td',
            {},
            fixed || u.username === ctx.session.username
              ? null
              : h(
                  'button',
                  {
                    type: 'button',
                    class: 'danger',
                    onclick: () =>
                      confirm(t('users.confirmDelete', { user: u.username })) &&
                      act(() => api(`/api/users/${encodeURIComponent(u.username)}`, { method: 'DELETE' })),
                  },
                  t('users.delete'),
                ),
          ),
        );
      }),
      { dataset: { test: 'users' } },
    ),
    h('h2', {}, t('users.create')),
    form,
  );
}
