export { freePort } from '@lienthong/runtime/testing/free-port';
