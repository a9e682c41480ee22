import { h, mount } from './dom.js';
import { t, tOr } from './i18n.js';

/** A coloured state badge; `data-state` lets tests and styles find it. */
export function badge(state, label = t(`state.${state}`)) {
  return h('span', { class: `badge badge-${state}`, dataset: { state } }, label);
}

/** An error as a person reads it: the translated code when known, else the server's message. */
export function errorBox(error) {
  const message = error?.code ? tOr(`error.${error.code}`, error.message) : String(error?.message ?? error);
  return h(
    'div',
    { class: 'error', role: 'alert' },
    t('common.error', { message }),
    error?.reasons?.length
      ? h(
          'ul',
          {},
          error.reasons.map((r) => h('li', {}, h('code', {}, r.field), ': ', r.problem)),
        )
      : null,
  );
}

export function notice(text, kind = 'ok') {
  return h('div', { class: `notice notice-${kind}`, role: 'status' }, text);
}

/** Previous / next with "page x of y". */
export function pager(page, pageSize, total, go) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  return h(
    'div',
    { class: 'pager' },
    h('button', { type: 'button', disabled: page <= 1, onclick: () => go(page - 1), dataset: { test: 'prev' } }, t('common.prev')),
    h('span', { dataset: { test: 'page-info' } }, t('common.page', { page, pages, total })),
    h('button', { type: 'button', disabled: page >= pages, onclick: () => go(page + 1), dataset: { test: 'next' } }, t('common.next')),
  );
}

/** A labelled select of values with counts; '' means all. */
export function select(name, label, options, value) {
  return h(
    'label',
    {},
    label,
    h(
      'select',
      { name },
      h('option', { value: '' }, t('common.all')),
      options.map((o) =>
        h('option', { value: o.value, selected: o.value === value }, o.label ?? o.value, o.n !== undefined ? ` (${o.n})` : ''),
      ),
    ),
  );
}

export function section(title, ...children) {
  return h('section', {}, h('h2', {}, title), children);
}

/**
 * Draws a page now and again every `everyMs` until the view is left: `load` fetches, `build` makes the page. A
 * failed load shows the error and is tried again at the next refresh. Returns the function that stops it.
 */
export async function refreshing(root, everyMs, load, build) {
  let timer;
  let stopped = false;
  const draw = async () => {
    try {
      const data = await load();
      if (!stopped) mount(root, build(data));
    } catch (error) {
      if (!stopped) mount(root, errorBox(error));
    }
    if (!stopped) timer = setTimeout(draw, everyMs);
  };
  await draw();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
