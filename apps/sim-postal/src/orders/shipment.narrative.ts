import { PostalAddress } from './order.model';
import { PostalStatus } from './status.catalog';

/** Where a step happened and what the postman wrote, for a believable tracking history. */
export interface StepDetails {
  location?: string;
  note?: string;
}

const originOffice = (sender: PostalAddress): string => `Bưu cục trung tâm ${sender.province}`;
const destinationOffice = (receiver: PostalAddress): string =>
  receiver.ward ? `Bưu cục phát ${receiver.ward}, ${receiver.province}` : `Bưu cục phát ${receiver.province}`;
const hub = (sender: PostalAddress, receiver: PostalAddress): string =>
  sender.province === receiver.province
    ? `Trung tâm khai thác ${sender.province}`
    : `Trung tâm khai thác chia chọn Hà Nội (${sender.province} – ${receiver.province})`;

/** Vietnamese location and note for a shipment entering `status`. */
export function describeStep(status: number, sender: PostalAddress, receiver: PostalAddress, cancelReason?: string): StepDetails {
  switch (status) {
    case PostalStatus.CREATED:
      return { location: originOffice(sender), note: 'Đơn hàng được tạo qua API' };
    case PostalStatus.ASSIGNED_TO_POSTMAN:
    case PostalStatus.COLLECTING:
      return { location: originOffice(sender) };
    case PostalStatus.COLLECTED:
      return { location: `${sender.line}, ${sender.province}`, note: `Đã nhận hàng từ ${sender.name}` };
    case PostalStatus.AT_POST_OFFICE:
      return { location: originOffice(sender) };
    case PostalStatus.IN_TRANSIT:
      return { location: hub(sender, receiver) };
    case PostalStatus.AT_DESTINATION_OFFICE:
    case PostalStatus.OUT_FOR_DELIVERY:
      return { location: destinationOffice(receiver) };
    case PostalStatus.DELIVERED:
      return { location: `${receiver.line}, ${receiver.province}`, note: `Người nhận: ${receiver.name}` };
    case PostalStatus.DELIVERY_FAILED:
      return { location: `${receiver.line}, ${receiver.province}`, note: 'Người nhận vắng nhà, không liên lạc được qua điện thoại' };
    case PostalStatus.COMPLETED:
      return { location: destinationOffice(receiver), note: 'Đã đối soát hoàn tất' };
    case PostalStatus.RETURNED_TO_SENDER:
      return { location: originOffice(sender), note: `Đã chuyển hoàn cho ${sender.name}` };
    case PostalStatus.CANCELLED:
      return { location: originOffice(sender), note: cancelReason ?? 'Hủy theo yêu cầu của khách hàng' };
    default:
      return {};
  }
}
