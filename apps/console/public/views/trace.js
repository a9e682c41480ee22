import { api, query } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime, duration } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { badge, section } from '../lib/widgets.js';

/** Dossier trace: search by code, then its timeline across the bus, with links to its dead letters. */
export async function render(root, ctx) {
  const code = ctx.params[0] ? decodeURIComponent(ctx.params[0]) : '';
  const input = h('input', {
    name: 'code',
    value: code,
    size: 36,
    list: 'dossier-codes',
    autocomplete: 'off',
    required: true,
    dataset: { test: 'code' },
  });
  const suggestions = h('datalist', { id: 'dossier-codes' });
  let pending;
  input.addEventListener('input', () => {
    clearTimeout(pending);
    pending = setTimeout(async () => {
      const { codes } = await api(`/api/dossiers/suggest${query({ q: input.value })}`).catch(() => ({ codes: [] }));
      mount(
        suggestions,
        codes.map((c) => h('option', { value: c })),
      );
    }, 200);
  });
  const form = h(
    'form',
    { class: 'filters' },
    h('label', {}, t('trace.code'), input, suggestions),
    h('button', { type: 'submit', class: 'primary' }, t('trace.search')),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    location.hash = `#/trace/${encodeURIComponent(input.value.trim())}`;
  });
  mount(root, h('h1', {}, t('trace.title')), form);
  if (!code) return () => clearTimeout(pending);
  const trace = await api(`/api/trace/${encodeURIComponent(code)}`);
  root.append(result(trace));
  return () => clearTimeout(pending);
}

function result(trace) {
  if (!trace.dossier && trace.entries.length === 0)
    return h('p', { class: 'muted', dataset: { test: 'not-found' } }, t('trace.notFound', { code: trace.dossierCode }));
  const missing = trace.sources.filter((s) => !s.available).map((s) => t(`trace.source.${s.name}`));
  const d = trace.dossier;
  const overdue =
    d &&
    d.dueAtMs < Date.now() &&
    !['RETURNED', 'DELIVERED', 'AWAITING_HANDOVER', 'HANDOVER_DISPATCHED', 'HANDOVER_DELIVERED', 'ARCHIVED', 'CLOSED'].includes(d.stage);
  return h(
    'div',
    { dataset: { test: 'trace' } },
    d
      ? section(
          `${t('trace.dossier')} ${d.dossierCode}`,
          h(
            'dl',
            { class: 'kv wide' },
            [h('dt', {}, t('trace.stage')), h('dd', {}, h('strong', { dataset: { test: 'stage' } }, d.stage))],
            [h('dt', {}, t('trace.agency')), h('dd', {}, d.agencyCode)],
            [h('dt', {}, t('trace.procedure')), h('dd', {}, d.procedureCode)],
            [h('dt', {}, t('trace.received')), h('dd', {}, d.receivedAt)],
            [
              h('dt', {}, t('trace.due')),
              h(
                'dd',
                {},
                dateTime(d.dueAtMs),
                h('span', { class: 'small muted' }, ` (${d.dueAt})`),
                overdue ? [' ', badge('down', t('trace.overdue'))] : null,
              ),
            ],
            [h('dt', {}, t('trace.returnMethod')), h('dd', {}, d.returnMethod)],
          ),
        )
      : null,
    section(
      t('trace.timeline'),
      missing.length ? h('p', { class: 'muted' }, t('trace.sourceMissing', { names: missing.join(', ') })) : null,
      table(
        [t('trace.at'), t('trace.source'), t('trace.event'), t('trace.transition'), t('trace.inStage'), t('trace.note')],
        trace.entries.map((e) =>
          h(
            'tr',
            { dataset: { source: e.source }, class: e.source === 'dead-letter' ? 'row-warn' : '' },
            h('td', {}, dateTime(e.at)),
            h('td', {}, h('span', { class: `chip source-${e.source}` }, t(`trace.source.${e.source}`))),
            h('td', {}, h('code', {}, e.kind), e.messageId ? h('div', { class: 'small muted' }, e.messageId) : null),
            h('td', {}, e.toStage ? `${e.fromStage ?? '∅'} → ${e.toStage}` : ''),
            h('td', {}, e.stageDurationMs !== undefined ? duration(e.stageDurationMs) : ''),
            h(
              'td',
              {},
              e.deadLetterId
                ? h(
                    'a',
                    { href: `#/dead-letters/${e.deadLetterId}` },
                    t('trace.deadLetter', { id: e.deadLetterId }),
                    ` (${t(`dl.status.${e.status}`)})`,
                  )
                : null,
              e.note ? h('div', {}, e.note) : null,
            ),
          ),
        ),
        { dataset: { test: 'timeline' } },
      ),
    ),
  );
}
