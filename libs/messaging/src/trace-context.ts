import { randomFillSync } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/** Random bytes drawn in 4 KiB at a time: ids are made per published message, and one draw each was measurable. */
const pool = Buffer.alloc(4096);
let offset = pool.length;

function randomHex(bytes: number): string {
  if (offset + bytes > pool.length) {
    randomFillSync(pool);
    offset = 0;
  }
  const hex = pool.toString('hex', offset, offset + bytes);
  offset += bytes;
  return hex;
}

/**
 * W3C trace context for a message caused by another: same trace id, a new span id (the parent's span is
 * the consumed message). Starts a new trace when the cause carried none or an invalid one.
 */
export function childTraceparent(parent: string | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const traceId = match && match[2] !== '0'.repeat(32) ? match[2] : randomHex(16);
  const flags = match ? match[4] : '01';
  return `00-${traceId}-${randomHex(8)}-${flags}`;
}
