import { createHash, timingSafeEqual } from 'node:crypto';
import { BodyError, Reply, isJsonContent, parseJsonBody, reply } from '../http/http.kit';
import { isRecord } from '../shared/field-problem';
import { TokenStore } from './token.store';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** Compares through fixed-length digests so the comparison time says nothing about the secret. */
const sameSecret = (a: string, b: string): boolean =>
  timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());

/** Reads `Authorization: Basic base64(clientId:clientSecret)`; the secret may itself contain `:`. */
function basicCredentials(authorization: string | undefined): ClientCredentials | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

/** The grant type from a form (`application/x-www-form-urlencoded`, the OAuth default) or JSON body. */
function grantType(raw: string, contentType: string | undefined): string | undefined {
  if (isJsonContent(contentType)) {
    const body = parseJsonBody(raw);
    return isRecord(body) && typeof body.grant_type === 'string' ? body.grant_type : undefined;
  }
  return new URLSearchParams(raw).get('grant_type') ?? undefined;
}

/** Errors use the RFC 6749 shape, which OAuth client libraries understand. */
const oauthError = (status: number, error: string, description: string, headers?: Record<string, string>): Reply =>
  reply(status, { error, error_description: description }, headers);

/** `POST /oauth/token`: client-credentials grant with HTTP Basic client authentication. */
export function handleTokenRequest(
  request: { authorization?: string; contentType?: string; rawBody: string },
  expected: ClientCredentials,
  tokens: TokenStore,
): Reply {
  let grant: string | undefined;
  try {
    grant = grantType(request.rawBody, request.contentType);
  } catch (error) {
    if (error instanceof BodyError) return oauthError(400, 'invalid_request', 'body is not valid JSON');
    throw error;
  }
  const client = basicCredentials(request.authorization);
  if (!client || client.clientId !== expected.clientId || !sameSecret(client.clientSecret, expected.clientSecret)) {
    return oauthError(401, 'invalid_client', 'send HTTP Basic clientId:clientSecret of a registered client', {
      'WWW-Authenticate': 'Basic realm="postal"',
    });
  }
  if (grant === undefined) return oauthError(400, 'invalid_request', 'grant_type is required');
  if (grant !== 'client_credentials') return oauthError(400, 'unsupported_grant_type', 'only client_credentials is supported');
  const { accessToken, expiresIn } = tokens.issue();
  return reply(200, { access_token: accessToken, token_type: 'Bearer', expires_in: expiresIn });
}
