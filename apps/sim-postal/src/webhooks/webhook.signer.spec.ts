import { signWebhook } from './webhook.signer';

// Expected values computed outside the code under test:
//   printf '%s' '<timestamp>.<body>' | openssl dgst -sha256 -hmac '<secret>'
describe('signWebhook', () => {
  it('signs "<timestamp>.<raw body>" with HMAC-SHA256 and the sha256= prefix', () => {
    const body = '{"orderNumber":"KQ-1","statusCode":14,"statusName":"Phát thành công"}';
    expect(signWebhook('lienthong-webhook-secret', 1700000000, body)).toBe(
      'sha256=22642094d2d66a98157c37d82d9bee8123eac6d77808b86c953d8806d45fe5dd',
    );
  });

  it('signs an empty body over "<timestamp>."', () => {
    expect(signWebhook('k', 1700000000, '')).toBe('sha256=5c2999a43333a6877f49c8003f235c4f6de40f85b1b7414b70bd470a8db53d97');
  });

  it('changes with the timestamp, so each retry carries a fresh signature', () => {
    expect(signWebhook('k', 1700000001, '{}')).not.toBe(signWebhook('k', 1700000000, '{}'));
  });
});
