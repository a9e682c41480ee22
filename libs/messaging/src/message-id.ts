import { randomFillSync } from 'node:crypto';

const POOL_BYTES = 4096;
let pool = Buffer.alloc(0);
let offset = POOL_BYTES;

/**
 * A new `message_id`: a time-ordered UUID (version 7, RFC 9562: 48 bits of Unix milliseconds, then 74 random bits).
 * Consumers keep every id they handled in their inbox, a B-tree keyed by it; ids that grow with time are appended at
 * its end instead of landing on random pages, so a commit writes a few pages instead of one per message (on SQLite
 * a quarter of the CPU of an insert into a large inbox). Unique without coordination like a random UUID: two ids of
 * the same millisecond differ in 74 random bits.
 */
export function newMessageId(now = Date.now()): string {
  if (offset + 10 > POOL_BYTES) {
    pool = randomFillSync(Buffer.allocUnsafe(POOL_BYTES));
    offset = 0;
  }
  const bytes = Buffer.allocUnsafe(16);
  bytes.writeUIntBE(now, 0, 6);
  pool.copy(bytes, 6, offset, offset + 10);
  offset += 10;
  bytes[6] = (bytes[6] & 0x0f) | 0x70; // version 7
  bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant 10
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
