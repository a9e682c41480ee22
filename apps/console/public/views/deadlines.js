import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime, duration, number } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { pager } from '../lib/widgets.js';

/** Deadlines per department (overdue, at risk within the margin); a count opens its dossiers, paged on the server. */
export async function render(root, ctx) {
  const margin = ctx.query.get('margin') ?? '';
  const kind = ctx.query.get('kind') ?? '';
  const agency = ctx.query.get('agency') ?? '';
  const page = Number(ctx.query.get('page') ?? 1) || 1;
  const go = (changes) => (location.hash = `#/deadlines${query({ margin, kind, agency, page, ...changes })}`);
  const summary = await api(`/api/deadlines${query({ marginHours: margin })}`);
  if (!summary.available)
    return void mount(
      root,
      h('h1', {}, t('deadlines.title')),
      h('p', { class: 'muted', dataset: { test: 'empty' } }, t('deadlines.unavailable')),
    );

  const marginInput = h('input', {
    name: 'margin',
    type: 'number',
    min: 1,
    max: 1440,
    value: summary.marginHours,
    dataset: { test: 'margin' },
  });
  const form = h(
    'form',
    { class: 'filters' },
    h('label', {}, t('deadlines.margin'), marginInput),
    h('button', { type: 'submit', class: 'primary' }, t('common.apply')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    go({ margin: marginInput.value, page: 1 });
  });
  const link = (value, k, a) =>
    value > 0
      ? h('a', { href: `#/deadlines${query({ margin, kind: k, agency: a })}`, class: k === 'overdue' ? 'bad' : 'warn' }, number(value))
      : '0';
  const nameOf = (code) => summary.departments.find((d) => d.agencyCode === code)?.name ?? code;
  mount(
    root,
    h('h1', {}, t('deadlines.title')),
    form,
    table(
      [t('deadlines.department'), t('deadlines.overdue'), t('deadlines.atRisk'), t('deadlines.pending')],
      summary.departments.map((d) =>
        h(
          'tr',
          { dataset: { agency: d.agencyCode } },
          h('td', {}, d.name ?? d.agencyCode, d.name ? h('div', { class: 'small muted' }, d.agencyCode) : null),
          h('td', { class: 'num', dataset: { test: 'overdue' } }, link(d.overdue, 'overdue', d.agencyCode)),
          h('td', { class: 'num', dataset: { test: 'at-risk' } }, link(d.atRisk, 'at-risk', d.agencyCode)),
          h('td', { class: 'num' }, number(d.pending)),
        ),
      ),
      { dataset: { test: 'deadlines' } },
    ),
  );
  if (kind !== 'overdue' && kind !== 'at-risk') return;
  const list = await api(`/api/deadlines/dossiers${query({ kind, agency, marginHours: margin, page, pageSize: 50 })}`);
  const now = Date.now();
  root.append(
    h('h2', {}, t(`deadlines.list.${kind}`, { dept: agency ? nameOf(agency) : t('common.all') })),
    table(
      [t('deadlines.dossier'), t('deadlines.due'), '', t('deadlines.stage')],
      list.items.map((d) =>
        h(
          'tr',
          {},
          h('td', {}, h('a', { href: `#/trace/${encodeURIComponent(d.dossierCode)}` }, d.dossierCode)),
          h('td', {}, dateTime(d.dueAtMs)),
          h(
            'td',
            { class: d.dueAtMs < now ? 'bad' : 'warn' },
            d.dueAtMs < now
              ? t('deadlines.lateBy', { d: duration(now - d.dueAtMs) })
              : t('deadlines.dueIn', { d: duration(d.dueAtMs - now) }),
          ),
          h('td', {}, d.stage),
        ),
      ),
      { dataset: { test: 'deadline-dossiers' } },
    ),
    pager(list.page, list.pageSize, list.total, (p) => go({ page: p })),
  );
}
