import { api } from '../lib/api.js';
import { h, table } from '../lib/dom.js';
import { number, time } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { notice, refreshing } from '../lib/widgets.js';

const REFRESH_MS = 5000;
/** Whether the full queue list is unfolded; kept across the periodic redraws. */
let showAll;

/** Queues: depth, rates and consumers, refreshed every 5 s. */
export function render(root) {
  return refreshing(root, REFRESH_MS, () => api('/api/queues'), page);
}

function page(data) {
  const management = data.source === 'management';
  const headers = [
    t('queues.name'),
    t('queues.kind'),
    t('queues.messages'),
    ...(management ? [t('queues.ready'), t('queues.unacked')] : []),
    t('queues.consumers'),
    ...(management ? [t('queues.publishRate'), t('queues.deliverRate'), t('queues.ackRate')] : []),
    t('queues.deadLetters'),
  ];
  return h(
    'div',
    {},
    h('h1', {}, t('queues.title'), h('small', { class: 'muted' }, ' · ', t('common.updatedAt', { time: time(data.at) }))),
    notice(
      t(management ? 'queues.sourceManagement' : 'queues.sourceAmqp') + (data.managementError ? ` (${data.managementError})` : ''),
      management ? 'ok' : 'warn',
    ),
    h('h2', {}, t('queues.perService')),
    perService(data),
    h(
      'details',
      { open: showAll ?? management, ontoggle: (e) => (showAll = e.target.open) },
      h('summary', {}, t('queues.all', { n: data.queues.length })),
      table(
        headers,
        data.queues.map((q) => {
          const backlog = q.kind === 'retry' ? q.messages > 0 : q.messages > 100;
          const dead = data.deadLetters[q.name] ?? 0;
          return h(
            'tr',
            { dataset: { queue: q.name }, class: !q.exists ? 'muted' : backlog ? 'row-warn' : '' },
            h('td', {}, h('code', {}, q.name)),
            h('td', {}, t(`queues.kind.${q.kind}`)),
            h('td', { class: 'num' }, q.exists ? number(q.messages) : t('queues.absent')),
            management ? [h('td', { class: 'num' }, number(q.ready)), h('td', { class: 'num' }, number(q.unacked))] : null,
            h(
              'td',
              { class: `num ${q.kind === 'service' && q.exists && q.consumers === 0 ? 'bad' : ''}` },
              q.exists ? number(q.consumers) : '—',
            ),
            management
              ? [
                  h('td', { class: 'num' }, number(q.publishRate)),
                  h('td', { class: 'num' }, number(q.deliverRate)),
                  h('td', { class: 'num' }, number(q.ackRate)),
                ]
              : null,
            h(
              'td',
              { class: 'num' },
              dead ? h('a', { href: `#/dead-letters?status=open&queue=${encodeURIComponent(q.name)}`, class: 'bad' }, number(dead)) : '0',
            ),
          );
        }),
        { dataset: { test: 'queues' } },
      ),
    ),
  );
}

/** One line per service: its queue, its consumers, what waits in its retry queues, its open dead letters. */
function perService(data) {
  const services = new Map();
  for (const q of data.queues) {
    if (!q.service) continue;
    const s = services.get(q.service) ?? { service: q.service, exists: false, messages: 0, consumers: 0, retrying: 0, dead: 0 };
    if (q.kind === 'service') {
      s.exists = q.exists;
      s.messages = q.messages;
      s.consumers = q.consumers;
      s.dead = data.deadLetters[q.name] ?? 0;
    } else if (q.messages) s.retrying += q.messages;
    services.set(q.service, s);
  }
  return table(
    [t('health.service'), t('queues.messages'), t('queues.consumers'), t('queues.retrying'), t('queues.deadLetters')],
    [...services.values()].map((s) =>
      h(
        'tr',
        {
          dataset: { service: s.service },
          class: !s.exists ? 'muted' : s.consumers === 0 || s.retrying > 0 || s.dead > 0 ? 'row-warn' : '',
        },
        h('td', {}, h('strong', {}, s.service)),
        h('td', { class: 'num' }, s.exists ? number(s.messages) : t('queues.absent')),
        h('td', { class: `num ${s.exists && s.consumers === 0 ? 'bad' : ''}` }, s.exists ? number(s.consumers) : '—'),
        h('td', { class: 'num' }, number(s.retrying)),
        h(
          'td',
          { class: 'num' },
          s.dead
            ? h('a', { href: `#/dead-letters?status=open&queue=lienthong.${encodeURIComponent(s.service)}`, class: 'bad' }, number(s.dead))
            : '0',
        ),
      ),
    ),
    { dataset: { test: 'queue-services' } },
  );
}
