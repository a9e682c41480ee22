/**
 * The RabbitMQ definitions of a deployment (`deploy/rabbitmq/definitions.json`, applied by `npm run ops -- rabbitmq
 * setup`), built from the bus's flow as its code says (`rabbitmq.flow.ts`), the routing map (`exchangeOf`, each type's
 * producing system) and the broker topology the services declare (`libs/messaging` topology, heartbeats):
 *
 * - one user per deployed bus service (`lienthong-<service>`) and per outside system of the routing map (`onestop`);
 * - a bus service configures only its own queue and retry queues and the exchanges it declares at start (all three);
 *   writes (topic permissions, per exchange) only the types it publishes, each on the exchange of its type, and its
 *   own heartbeat on `lienthong.ops`; binds (topic read) only the types its handlers consume;
 * - the console (the heartbeat listener) also binds `heartbeat.#` on `lienthong.ops` to a server-named queue, and has
 *   the `management` tag to read queue depths;
 * - the one-stop user publishes only its own prefix (`onestop.`) on `lienthong.events`, binds only types the bus
 *   publishes there (exactly, or `<word>.#` / `<word>.*` where every contract type under the word is the bus's), and
 *   has no permission at all on `lienthong.internal` or `lienthong.ops`, nor on any queue but its own.
 *
 * Every user has a topic permission on every exchange of the vhost, `^$` (nothing) where it may do nothing: RabbitMQ
 * allows every routing key on an exchange for which a user has no topic permission, so an explicit "nothing" keeps a
 * later widening of a resource permission from opening every key. Where a permission is wider than the flow needs,
 * the reason is with the rule below (and in docs/configuration.md).
 */
import { EXCHANGE, EXCHANGE_TYPE, INTERNAL_EXCHANGE, MESSAGES, MESSAGE_TYPES, type MessageType, exchangeOf } from '@lienthong/contracts';
import { HEARTBEAT_BINDING, HEARTBEAT_ROUTING_PREFIX, OPS_EXCHANGE } from '@lienthong/runtime/heartbeat.message';
import type { Definitions } from '../apps/console/src/ops/rabbitmq.setup';
import type { ServiceFlow } from './rabbitmq.flow';

/** The vhost of the bus (every `AMQP_URL` of `deploy/env` ends with it). */
export const VHOST = 'lienthong';

/** The one-stop system's own queue (the console's `ONESTOP_QUEUE` default, the contract's example). */
export const ONESTOP_QUEUE = 'onestop.inbox';

/** The exchanges of the vhost, as the services declare them (topic, durable); setup creates them so outside systems can bind first. */
export const EXCHANGES = [EXCHANGE, INTERNAL_EXCHANGE, OPS_EXCHANGE] as const;

/** Services that read queue depths through the management API (tag `management`) and listen to every heartbeat. */
const CONSOLE = 'console';

/** The user a bus service connects with. */
export const busUser = (service: string): string => `lienthong-${service}`;

/**
 * Retry queues `lienthong.<service>.retry.<level>.<delay>` (`retryQueueName`): any level and delay, so that a change of
 * the retry ladder needs no new permissions. Only names in the service's own namespace.
 */
const RETRY_SUFFIX = String.raw`(\.retry\.[0-9]+\.[0-9]+(ms|s|m))?`;

/** Queues RabbitMQ names itself (`amq.gen-…`): the console's exclusive, auto-delete heartbeat queue. */
const SERVER_NAMED = String.raw`amq\.gen-.+`;

/** The default exchange as permissions name it. */
const DEFAULT_EXCHANGE = 'amq.default';

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A regular expression matching exactly these names (already escaped patterns), or nothing (`^$`). */
function exactly(patterns: readonly string[]): string {
  if (patterns.length === 0) return '^$';
  return patterns.length === 1 ? `^${patterns[0]}$` : `^(${patterns.join('|')})$`;
}

const names = (list: readonly string[]): string[] => list.map(escape);

