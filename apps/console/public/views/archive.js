import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { pager, select } from '../lib/widgets.js';

/** Archive handover batches, as the orchestrator keeps them (columns shown as they are). */
export async function render(root, ctx) {
  const status = ctx.query.get('status') ?? '';
  const page = Number(ctx.query.get('page') ?? 1) || 1;
  const data = await api(`/api/archive-batches${query({ status, page })}`);
  if (!data.available) return void mount(root, h('h1', {}, t('archive.title')), h('p', { class: 'muted', dataset: { test: 'empty' } }, t('archive.unavailable')));
  const form = h('form', { class: 'filters' }, select('status', t('dl.status'), data.statuses.map((s) => ({ value: s })), status), h('button', { type: 'submit', class: 'primary' }, t('common.apply')));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/archive${query({ status: new FormData(form).get('status') })}`;
  });
  const cell = (column, value) => (/_at$|_at_ms$/.test(column) && typeof value === 'number' ? dateTime(value) : value === null || value === undefined ? '—' : String(value));
  mount(
    root,
    h('h1', {}, t('archive.title')),
    form,
    table(
      [...data.columns, t('archive.manifest')],
      data.items.map((row) =>
        h('tr', {}, [
          ...data.columns.map((c) => h('td', {}, cell(c, row[c]))),
          h('td', {}, row.manifest_sha256 ? h('a', { href: `/api/archive-batches/${encodeURIComponent(row.batch_id)}/manifest.pdf`, target: '_blank', dataset: { test: 'manifest' } }, 'PDF') : '—'),
        ]),
      ),
      { dataset: { test: 'archive' } },
    ),
    pager(data.page, data.pageSize, data.total, (p) => (location.hash = `#/archive${query({ status, page: p })}`)),
  );
}
