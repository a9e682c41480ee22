import { IncomingMessage, Server, ServerResponse, createServer } from 'node:http';
import { setTimeout as delay } from 'node:timers/promises';
import { handleAdmin } from '../admin/admin.handler';
import { handleTokenRequest } from '../auth/oauth.handler';
import { FaultDecision } from '../faults/fault.injector';
import { PostalEndpoint } from '../faults/fault.config';
import { handleCancelOrder, handleCreateOrder, handleGetOrder } from '../orders/orders.handler';
import { SimulatorCore } from '../simulator.core';
import { BodyError, Reply, parseJsonBody, readBody, reply, writeReply } from './http.kit';

const MAX_BODY_BYTES = 1_048_576;

/** The contract's routes; `[^/]+` matches on the raw path, so an encoded `/` (%2F) stays in the order number. */
const API_ROUTES: readonly { method: string; pattern: RegExp; endpoint: PostalEndpoint }[] = [
  { method: 'POST', pattern: /^\/oauth\/token$/, endpoint: 'token' },
  { method: 'POST', pattern: /^\/v1\/orders$/, endpoint: 'createOrder' },
  { method: 'GET', pattern: /^\/v1\/orders\/([^/]+)$/, endpoint: 'getOrder' },
  { method: 'POST', pattern: /^\/v1\/orders\/([^/]+)\/cancel$/, endpoint: 'cancelOrder' },
];

interface RouteMatch {
  endpoint: PostalEndpoint;
  orderNumber: string;
}

function matchRoute(method: string, path: string): RouteMatch | Reply {
  const candidates = API_ROUTES.map((route) => ({ route, match: route.pattern.exec(path) })).filter((c) => c.match);
  if (candidates.length === 0) return reply(404, { code: 'NOT_FOUND', message: `no such endpoint: ${path}` });
  const hit = candidates.find((c) => c.route.method === method);
  if (!hit)
    return reply(
      405,
      { code: 'METHOD_NOT_ALLOWED', message: `${method} is not allowed on ${path}` },
      { Allow: candidates.map((c) => c.route.method).join(', ') },
    );
  try {
    return { endpoint: hit.route.endpoint, orderNumber: hit.match![1] === undefined ? '' : decodeURIComponent(hit.match![1]) };
  } catch {
    return reply(400, { code: 'VALIDATION', errors: [{ field: 'orderNumber', problem: 'is not valid percent-encoding' }] });
  }
}

function bearerToken(req: IncomingMessage): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '')?.[1];
}

const unauthorized = (message: string): Reply =>
  reply(401, { code: 'UNAUTHORIZED', message }, { 'WWW-Authenticate': 'Bearer realm="postal", error="invalid_token"' });

/** 401 for a missing, unknown or expired token; an expired one must be renewed at /oauth/token. */
function authenticate(req: IncomingMessage, core: SimulatorCore): Reply | undefined {
  const token = bearerToken(req);
  if (!token) return unauthorized('send Authorization: Bearer <access_token> from POST /oauth/token');
  const check = core.tokens.check(token);
  if (check === 'expired') return unauthorized('the access token has expired; request a new one at POST /oauth/token');
  if (check === 'unknown') return unauthorized('the access token is not known');
  return undefined;
}

function handleApi(route: RouteMatch, req: IncomingMessage, rawBody: string, core: SimulatorCore): Reply {
  const contentType = req.headers['content-type'];
  if (route.endpoint === 'token') {
    const credentials = { clientId: core.settings.clientId, clientSecret: core.settings.clientSecret };
    return handleTokenRequest({ authorization: req.headers.authorization, contentType, rawBody }, credentials, core.tokens);
  }
  const refused = authenticate(req, core);
  if (refused) return refused;
  switch (route.endpoint) {
    case 'createOrder':
      return handleCreateOrder(rawBody, contentType, core.orders, (orderNumber) => core.faults.refusal(orderNumber));
    case 'getOrder':
      return handleGetOrder(route.orderNumber, core.orders);
    case 'cancelOrder':
      return handleCancelOrder(route.orderNumber, rawBody, contentType, core.orders);
  }
}

/** Answers with the injected fault; `hang` answers nothing (the socket is closed only by the client or close()). */
function faultReply(fault: FaultDecision, req: IncomingMessage, core: SimulatorCore): Reply | 'hang' {
  const retryAfter: Record<string, string> = fault.retryAfterSeconds === null ? {} : { 'Retry-After': String(fault.retryAfterSeconds) };
  switch (fault.kind) {
    case 'hang':
      return 'hang';
    case 'unavailable':
      return reply(503, { code: 'SERVICE_UNAVAILABLE', message: 'the postal service is temporarily unavailable' }, retryAfter);
    case 'rateLimit':
      return reply(429, { code: 'RATE_LIMITED', message: 'too many requests; retry after the Retry-After delay' }, retryAfter);
    case 'serverError':
      return reply(500, { code: 'INTERNAL_ERROR', message: 'internal error at the postal service' });
    case 'tokenExpiry': {
      const token = bearerToken(req);
      if (token) core.tokens.expire(token);
      return unauthorized('the access token has expired; request a new one at POST /oauth/token');
    }
  }
}

async function handle(req: IncomingMessage, res: ServerResponse, core: SimulatorCore, closing: AbortSignal): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://postal-simulator');
  const method = req.method ?? 'GET';
  const rawBody = await readBody(req, MAX_BODY_BYTES);
  if (url.pathname.startsWith('/_admin/')) {
    const answer = handleAdmin(method, url.pathname, url.searchParams, parseJsonBody(rawBody), core);
    return writeReply(res, answer ?? reply(404, { code: 'NOT_FOUND', message: `no admin endpoint ${method} ${url.pathname}` }));
  }
  const route = matchRoute(method, url.pathname);
  if ('status' in route) return writeReply(res, route);
  const latency = core.faults.latencyMs();
  if (latency > 0) await delay(latency, undefined, { signal: closing });
  const fault = core.faults.decide(route.endpoint);
  if (fault && !fault.afterCommit) {
    const answer = faultReply(fault, req, core);
    return answer === 'hang' ? undefined : writeReply(res, answer);
  }
  const answer = handleApi(route, req, rawBody, core);
  const final = fault ? faultReply(fault, req, core) : answer;
  if (final !== 'hang') writeReply(res, final);
}

/** The HTTP face of the simulator: contract API, injected faults, and the admin API. */
export function createApiServer(core: SimulatorCore, closing: AbortSignal): Server {
  return createServer((req, res) => {
    handle(req, res, core, closing).catch((error: unknown) => {
      if (closing.aborted || res.headersSent || res.destroyed) return;
      if (error instanceof BodyError) return writeReply(res, error.reply);
      core.settings.log(`request ${req.method} ${req.url} crashed: ${error instanceof Error ? error.stack : String(error)}`);
      writeReply(res, reply(500, { code: 'INTERNAL_ERROR', message: 'unexpected simulator error (see its log)' }));
    });
  });
}