/** Builds the definitions from the flow of every deployed bus service. */
export function buildDefinitions(flows: readonly ServiceFlow[]): Definitions {
  const outside = [...new Set(MESSAGE_TYPES.map((type) => MESSAGES[type].producer).filter((p) => p !== 'lienthong'))];
  if (outside.join() !== 'onestop')
    throw new Error(
      `the routing map names outside producers ${outside.join(', ')}; only onestop has a user and permissions here: add the others' rules`,
    );

  const users: Array<Definitions['users'][number]> = [];
  const permissions: Array<Definitions['permissions'][number]> = [];
  const topic: Array<Definitions['topic_permissions'][number]> = [];

  for (const flow of flows) {
    const user = busUser(flow.service);
    const queue = `${escape(`lienthong.${flow.service}`)}${RETRY_SUFFIX}`;
    const ownQueue = escape(`lienthong.${flow.service}`);
    const isConsole = flow.service === CONSOLE;
    const produced = [...flow.produces.keys()];
    const consumed = [...flow.consumes.keys()];
    const on = (exchange: string, types: readonly MessageType[]): MessageType[] => types.filter((type) => exchangeOf(type) === exchange);
    const publishesOn = (exchange: string): boolean => exchange === OPS_EXCHANGE || on(exchange, produced).length > 0;
    const bindsOn = (exchange: string): boolean => (exchange === OPS_EXCHANGE ? isConsole : on(exchange, consumed).length > 0);

    users.push({ name: user, tags: isConsole ? ['management'] : [] });
    permissions.push({
      user,
      vhost: VHOST,
      // Every service declares all three exchanges at start and after each reconnect (declareTopology, the heartbeat
      // publisher): declaring needs configure, which also allows deleting them. Wider than ideal; pre-declared here.
      configure: exactly([...names(EXCHANGES), queue, ...(isConsole ? [SERVER_NAMED] : [])]),
      // amq.default: retries go to the retry queues, and the console's replays back to the failed queue, through the
      // default exchange, which RabbitMQ checks only as a whole (no topic permissions on a direct exchange): a bus
      // service could put a message into any queue of the vhost by its name. Wider than ideal; see docs/configuration.md.
      // A queue needs write to be bound: the service's own queue when it consumes, the console's heartbeat queue.
      write: exactly([
        escape(DEFAULT_EXCHANGE),
        ...names(EXCHANGES.filter(publishesOn)),
        ...(consumed.length > 0 ? [ownQueue] : []),
        ...(isConsole ? [SERVER_NAMED] : []),
      ]),
      // Binding needs read on the exchange; consuming, and declaring a retry queue that dead-letters, read on the queue.
      read: exactly([...names(EXCHANGES.filter(bindsOn)), queue, ...(isConsole ? [SERVER_NAMED] : [])]),
    });
    for (const exchange of EXCHANGES) {
      const heartbeat = exchange === OPS_EXCHANGE;
      topic.push({
        user,
        vhost: VHOST,
        exchange,
        write: exactly(heartbeat ? [escape(`${HEARTBEAT_ROUTING_PREFIX}${flow.service}`)] : names(on(exchange, produced))),
        read: exactly(heartbeat ? (isConsole ? [escape(HEARTBEAT_BINDING)] : []) : names(on(exchange, consumed))),
      });
    }
  }

  users.push({ name: 'onestop', tags: [] });
  permissions.push({
    user: 'onestop',
    vhost: VHOST,
    // Its own queue only; the exchange it only checks passively (the bus declared it, and setup creates it).
    configure: exactly([escape(ONESTOP_QUEUE)]),
    write: exactly([escape(EXCHANGE), escape(ONESTOP_QUEUE)]),
    read: exactly([escape(EXCHANGE), escape(ONESTOP_QUEUE)]),
  });
  for (const exchange of EXCHANGES) {
    const contract = exchange === EXCHANGE;
    topic.push({ user: 'onestop', vhost: VHOST, exchange, write: contract ? onestopWrite() : '^$', read: contract ? onestopRead() : '^$' });
  }

  return {
    vhosts: [{ name: VHOST }],
    users,
    permissions,
    topic_permissions: topic,
    exchanges: EXCHANGES.map((name) => ({
      name,
      vhost: VHOST,
      type: EXCHANGE_TYPE,
      durable: true,
      auto_delete: false,
      internal: false,
      arguments: {},
    })),
  };
}

/**
 * The one-stop system publishes its own prefix (`^onestop\.`, as the contract puts it), so that a type added to its side
 * of the contract needs no new permission; no other system's type starts with it.
 */
function onestopWrite(): string {
  const own = MESSAGE_TYPES.filter((type) => MESSAGES[type].producer === 'onestop');
  const prefixes = [...new Set(own.map((type) => type.split('.')[0]))];
  if (prefixes.length !== 1)
    throw new Error(`the one-stop system's types do not share one first word (${prefixes.join(', ')}); say which prefixes it may publish`);
  const others = MESSAGE_TYPES.filter((type) => MESSAGES[type].producer !== 'onestop' && type.startsWith(`${prefixes[0]}.`));
  if (others.length > 0)
    throw new Error(`${others.join(', ')} start with the one-stop system's prefix ${prefixes[0]}. but are not its own`);
  return `^${escape(prefixes[0])}\\.`;
}

