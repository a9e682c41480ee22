/** Service codes of the contract: result to a citizen, archive handover to a department, dossier collection. */
export const SERVICE_CODES = ['BCCI-KQ', 'BCCI-LT', 'BCCI-HS'] as const;
export type ServiceCode = (typeof SERVICE_CODES)[number];

/** Sender or receiver; `ward` and `provinceCode` are optional in the contract. */
export interface PostalAddress {
  name: string;
  phone: string;
  line: string;
  ward?: string;
  province: string;
  provinceCode?: string;
}

export interface Parcel {
  itemCount: number;
  weightGrams: number;
  contentNote?: string;
}

/** A `POST /v1/orders` body that passed validation (`codAmount` defaulted to 0). */
export interface CreateOrderRequest {
  orderNumber: string;
  serviceCode: ServiceCode;
  sender: PostalAddress;
  receiver: PostalAddress;
  parcel: Parcel;
  codAmount: number;
  note?: string;
}

/** One step of a shipment, as listed in `history[]` and sent in a tracking callback. */
export interface TrackingEntry {
  statusCode: number;
  statusName: string;
  note?: string;
  location?: string;
  /** `dd/MM/yyyy HH:mm:ss`, Vietnam local time. */
  occurredAt: string;
}

/** An order as `GET /v1/orders/{orderNumber}` returns it. */
export interface PostalOrder extends CreateOrderRequest {
  trackingCode: string;
  status: number;
  statusName: string;
  totalFee: number;
  createdAt: string;
  updatedAt: string;
  history: TrackingEntry[];
}
