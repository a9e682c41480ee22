import { forwardedHeaders } from './postal-webhook.forwarder';

describe('forwardedHeaders', () => {
  it('passes the body type and the X-Postal-* signature headers, not cookies or credentials', () => {
    const headers = forwardedHeaders(
      {
        'content-type': 'application/json',
        'content-length': '999',
        'x-postal-transaction': 'T-1',
        'x-postal-timestamp': '1700000000',
        'x-postal-signature': 'sha256=ab',
        cookie: 'lt_session=x',
        authorization: 'Bearer y',
        host: 'bus',
      },
      '10.0.0.7',
      42,
    );
    expect(headers).toEqual({
      'content-length': '42',
      'content-type': 'application/json',
      'x-postal-transaction': 'T-1',
      'x-postal-timestamp': '1700000000',
      'x-postal-signature': 'sha256=ab',
      'x-forwarded-for': '10.0.0.7',
    });
  });

  it('appends to an existing X-Forwarded-For', () => {
    expect(forwardedHeaders({ 'x-forwarded-for': '1.1.1.1' }, '10.0.0.7', 0)['x-forwarded-for']).toBe('1.1.1.1, 10.0.0.7');
  });
});