/**
 * The one-stop system binds the contract types the bus publishes on `lienthong.events`: each exactly, and `<word>.#` or
 * `<word>.*` for a first word under which every contract type is the bus's (`dossier.#`, `decision.#`, as the contract
 * suggests), so such a binding can never deliver anything else. `#`, or a word the one-stop shares, is refused.
 */
function onestopRead(): string {
  const onContract = MESSAGE_TYPES.filter((type) => exchangeOf(type) === EXCHANGE);
  const byBus = onContract.filter((type) => MESSAGES[type].producer === 'lienthong');
  const words = [...new Set(byBus.map((type) => type.split('.')[0]))].filter((word) =>
    onContract.every((type) => !type.startsWith(`${word}.`) || MESSAGES[type].producer === 'lienthong'),
  );
  return exactly([...names(byBus), ...(words.length > 0 ? [`(${names(words).join('|')})\\.[#*]`] : [])]);
}

/** The files of some sites, without line numbers (which would make every unrelated edit a change of the page). */
const files = (sites: readonly string[]): string => [...new Set(sites.map((site) => site.replace(/:\d+$/, '')))].join(', ');

/** The definitions as the file holds them: two-space JSON, a final newline. */
export function renderDefinitions(definitions: Definitions): string {
  return `${JSON.stringify(definitions, null, 2)}\n`;
}

/**
 * A page for people (`deploy/rabbitmq/permissions.md`): who publishes and binds what on which exchange, and the resource
 * permissions, from the same definitions and flow.
 */
export function renderPermissionsPage(definitions: Definitions, flows: readonly ServiceFlow[]): string {
  const lines: string[] = [
    '<!-- Generated by `npm run rabbitmq:definitions` from the code (scripts/rabbitmq.flow.ts); do not edit. -->',
    '# RabbitMQ users and permissions (vhost `' + VHOST + '`)',
    '',
    'What each user may do, as `definitions.json` beside this page says. Why each rule, and where a permission is wider',
    'than the flow needs: `docs/configuration.md`, "RabbitMQ users and permissions".',
    '',
    '## Who publishes and binds what',
    '',
    '| user | exchange | publishes (topic write) | binds (topic read) |',
    '|---|---|---|---|',
  ];
  const show = (pattern: string): string => (pattern === '^$' ? '–' : `\`${pattern.replace(/\|/g, '\\|')}\``);
  for (const t of definitions.topic_permissions) {
    if (t.write === '^$' && t.read === '^$') continue;
    lines.push(`| \`${t.user}\` | \`${t.exchange}\` | ${show(t.write)} | ${show(t.read)} |`);
  }
  lines.push(
    '',
    'Every other (user, exchange) pair has the topic permission `^$`: nothing.',
    '',
    '## Resource permissions',
    '',
    '| user | tags | configure | write | read |',
    '|---|---|---|---|---|',
  );
  for (const p of definitions.permissions) {
    const tags = definitions.users.find((u) => u.name === p.user)?.tags ?? [];
    lines.push(
      `| \`${p.user}\` | ${(Array.isArray(tags) ? tags : [tags]).join(', ') || '–'} | ${show(p.configure)} | ${show(p.write)} | ${show(p.read)} |`,
    );
  }
  lines.push('', '## Where the code says so', '');
  for (const flow of flows) {
    lines.push(`### \`${busUser(flow.service)}\` (apps/${flow.app})`, '');
    for (const [type, sites] of flow.consumes) lines.push(`- consumes \`${type}\` on \`${exchangeOf(type)}\`: ${files(sites)}`);
    for (const [type, sites] of flow.produces) lines.push(`- publishes \`${type}\` on \`${exchangeOf(type)}\`: ${files(sites)}`);
    lines.push(`- publishes \`${HEARTBEAT_ROUTING_PREFIX}${flow.service}\` on \`${OPS_EXCHANGE}\` (its heartbeat)`);
    if (flow.service === CONSOLE)
      lines.push(`- binds \`${HEARTBEAT_BINDING}\` on \`${OPS_EXCHANGE}\` to a server-named queue (the service board)`);
    lines.push('');
  }
  return lines.join('\n');
}
