import { api } from '../lib/api.js';
import { h, svg, table } from '../lib/dom.js';
import { ago, duration, latency, number, percent, time } from '../lib/format.js';
import { t, tOr } from '../lib/i18n.js';
import { badge, refreshing, section } from '../lib/widgets.js';

const REFRESH_MS = 2000;

/** Health at a glance, refreshed every 2 s: a stopped service turns red within the heartbeat timeout. */
export function render(root) {
  return refreshing(
    root,
    REFRESH_MS,
    () => Promise.all([api('/api/overview'), api('/api/throughput'), api('/api/hops')]),
    ([overview, throughput, hops]) => page(overview, throughput, hops),
  );
}

function page(o, throughput, hops) {
  const up = o.services.filter((s) => s.state === 'up').length;
  return h(
    'div',
    {},
    h('h1', {}, t('health.title'), h('small', { class: 'muted' }, ' · ', t('common.updatedAt', { time: time(o.now) }))),
    h(
      'div',
      { class: 'cards' },
      card(
        t('health.broker'),
        badge(o.broker.connected ? 'up' : 'down', t(o.broker.connected ? 'health.connected' : 'health.disconnected')),
        o.broker.urls.join(', '),
        'broker',
      ),
      card(
        t('health.servicesUp'),
        h('span', { class: `big ${up === o.services.length ? 'ok' : 'bad'}` }, `${up}/${o.services.length}`),
        '',
        'services-up',
      ),
      card(
        t('health.openDeadLetters'),
        h('a', { href: '#/dead-letters?status=open', class: `big ${o.deadLetters.open > 0 ? 'bad' : 'ok'}` }, number(o.deadLetters.open)),
        o.deadLetters.openPerQueue.map((q) => `${q.queue}: ${q.open}`).join(' · '),
        'dead-letters',
      ),
    ),
    section(
      t('health.services'),
      h('p', { class: 'muted' }, t('health.heartbeatNote', { s: Math.round(o.heartbeats.timeoutMs / 1000) })),
      table(
        [
          t('health.service'),
          t('health.state'),
          t('health.instances'),
          t('health.version'),
          t('health.uptime'),
          t('health.lastHeartbeat'),
          t('health.checks'),
        ],
        o.services.map(serviceRow),
        { class: 'services', dataset: { test: 'services' } },
      ),
    ),
    section(
      t('health.outside'),
      o.outsideSystems.length === 0
        ? h('p', { class: 'muted' }, t('health.noOutside'))
        : table(
            [
              t('health.system'),
              t('health.state'),
              t('health.lastSuccess'),
              t('health.lastFailure'),
              t('health.errorRate'),
              t('health.circuit'),
              t('health.reportedBy'),
              t('health.lastHeartbeat'),
              t('common.details'),
            ],
            o.outsideSystems.map((s) => outsideRow(s, o.now)),
            { class: 'outside', dataset: { test: 'outside-systems' } },
          ),
    ),
    section(t('health.hops'), h('p', { class: 'muted' }, t('health.hopsNote')), hopsTable(hops)),
    section(t('health.throughput'), throughputChart(throughput.series)),
  );
}

/** Figures every outside system reports alike (the adapters' call stats, the orchestrator's one-stop intake); the rest goes to details. */
const OUTSIDE_COLUMNS = new Set(['lastSuccessAt', 'lastFailureAt', 'recentErrorRate', 'recentCalls', 'recentMessages', 'circuit']);

function outsideRow(s, now) {
  const d = s.details ?? {};
  const when = (iso) => (iso ? h('span', { title: iso }, ago(now - Date.parse(iso))) : '—');
  const recent = d.recentCalls ?? d.recentMessages;
  const rest = Object.fromEntries(Object.entries(d).filter(([k]) => !OUTSIDE_COLUMNS.has(k)));
  return h(
    'tr',
    { dataset: { system: s.name, state: s.state } },
    h('td', {}, tOr(`system.${s.name}`, s.name)),
    h('td', {}, badge(s.state)),
    h('td', { dataset: { test: 'last-success' } }, when(d.lastSuccessAt)),
    h('td', { dataset: { test: 'last-failure' } }, when(d.lastFailureAt)),
    h(
      'td',
      { class: 'num', dataset: { test: 'error-rate' } },
      typeof d.recentErrorRate === 'number' ? `${percent(d.recentErrorRate)} (${number(recent ?? 0)})` : '—',
    ),
    h(
      'td',
      { dataset: { test: 'circuit' } },
      d.circuit === 'not-applicable' ? t('health.notApplicable') : d.circuit ? tOr(`circuit.${d.circuit}`, d.circuit) : '—',
    ),
    h('td', {}, s.reportedBy),
    h('td', {}, ago(now - s.lastSeenAt)),
    h('td', {}, details(rest)),
  );
}

