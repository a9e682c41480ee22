import { Reply, reply } from '../http/http.kit';
import { SimulatorCore } from '../simulator.core';

/**
 * The test and demo control surface under `/_admin/…`: never faulted, never authenticated
 * (the simulator binds to 127.0.0.1 by default). Returns undefined for paths it does not know.
 */
export function handleAdmin(method: string, path: string, query: URLSearchParams, body: unknown, core: SimulatorCore): Reply | undefined {
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /_admin/health':
      return reply(200, { status: 'ok' });
    case 'GET /_admin/faults':
      return reply(200, core.faults.current());
    case 'PUT /_admin/faults':
    case 'PATCH /_admin/faults': {
      const checked = core.configureFaults(body ?? {}, method === 'PATCH');
      return checked.ok
        ? reply(200, checked.value)
        : reply(400, { code: 'VALIDATION', message: 'invalid fault configuration', errors: checked.errors });
    }
    case 'GET /_admin/orders':
      return reply(200, core.orders.list());
    case 'POST /_admin/orders': {
      const seeded = core.seedOrder(body);
      if (!seeded.ok) return reply(400, { code: 'VALIDATION', message: 'invalid order to seed', errors: seeded.errors });
      if (seeded.value.outcome === 'exists')
        return reply(409, {
          code: 'ORDER_EXISTS',
          message: `order "${seeded.value.order.orderNumber}" already exists`,
          order: seeded.value.order,
        });
      return reply(201, seeded.value.order);
    }
    case 'GET /_admin/webhooks': {
      const orderNumber = query.get('orderNumber');
      const log = core.webhooks.log();
      return reply(200, orderNumber ? log.filter((a) => a.orderNumber === orderNumber) : log);
    }
    case 'POST /_admin/tokens/expire':
      return reply(200, { expired: core.tokens.expireAll() });
    case 'POST /_admin/reset':
      core.reset();
      return reply(200, { status: 'reset' });
  }
  const advance = /^\/_admin\/orders\/([^/]+)\/advance$/.exec(path);
  if (method === 'POST' && advance) {
    const orderNumber = decodeURIComponent(advance[1]);
    const result = core.advance(orderNumber);
    if (result.outcome === 'not-found') return reply(404, { code: 'ORDER_NOT_FOUND', message: `no order "${orderNumber}"` });
    if (result.outcome === 'final') {
      return reply(409, {
        code: 'FINAL_STATUS',
        message: `order "${orderNumber}" is at final status ${result.order.status}`,
        order: result.order,
      });
    }
    return reply(200, result.order);
  }
  return undefined;
}
