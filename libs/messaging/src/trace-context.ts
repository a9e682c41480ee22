import { randomBytes } from 'node:crypto';

const TRACEPARENT = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;

/**
 * W3C trace context for a message caused by another: same trace id, a new span id (the parent's span is
 * the consumed message). Starts a new trace when the cause carried none or an invalid one.
 */
export function childTraceparent(parent: string | undefined): string {
  const match = parent ? TRACEPARENT.exec(parent) : null;
  const traceId = match && match[2] !== '0'.repeat(32) ? match[2] : randomBytes(16).toString('hex');
  const flags = match ? match[4] : '01';
  return `00-${traceId}-${randomBytes(8).toString('hex')}-${flags}`;
}
