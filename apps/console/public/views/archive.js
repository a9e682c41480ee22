import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { badge, errorBox, notice, pager, select } from '../lib/widgets.js';

/**
 * Archive handover batches, as the orchestrator keeps them (columns shown as they are). A stalled batch (one
 * waiting on an open dead letter: its dispatch, its postal order or its manifest package failed) is marked, with
 * the dead letters it waits on; an operator replays them from here (each replay audited, as on the dead-letter page).
 */
export async function render(root, ctx) {
  const status = ctx.query.get('status') ?? '';
  const stalled = ctx.query.get('stalled') === 'true';
  const page = Number(ctx.query.get('page') ?? 1) || 1;
  const data = await api(`/api/archive-batches${query({ status, stalled: stalled ? 'true' : '', page })}`);
  if (!data.available)
    return void mount(
      root,
      h('h1', {}, t('archive.title')),
      h('p', { class: 'muted', dataset: { test: 'empty' } }, t('archive.unavailable')),
    );
  const go = (params) => (location.hash = `#/archive${query({ status, stalled: stalled ? 'true' : '', ...params })}`);
  const form = h(
    'form',
    { class: 'filters' },
    select(
      'status',
      t('dl.status'),
      data.statuses.map((s) => ({ value: s })),
      status,
    ),
    h(
      'label',
      {},
      t('archive.stalledOnly'),
      h('input', { type: 'checkbox', name: 'stalled', checked: stalled, dataset: { test: 'stalled-only' } }),
    ),
    h('button', { type: 'submit', class: 'primary' }, t('common.apply')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const values = new FormData(form);
    go({ status: values.get('status'), stalled: values.get('stalled') ? 'true' : '', page: 1 });
  });
  const message = h('div', {});
  const operator = ctx.can('operator');
  const replay = async (row) => {
    const ids = row.deadLetters.map((d) => d.id);
    if (!confirm(t('archive.confirmReplay', { batch: row.batch_id, n: ids.length }))) return;
    try {
      const { results } = await api('/api/dead-letters/replay', { method: 'POST', body: { ids } });
      const failed = results.filter((r) => !r.ok);
      mount(
        message,
        notice(t('dl.groupResult', { ok: results.length - failed.length, failed: failed.length }), failed.length ? 'warn' : 'ok'),
      );
      setTimeout(() => go({}), 800);
    } catch (error) {
      mount(message, errorBox(error));
    }
  };
  const waitingOn = (row) =>
    row.stalled
      ? h(
          'td',
          { dataset: { test: 'stalled' } },
          badge('stalled', t('archive.stalled')),
          h(
            'ul',
            { class: 'plain' },
            row.deadLetters.map((d) =>
              h(
                'li',
                {},
                h('a', { href: `#/dead-letters/${d.id}` }, `${t('dl.id')} ${d.id}`),
                ` ${d.type} (${d.errorCode}): `,
                h('span', { class: 'muted' }, d.problem),
              ),
            ),
          ),
          operator
            ? h('button', { type: 'button', onclick: () => replay(row), dataset: { test: 'replay-batch' } }, t('archive.replay'))
            : null,
        )
      : h('td', {}, '—');
  const cell = (column, value) =>
    /_at$|_at_ms$/.test(column) && typeof value === 'number'
      ? dateTime(value)
      : value === null || value === undefined
        ? '—'
        : String(value);
  mount(
    root,
    h('h1', {}, t('archive.title')),
    data.stalledTotal > 0 ? notice(t('archive.stalledNotice', { n: data.stalledTotal }), 'warn') : null,
    form,
    message,
    table(
      [...data.columns, t('archive.manifest'), t('archive.waitingOn')],
      data.items.map((row) =>
        h('tr', { dataset: row.stalled ? { stalled: row.batch_id } : {} }, [
          ...data.columns.map((c) => h('td', {}, cell(c, row[c]))),
          h(
            'td',
            {},
            row.manifest_sha256
              ? h(
                  'a',
                  {
                    href: `/api/archive-batches/${encodeURIComponent(row.batch_id)}/manifest.pdf`,
                    target: '_blank',
                    dataset: { test: 'manifest' },
                  },
                  'PDF',
                )
              : '—',
          ),
          waitingOn(row),
        ]),
      ),
      { dataset: { test: 'archive' } },
    ),
    pager(data.page, data.pageSize, data.total, (p) => go({ page: p })),
  );
}
