export const SERVICE_INFO = Symbol('SERVICE_INFO');

/** Who this process is, for health, metrics and logs. */
export interface ServiceInfo {
  readonly service: string;
  readonly version: string;
  readonly startedAt: number;
}
