import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime, prettyJson } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { pager } from '../lib/widgets.js';

/** The audit trail: read-only by design (there is no API to change it). */
export async function render(root, ctx) {
  const filters = { actor: ctx.query.get('actor') ?? '', action: ctx.query.get('action') ?? '', target: ctx.query.get('target') ?? '' };
  const page = Number(ctx.query.get('page') ?? 1) || 1;
  const data = await api(`/api/audit${query({ ...filters, page })}`);
  const form = h(
    'form',
    { class: 'filters' },
    Object.keys(filters).map((f) => h('label', {}, t(`audit.${f}`), h('input', { name: f, value: filters[f], size: 18 }))),
    h('button', { type: 'submit', class: 'primary' }, t('common.apply')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const d = new FormData(form);
    location.hash = `#/audit${query({ actor: d.get('actor'), action: d.get('action'), target: d.get('target') })}`;
  });
  const rows = data.items.flatMap((a) => {
    const more = a.before || a.after;
    // The trail itself keeps digests and changed field names; the bodies come from beside it while they are kept.
    const side = (recorded, body) => prettyJson(body ?? recorded ?? '');
    const detail = more
      ? h(
          'tr',
          { class: 'detail', hidden: true },
          h(
            'td',
            { colspan: 6 },
            h(
              'div',
              { class: 'diff' },
              h('div', {}, h('h3', {}, t('audit.before')), h('pre', {}, side(a.before, a.beforeBody))),
              h('div', {}, h('h3', {}, t('audit.after')), h('pre', {}, side(a.after, a.afterBody))),
            ),
          ),
        )
      : null;
    const row = h(
      'tr',
      {
        dataset: { audit: a.id, action: a.action, actor: a.actor },
        class: more ? 'expandable' : '',
        onclick: () => detail && (detail.hidden = !detail.hidden),
      },
      h('td', {}, dateTime(a.at)),
      h('td', {}, a.actor),
      h('td', {}, h('code', {}, a.action)),
      h(
        'td',
        {},
        a.target?.startsWith('dead-letter:') ? h('a', { href: `#/dead-letters/${a.target.slice(12)}` }, a.target) : (a.target ?? ''),
      ),
      h('td', {}, h('span', { class: `outcome outcome-${a.outcome}` }, t(`audit.outcome.${a.outcome}`))),
      h('td', { class: 'small' }, a.detail ?? '', more ? h('span', { class: 'muted' }, ' ▸') : null),
    );
    return detail ? [row, detail] : [row];
  });
  mount(
    root,
    h('h1', {}, t('audit.title')),
    h('p', { class: 'muted' }, t('audit.note')),
    form,
    table([t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.target'), t('audit.outcome'), t('audit.detail')], rows, {
      dataset: { test: 'audit' },
    }),
    pager(data.page, data.pageSize, data.total, (p) => (location.hash = `#/audit${query({ ...filters, page: p })}`)),
  );
}