/** One row per hop: the hour's totals and percentiles, and a per-minute chart (bars: throughput, red where something failed; line: p95). */
function hopsTable(view) {
  if (view.hops.length === 0) return h('p', { class: 'muted' }, t('health.noHops'));
  return table(
    [t('health.hop'), t('health.hopOk'), t('health.hopFailed'), t('health.p50'), t('health.p95'), t('health.perMinute')],
    view.hops.map((hop) =>
      h(
        'tr',
        { dataset: { hop: hop.hop, kind: hop.kind } },
        h('td', {}, h('code', {}, hop.hop), ' ', h('span', { class: 'chip' }, tOr(`hopKind.${hop.kind}`, hop.kind))),
        h('td', { class: 'num' }, number(hop.hour.ok)),
        h('td', { class: `num ${hop.hour.failed > 0 ? 'bad' : ''}` }, number(hop.hour.failed)),
        h('td', { class: 'num', dataset: { test: 'p50' } }, latency(hop.hour.p50Ms)),
        h('td', { class: 'num', dataset: { test: 'p95' } }, latency(hop.hour.p95Ms)),
        h('td', {}, hopChart(hop)),
      ),
    ),
    { class: 'hops', dataset: { test: 'hops' } },
  );
}

function hopChart(hop) {
  const width = 240;
  const height = 36;
  const slot = width / hop.ok.length;
  const maxCount = Math.max(1, ...hop.ok.map((v, i) => v + hop.failed[i]));
  const bars = hop.ok.map((v, i) => {
    const total = v + hop.failed[i];
    const barHeight = (total / maxCount) * height;
    return svg('rect', {
      x: (i * slot).toFixed(1),
      y: (height - barHeight).toFixed(1),
      width: Math.max(1, slot - 1).toFixed(1),
      height: barHeight.toFixed(1),
      class: hop.failed[i] ? 'bar bad' : 'bar',
    });
  });
  const p95 = hop.p95Ms.map((v, i) => [i, v]).filter(([, v]) => v !== null);
  const maxLatency = Math.max(1, ...p95.map(([, v]) => v));
  const line =
    p95.length > 1
      ? svg('polyline', {
          class: 'latency',
          points: p95
            .map(([i, v]) => `${(i * slot + slot / 2).toFixed(1)},${(height - (v / maxLatency) * (height - 2) - 1).toFixed(1)}`)
            .join(' '),
        })
      : null;
  const title = svg('title', {}, t('health.hopChartTitle', { max: latency(maxLatency) }));
  return svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', class: 'hop-chart' }, title, ...bars, line);
}

function card(title, value, note, test) {
  return h(
    'div',
    { class: 'card', dataset: { test } },
    h('div', { class: 'muted' }, title),
    h('div', {}, value),
    note ? h('div', { class: 'muted small' }, note) : null,
  );
}

function serviceRow(s) {
  const newest = [...s.instances].sort((a, b) => b.lastSeenAt - a.lastSeenAt)[0];
  return h(
    'tr',
    { dataset: { service: s.service, state: s.state }, class: `row-${s.state}` },
    h('td', {}, h('strong', {}, s.service)),
    h('td', {}, badge(s.state)),
    h(
      'td',
      {},
      s.instances.length === 0
        ? '—'
        : h(
            'ul',
            { class: 'plain' },
            s.instances.map((i) => h('li', {}, badge(i.state), ' ', h('code', {}, i.instance))),
          ),
    ),
    h('td', {}, newest?.version ?? '—'),
    h('td', {}, newest ? duration(newest.uptimeMs) : '—'),
    h('td', {}, newest ? ago(newest.ageMs) : '—'),
    h(
      'td',
      {},
      newest
        ? Object.entries(newest.checks).map(([name, state]) =>
            h('span', { class: `chip chip-${state}`, title: JSON.stringify(newest.details[name] ?? {}) }, name),
          )
        : '—',
    ),
  );
}

function details(d) {
  const entries = Object.entries(d ?? {});
  if (entries.length === 0) return '—';
  return h(
    'dl',
    { class: 'kv' },
    entries.map(([k, v]) => [h('dt', {}, k), h('dd', {}, detailValue(v))]),
  );
}

/** A detail value for people: nested objects as `key: value` pairs, not JSON. */
function detailValue(v) {
  if (v === null || v === undefined) return '—';
  if (Array.isArray(v)) return v.map(detailValue).join(', ');
  if (typeof v === 'object')
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${detailValue(x)}`)
      .join(' · ');
  return String(v);
}

/** One small bar chart per service: messages handled per minute; dead-lettered minutes in red. */
function throughputChart(series) {
  const active = series.filter((s) => s.handled.some(Boolean) || s.published.some(Boolean) || s.deadLettered.some(Boolean));
  if (active.length === 0) return h('p', { class: 'muted' }, t('health.noThroughput'));
  return h(
    'div',
    { class: 'charts' },
    active.map((s) => {
      const max = Math.max(1, ...s.handled, ...s.published);
      const width = 240;
      const height = 60;
      const bar = width / s.minutes.length;
      const bars = s.handled.map((v, i) =>
        svg('rect', {
          x: (i * bar).toFixed(1),
          y: (height - (v / max) * height).toFixed(1),
          width: Math.max(1, bar - 1).toFixed(1),
          height: ((v / max) * height).toFixed(1),
          class: s.deadLettered[i] ? 'bar bad' : 'bar',
        }),
      );
      const sum = (xs) => xs.reduce((a, b) => a + b, 0);
      return h(
        'figure',
        { class: 'chart', dataset: { service: s.service } },
        svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img' }, ...bars),
        h(
          'figcaption',
          {},
          h('strong', {}, s.service),
          ` · ${number(sum(s.handled))} ${t('health.handled')} · ${number(sum(s.published))} ${t('health.published')} · ${number(sum(s.retried))} ${t('health.retried')} · ${number(sum(s.deadLettered))} ${t('health.deadLettered')}`,
        ),
      );
    }),
  );
}
