/**
 * Closed sets of string values used in message bodies. Each is a readonly tuple (what the decorators and
 * the JSON Schemas read) plus the union type of its members (what code uses).
 */

/** How a dossier reached the Center: direct (1), online (2), via postal service (3). */
export const CHANNELS = ['direct', 'online', 'postal'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Who received a dossier at the Center. */
export const RECEIVER_KINDS = ['department-officer', 'postal-staff'] as const;
export type ReceiverKind = (typeof RECEIVER_KINDS)[number];

/** Whether the applicant is a person (identified by CCCD) or a business (identified by tax code). */
export const APPLICANT_KINDS = ['citizen', 'business'] as const;
export type ApplicantKind = (typeof APPLICANT_KINDS)[number];

/** Where the result goes back to the applicant: the Center counter, or delivery by post. */
export const RETURN_METHODS = ['center', 'postal'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** Kind of copy of a dossier component. */
export const COPY_TYPES = ['original', 'copy', 'electronic'] as const;
export type CopyType = (typeof COPY_TYPES)[number];

/** Where a department appraises: at the Center, or online at the department. */
export const APPRAISAL_MODES = ['at-center', 'online'] as const;
export type AppraisalMode = (typeof APPRAISAL_MODES)[number];

/** Outcome of an appraisal. */
export const APPRAISAL_OUTCOMES = ['approve', 'supplement', 'reject'] as const;
export type AppraisalOutcome = (typeof APPRAISAL_OUTCOMES)[number];

/** Who prints, stamps and releases a result: a department officer, or the Center clerk when delegated to the Post. */
export const ISSUER_KINDS = ['department-officer', 'center-clerk'] as const;
export type IssuerKind = (typeof ISSUER_KINDS)[number];

/** Who collected a result at the counter. */
export const RESULT_RECIPIENTS = ['applicant', 'authorized-person'] as const;
export type ResultRecipient = (typeof RESULT_RECIPIENTS)[number];

/** What a postal shipment carries: a result to a citizen, or an archive batch to a department. */
export const SHIPMENT_PURPOSES = ['result-delivery', 'archive-handover'] as const;
export type ShipmentPurpose = (typeof SHIPMENT_PURPOSES)[number];

/** State of an archive-handover batch. */
export const HANDOVER_STATES = ['dispatched', 'delivered', 'acknowledged'] as const;
export type HandoverState = (typeof HANDOVER_STATES)[number];

/**
 * Postal status codes (postal-rest.md) and the stable name the bus publishes with each, in
 * `postal.shipment-updated` as `statusCode` and `status`.
 */
export const POSTAL_STATUS_BY_CODE = {
  1: 'created',
  2: 'assigned',
  4: 'collecting',
  6: 'collected',
  7: 'at-post-office',
  10: 'in-transit',
  11: 'arrived',
  12: 'out-for-delivery',
  14: 'delivered',
  15: 'delivery-failed',
  19: 'completed',
  20: 'returned-to-sender',
  22: 'cancelled',
} as const;
export type PostalStatusCode = keyof typeof POSTAL_STATUS_BY_CODE;
export type PostalStatus = (typeof POSTAL_STATUS_BY_CODE)[PostalStatusCode];

/** Every postal status code, ascending. */
export const POSTAL_STATUS_CODES = Object.keys(POSTAL_STATUS_BY_CODE).map(Number) as readonly PostalStatusCode[];

/** Every postal status name, in code order. */
export const POSTAL_STATUSES = POSTAL_STATUS_CODES.map((code) => POSTAL_STATUS_BY_CODE[code]) as readonly PostalStatus[];
