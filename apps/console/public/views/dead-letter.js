import { api } from '../lib/api.js';
import { h, mount, table } from '../lib/dom.js';
import { dateTime, prettyJson } from '../lib/format.js';
import { t } from '../lib/i18n.js';
import { errorBox, notice, section } from '../lib/widgets.js';

/** One dead letter: everything about it; operators may edit the body, check it against its contract, replay or discard. */
export async function render(root, ctx) {
  const id = Number(ctx.params[0]);
  const letter = await api(`/api/dead-letters/${id}`);
  const message = h('div', { dataset: { test: 'message' } });
  const original = letter.bodyEncoding === 'utf8' ? prettyJson(letter.body) : letter.body;
  const editable = ctx.can('operator') && letter.status === 'open' && letter.bodyEncoding === 'utf8';
  const body = h('textarea', { rows: 18, spellcheck: 'false', readOnly: !editable, dataset: { test: 'body' } });
  body.value = original;
  const edited = () => body.value !== original;

  const run = async (fn) => {
    mount(message);
    try {
      await fn();
    } catch (error) {
      mount(message, errorBox(error));
    }
  };
  const check = () =>
    run(async () => {
      const result = await api(`/api/dead-letters/${id}/check`, { method: 'POST', body: { body: body.value } });
      mount(message, result.valid ? notice(t('dl.valid')) : errorBox({ message: t('dl.invalid'), reasons: result.problems }));
    });
  const replay = () =>
    run(async () => {
      // Unchanged: the original bytes go back as they were; edited: the new text, validated by the server first.
      const after = await api(`/api/dead-letters/${id}/replay`, { method: 'POST', body: edited() ? { body: body.value } : {} });
      mount(message, notice(t('dl.replayed', { queue: after.queue })));
      setTimeout(() => render(root, ctx), 600);
    });
  const discard = () =>
    run(async () => {
      const reason = prompt(t('dl.discardReason'));
      if (reason === null) return;
      await api(`/api/dead-letters/${id}/discard`, { method: 'POST', body: { reason } });
      mount(message, notice(t('dl.discarded')));
      setTimeout(() => render(root, ctx), 600);
    });
  const replayButton = h('button', { type: 'button', class: 'primary', onclick: replay, dataset: { test: 'replay' } }, t('dl.replay'));
  body.addEventListener('input', () => (replayButton.textContent = edited() ? t('dl.replayEdited') : t('dl.replay')));

  mount(
    root,
    h('p', {}, h('a', { href: '#/dead-letters?status=open' }, t('dl.back'))),
    h(
      'h1',
      {},
      t('dl.detail', { id }),
      ' ',
      h('span', { class: `status status-${letter.status}`, dataset: { test: 'status' } }, t(`dl.status.${letter.status}`)),
    ),
    h(
      'dl',
      { class: 'kv wide' },
      kv(t('dl.messageId'), h('code', {}, letter.messageId)),
      kv(t('dl.type'), h('code', {}, letter.routingKey)),
      kv(t('dl.queue'), h('code', {}, letter.queue)),
      kv(
        t('dl.correlationId'),
        letter.correlationId
          ? h('a', { href: `#/trace/${encodeURIComponent(letter.correlationId)}` }, letter.correlationId, ' — ', t('dl.traceLink'))
          : '—',
      ),
      kv(t('dl.errorCode'), h('code', {}, letter.errorCode)),
      kv(t('dl.attempts'), String(letter.attempts)),
      kv(t('dl.firstFailed'), dateTime(letter.firstFailedAt)),
      kv(t('dl.lastFailed'), dateTime(letter.lastFailedAt)),
      letter.resolvedBy ? kv(t('dl.resolved'), `${letter.resolvedBy} · ${dateTime(letter.resolvedAt)}`) : null,
    ),
    section(
      t('dl.reasons'),
      h(
        'ul',
        { dataset: { test: 'reasons' } },
        letter.reasons.map((r) => h('li', {}, h('code', {}, r.field), ': ', r.problem)),
      ),
    ),
    section(
      t('dl.body'),
      editable ? h('p', { class: 'muted' }, t('dl.bodyHint')) : null,
      body,
      message,
      editable
        ? h(
            'div',
            { class: 'actions' },
            h('button', { type: 'button', onclick: check, dataset: { test: 'check' } }, t('dl.check')),
            replayButton,
            h('button', { type: 'button', class: 'danger', onclick: discard, dataset: { test: 'discard' } }, t('dl.discard')),
          )
        : ctx.can('operator')
          ? null
          : h('p', { class: 'muted', dataset: { test: 'read-only' } }, t('dl.readOnly')),
    ),
    section(t('dl.properties'), h('pre', {}, JSON.stringify(letter.properties, null, 2))),
    section(
      t('dl.history'),
      letter.history.length === 0
        ? h('p', { class: 'muted' }, t('common.none'))
        : table(
            [t('audit.at'), t('audit.actor'), t('audit.action'), t('audit.outcome'), t('audit.detail')],
            letter.history.map((a) =>
              h(
                'tr',
                {},
                h('td', {}, dateTime(a.at)),
                h('td', {}, a.actor),
                h('td', {}, a.action),
                h('td', {}, t(`audit.outcome.${a.outcome}`)),
                h('td', {}, a.detail ?? ''),
              ),
            ),
          ),
    ),
  );
}

function kv(label, value) {
  return [h('dt', {}, label), h('dd', {}, value)];
}
