import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime, number } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { errorBox, notice, pager, select } from '../lib/widgets.js';

const FILTERS = ['status', 'queue', 'type', 'errorCode', 'correlationId'];

/** Dead letters: filters and paging happen on the server (the list may hold tens of thousands). */
export async function render(root, ctx) {
  const current = Object.fromEntries(FILTERS.map((f) => [f, ctx.query.get(f) ?? '']));
  const page = Number(ctx.query.get('page') ?? 1) || 1;
  const go = (changes) => {
    location.hash = `#/dead-letters${query({ ...current, page, ...changes })}`;
  };
  const [facets, list] = await Promise.all([
    api('/api/dead-letters/facets'),
    api(`/api/dead-letters${query({ ...current, page, pageSize: 50 })}`),
  ]);
  const message = h('div');
  const selected = new Set();

  const form = h(
    'form',
    { class: 'filters', dataset: { test: 'filters' } },
    select(
      'status',
      t('dl.status'),
      ['open', 'replaying', 'replayed', 'discarded'].map((s) => ({
        value: s,
        label: t(`dl.status.${s}`),
        n: facets.statuses.find((x) => x.value === s)?.n ?? 0,
      })),
      current.status,
    ),
    select('queue', t('dl.queue'), facets.queues, current.queue),
    select('type', t('dl.type'), facets.types, current.type),
    select('errorCode', t('dl.errorCode'), facets.errorCodes, current.errorCode),
    h('label', {}, t('dl.correlationId'), h('input', { name: 'correlationId', value: current.correlationId, size: 28 })),
    h('button', { type: 'submit', class: 'primary' }, t('common.apply')),
    h('button', { type: 'button', onclick: () => (location.hash = '#/dead-letters') }, t('common.reset')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const data = new FormData(form);
    go({ ...Object.fromEntries(FILTERS.map((f) => [f, String(data.get(f) ?? '').trim()])), page: 1 });
  });

  const group = async (action) => {
    const ids = [...selected];
    if (ids.length === 0) return;
    let body = { ids };
    if (action === 'replay') {
      if (!confirm(t('dl.confirmReplay', { n: ids.length }))) return;
    } else {
      const reason = prompt(t('dl.confirmDiscard', { n: ids.length }));
      if (reason === null) return;
      body = { ids, reason };
    }
    try {
      const { results } = await api(`/api/dead-letters/${action}`, { method: 'POST', body });
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

  const operator = ctx.can('operator');
  const checkbox = (id) =>
    h('input', {
      type: 'checkbox',
      dataset: { id },
      onchange: (e) => (e.target.checked ? selected.add(id) : selected.delete(id)),
      'aria-label': `#${id}`,
    });
  const rows = list.items.map((d) =>
    h(
      'tr',
      { dataset: { deadLetter: d.id, status: d.status } },
      operator ? h('td', {}, d.status === 'open' ? checkbox(d.id) : null) : null,
      h('td', {}, h('a', { href: `#/dead-letters/${d.id}` }, `#${d.id}`)),
      h('td', {}, dateTime(d.lastFailedAt)),
      h('td', {}, h('code', {}, d.routingKey)),
      h('td', {}, h('code', {}, d.queue)),
      h(
        'td',
        {},
        h('code', {}, d.errorCode),
        h(
          'div',
          { class: 'small muted' },
          d.reasons
            .slice(0, 2)
            .map((r) => `${r.field}: ${r.problem}`)
            .join('; '),
        ),
      ),
      h('td', { class: 'num' }, number(d.attempts)),
      h('td', {}, h('span', { class: `status status-${d.status}` }, t(`dl.status.${d.status}`))),
      h('td', {}, d.correlationId ? h('a', { href: `#/trace/${encodeURIComponent(d.correlationId)}` }, d.correlationId) : '—'),
    ),
  );
  const selectAll = h('input', {
    type: 'checkbox',
    'aria-label': t('dl.selectAll'),
    onchange: (e) => {
      for (const box of root.querySelectorAll('tbody input[type=checkbox]')) {
        box.checked = e.target.checked;
        box.dispatchEvent(new Event('change'));
      }
    },
  });
  mount(
    root,
    h('h1', {}, t('dl.title')),
    form,
    message,
    operator
      ? h(
          'div',
          { class: 'actions' },
          h('button', { type: 'button', onclick: () => group('replay'), dataset: { test: 'replay-selected' } }, t('dl.replaySelected')),
          h(
            'button',
            { type: 'button', class: 'danger', onclick: () => group('discard'), dataset: { test: 'discard-selected' } },
            t('dl.discardSelected'),
          ),
        )
      : h('p', { class: 'muted' }, t('dl.readOnly')),
    list.items.length === 0
      ? h('p', { class: 'muted' }, t('common.empty'))
      : table(
          [
            operator ? selectAll : null,
            t('dl.id'),
            t('dl.failedAt'),
            t('dl.type'),
            t('dl.queue'),
            t('dl.errorCode'),
            t('dl.attempts'),
            t('dl.status'),
            t('dl.correlationId'),
          ].filter((x) => x !== null),
          rows,
          { dataset: { test: 'dead-letters' } },
        ),
    pager(list.page, list.pageSize, list.total, (p) => go({ page: p })),
  );
}
