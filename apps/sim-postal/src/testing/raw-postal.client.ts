/**
 * The thinnest possible client of the postal contract, for the simulator's own tests: plain fetch,
 * no retries, no knowledge of the simulator's code. Answers are returned raw for assertions.
 */
export interface RawAnswer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- test assertions read arbitrary JSON fields; typing them would only add casts
  body: any;
}

export const basicAuth = (id: string, secret: string): string => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

export async function call(
  baseUrl: string,
  method: string,
  path: string,
  init: { token?: string; json?: unknown; headers?: Record<string, string>; rawBody?: string; signal?: AbortSignal } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token) headers.Authorization = `Bearer ${init.token}`;
  let body = init.rawBody;
  if (init.json !== undefined) {
    headers['Content-Type'] ??= 'application/json';
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body, signal: init.signal });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = text === '' ? undefined : JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: res.status, headers: res.headers, body: parsed };
}

/** client_credentials grant with HTTP Basic, form-encoded as OAuth clients send it. */
export async function fetchToken(baseUrl: string, id = 'lienthong', secret = 'lienthong-secret'): Promise<string> {
  const answer = await call(baseUrl, 'POST', '/oauth/token', {
    headers: { Authorization: basicAuth(id, secret), 'Content-Type': 'application/x-www-form-urlencoded' },
    rawBody: 'grant_type=client_credentials',
  });
  if (answer.status !== 200) throw new Error(`token request failed: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.access_token as string;
}

/** A valid order body per the contract, with `orderNumber` and any top-level overrides. */
export function orderBody(orderNumber: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    orderNumber,
    serviceCode: 'BCCI-KQ',
    sender: {
      name: 'Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn',
      phone: '02053812345',
      line: 'Số 2 đường Hùng Vương',
      ward: 'Phường Chi Lăng',
      province: 'Lạng Sơn',
      provinceCode: '20',
    },
    receiver: { name: 'Nguyễn Thị Hoa', phone: '0912345678', line: 'Số 15 ngõ 3 Bà Triệu', province: 'Hà Nội' },
    parcel: { itemCount: 1, weightGrams: 250, contentNote: 'Giấy phép xây dựng' },
    ...overrides,
  };
}
