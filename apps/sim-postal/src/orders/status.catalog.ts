/** Status codes of the contract. */
export const PostalStatus = {
  CREATED: 1,
  ASSIGNED_TO_POSTMAN: 2,
  COLLECTING: 4,
  COLLECTED: 6,
  AT_POST_OFFICE: 7,
  IN_TRANSIT: 10,
  AT_DESTINATION_OFFICE: 11,
  OUT_FOR_DELIVERY: 12,
  DELIVERED: 14,
  DELIVERY_FAILED: 15,
  COMPLETED: 19,
  RETURNED_TO_SENDER: 20,
  CANCELLED: 22,
} as const;
export type PostalStatusCode = (typeof PostalStatus)[keyof typeof PostalStatus];

/** Vietnamese status names, as the operator's tracking shows them. */
export const STATUS_NAMES: Readonly<Record<PostalStatusCode, string>> = {
  1: 'Tạo đơn hàng thành công',
  2: 'Đã phân công bưu tá nhận hàng',
  4: 'Bưu tá đang đi nhận hàng',
  6: 'Đã nhận hàng',
  7: 'Đã đến bưu cục gốc',
  10: 'Đang vận chuyển',
  11: 'Đã đến bưu cục phát',
  12: 'Đang phát hàng',
  14: 'Phát thành công',
  15: 'Phát không thành công',
  19: 'Hoàn tất',
  20: 'Đã chuyển hoàn về người gửi',
  22: 'Đã hủy',
};

/** The contract allows cancellation only before the parcel is collected. */
const CANCELLABLE: ReadonlySet<number> = new Set([1, 2, 4]);
/** After these a shipment never moves again. */
const FINAL: ReadonlySet<number> = new Set([19, 20, 22]);

/** Each status's successor; 12 forks on the delivery outcome. */
const SUCCESSOR: Readonly<Partial<Record<number, PostalStatusCode>>> = {
  1: 2,
  2: 4,
  4: 6,
  6: 7,
  7: 10,
  10: 11,
  11: 12,
  14: 19,
  15: 20,
};

export const isCancellable = (status: number): boolean => CANCELLABLE.has(status);
export const isFinal = (status: number): boolean => FINAL.has(status);

/**
 * The next status on the happy path 1 → 2 → 4 → 6 → 7 → 10 → 11 → 12 → 14 → 19, or on the failure
 * path … 12 → 15 → 20 when `deliveryFails()` says so; undefined once final. `deliveryFails` is
 * asked only when leaving 12, so a per-order failure can be configured while the parcel travels.
 */
export function nextStatus(current: number, deliveryFails: () => boolean): PostalStatusCode | undefined {
  if (current === PostalStatus.OUT_FOR_DELIVERY) {
    return deliveryFails() ? PostalStatus.DELIVERY_FAILED : PostalStatus.DELIVERED;
  }
  return SUCCESSOR[current];
}

/**
 * The statuses a shipment passes through to reach `target`, creation first: the happy path, the failure path
 * (… 12 → 15 → 20) for 15 and 20, or 1 → 22 for a cancelled order. Undefined when no shipment reaches it.
 */
export function pathTo(target: number): PostalStatusCode[] | undefined {
  if (target === PostalStatus.CANCELLED) return [PostalStatus.CREATED, PostalStatus.CANCELLED];
  const fails = target === PostalStatus.DELIVERY_FAILED || target === PostalStatus.RETURNED_TO_SENDER;
  const path: PostalStatusCode[] = [PostalStatus.CREATED];
  while (path[path.length - 1] !== target) {
    const next = nextStatus(path[path.length - 1], () => fails);
    if (next === undefined) return undefined;
    path.push(next);
  }
  return path;
}
