import { PermanentFailure } from '@lienthong/messaging';
import type { OperatorOrderDetails, PostalOrderRequest } from '../postal/postal.port';

/**
 * How an order the operator already had (409 ORDER_EXISTS) differs from the order the bus means: one line per
 * field, e.g. `receiver.name: the operator's order has "A", this one "B"`. Empty when it is the same order.
 *
 * An order number can be another client's: a previous installation of the bus, a store restored from an older
 * backup, a staging system on the same postal account. Adopting such an order would make the bus wait for a
 * stranger's parcel. So the order is compared on what identifies a shipment, as far as the operator shows it:
 * the service (and so the purpose), the receiver and the parcel. Text is compared after Unicode normalization,
 * with spacing and letter case ignored; phone numbers with `+84` read as `0`. A field the operator's answer
 * does not show is not compared, but an answer that shows none of them cannot be recognised as this order.
 */
export function orderDifferences(meant: PostalOrderRequest, found: OperatorOrderDetails): string[] {
  const differences: string[] = [];
  let compared = 0;
  const compare = (
    field: string,
    ours: string | number | undefined,
    theirs: string | number | undefined,
    same: (a: string, b: string) => boolean = sameText,
  ): void => {
    if (ours === undefined || theirs === undefined) return;
    compared += 1;
    if (!same(String(ours), String(theirs)))
      differences.push(`${field}: the operator's order has ${JSON.stringify(theirs)}, this one ${JSON.stringify(ours)}`);
  };
  compare('serviceCode', meant.serviceCode, found.serviceCode, (a, b) => a === b);
  const receiver = found.receiver ?? {};
  compare('receiver.name', meant.receiver.name, receiver.name);
  compare('receiver.phone', meant.receiver.phone, receiver.phone, (a, b) => phone(a) === phone(b));
  compare('receiver.line', meant.receiver.line, receiver.line);
  compare('receiver.ward', meant.receiver.ward, receiver.ward);
  compare('receiver.province', meant.receiver.province, receiver.province);
  compare('receiver.provinceCode', meant.receiver.provinceCode, receiver.provinceCode);
  const parcel = found.parcel ?? {};
  compare('parcel.itemCount', meant.parcel.itemCount, parcel.itemCount);
  compare('parcel.weightGrams', meant.parcel.weightGrams, parcel.weightGrams);
  compare('parcel.contentNote', meant.parcel.contentNote, parcel.contentNote);
  compare('codAmount', meant.codAmount ?? 0, found.codAmount);
  if (compared === 0)
    return [
      "the operator's answer shows neither the service, the receiver nor the parcel of its order, so it cannot be recognised as this one",
    ];
  return differences;
}

/** The operator already has this order number for another shipment: adopting it would track a stranger's parcel. */
export class OrderNumberTaken extends PermanentFailure {
  constructor(orderNumber: string, trackingCode: string, status: number, differences: readonly string[]) {
    super(
      'POSTAL.ORDER_NUMBER_TAKEN',
      `order number ${orderNumber} is already taken at the postal operator by another shipment (${trackingCode}, status ${status}), not adopted: ${differences.join('; ')}. ` +
        'Another client (an earlier installation, a restored backup, a staging system) used the same postal account (POSTAL_CLIENT_ID); ' +
        'give each installation its own account, then replay this dead letter, or discard it and arrange the shipment by hand',
    );
  }
}

const sameText = (a: string, b: string): boolean => plain(a) === plain(b);
const plain = (text: string): string => text.normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('vi');
const phone = (text: string): string => text.replace(/[\s.-]/g, '').replace(/^\+84/, '0');
