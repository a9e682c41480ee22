import { PermanentFailure } from '@lienthong/messaging';

/** The operator refused a cancel because the parcel is already on its way (status other than 1, 2, 4). */
export class PostalNotCancellable extends PermanentFailure {
  constructor(
    readonly orderNumber: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(
      'POSTAL.NOT_CANCELLABLE',
      `order "${orderNumber}" cannot be cancelled any more${status === undefined ? '' : ` (status ${status})`}: ${detail}`,
    );
  }
}
