import type { PostalAddress } from '@lienthong/contracts';
import { asciiFold } from '../shared/ascii-fold';
import type { SeededRandom } from '../shared/seeded-random';

/**
 * Realistic people, businesses and addresses of Lạng Sơn province (mã tỉnh 20). Family names lean towards
 * those common among the province's Tày and Nùng people (Hoàng, Nông, Lương, Vi, Lăng, Hà, Triệu).
 */

const FAMILY_NAMES: ReadonlyArray<readonly [string, number]> = [
  ['Nguyễn', 14],
  ['Hoàng', 12],
  ['Nông', 8],
  ['Lương', 6],
  ['Vi', 5],
  ['Lăng', 4],
  ['Hà', 5],
  ['Triệu', 4],
  ['Trần', 6],
  ['Lê', 5],
  ['Phạm', 4],
  ['Chu', 3],
  ['Lộc', 3],
  ['Đinh', 3],
  ['Vũ', 3],
  ['Dương', 3],
  ['Mông', 2],
  ['Hứa', 2],
];
const MALE_MIDDLE = ['Văn', 'Văn', 'Đức', 'Minh', 'Quang', 'Hữu', 'Thanh', 'Xuân', 'Tiến'];
const MALE_GIVEN = [
  'Đức',
  'Hùng',
  'Dũng',
  'Tuấn',
  'Hải',
  'Cường',
  'Sơn',
  'Thắng',
  'Quân',
  'Bình',
  'Khánh',
  'Long',
  'Phúc',
  'Trung',
  'Nam',
  'Tùng',
];
const FEMALE_MIDDLE = ['Thị', 'Thị', 'Thu', 'Ngọc', 'Thanh', 'Minh', 'Hồng', 'Kim'];
const FEMALE_GIVEN = [
  'Hương',
  'Thảo',
  'Lan',
  'Trang',
  'Phương',
  'Yến',
  'Nga',
  'Huyền',
  'Linh',
  'Mai',
  'Hà',
  'Nhung',
  'Vân',
  'Hạnh',
  'Thúy',
  'Oanh',
];

const BUSINESS_FORMS = ['Công ty TNHH', 'Công ty TNHH MTV', 'Công ty Cổ phần', 'Hợp tác xã'];
const BUSINESS_NAMES = [
  'Xây dựng Hoàng Long',
  'Thương mại Kỳ Lừa',
  'Vận tải Đồng Đăng',
  'Nông sản Mẫu Sơn',
  'Đầu tư Xứ Lạng',
  'Khoáng sản Bắc Sơn',
  'Thực phẩm Hữu Lũng',
  'Xăng dầu Tân Thanh',
  'Môi trường Chi Lăng',
  'Vật liệu xây dựng Cao Lộc',
  'Rượu Mẫu Sơn',
  'Dịch vụ Hữu Nghị',
  'Chế biến lâm sản Đình Lập',
  'Du lịch Tam Thanh',
  'Cơ khí Văn Lãng',
];

const URBAN_WARDS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Phường Chi Lăng', ['Bà Triệu', 'Lê Lợi', 'Hùng Vương', 'Văn Vỉ']],
  ['Phường Hoàng Văn Thụ', ['Trần Đăng Ninh', 'Ngô Quyền', 'Lê Đại Hành', 'Nguyễn Du']],
  ['Phường Tam Thanh', ['Tam Thanh', 'Ngô Gia Tự', 'Phai Vệ']],
  ['Phường Đông Kinh', ['Bà Triệu', 'Lý Thái Tổ', 'Trần Hưng Đạo', 'Mỹ Sơn']],
  ['Phường Vĩnh Trại', ['Lê Lợi', 'Ba Sơn', 'Đinh Tiên Hoàng']],
  ['Phường Kỳ Lừa', ['Bắc Sơn', 'Kỳ Lừa', 'Văn Cao']],
];
const RURAL_COMMUNES: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['Xã Mai Pha', ['Thôn Nà Chuông', 'Thôn Khòn Khuyết']],
  ['Xã Hoàng Đồng', ['Thôn Nà Lầu', 'Thôn Bản Tích']],
  ['Xã Đồng Đăng', ['Thôn Pò Mỏ', 'Khu Nam Quan']],
  ['Xã Cao Lộc', ['Thôn Còn Quyền', 'Thôn Bản Ngòn']],
  ['Xã Hữu Lũng', ['Thôn Đồng Tiến', 'Thôn Làng Hăng']],
  ['Xã Bắc Sơn', ['Thôn Vũ Lăng', 'Thôn Nà Hoa']],
];
const MOBILE_PREFIXES = ['091', '094', '088', '083', '084', '097', '098', '096', '086', '035', '036', '039', '070', '077', '081'];

/** A person: full name and the sex the CCCD encodes. */
export interface Person {
  readonly fullName: string;
  readonly female: boolean;
}

/** A random Vietnamese person. */
export function person(rng: SeededRandom): Person {
  const female = rng.chance(0.5);
  const family = rng.weighted(FAMILY_NAMES);
  const middle = rng.pick(female ? FEMALE_MIDDLE : MALE_MIDDLE);
  const given = rng.pick(female ? FEMALE_GIVEN : MALE_GIVEN);
  return { fullName: `${family} ${middle} ${given}`, female };
}

/** `ông` or `bà`, as the result's title addresses the applicant. */
export function honorific(who: Person): string {
  return who.female ? 'bà' : 'ông';
}

/**
 * A 12-digit CCCD: birth-province code 020 (Lạng Sơn), a sex-and-century digit (0/1 born 1900-1999,
 * 2/3 born 2000-2099; even male, odd female), two digits of the birth year, six random digits.
 */
export function cccd(rng: SeededRandom, who: Person, currentYear: number): string {
  const born = rng.int(currentYear - 75, currentYear - 18);
  const century = born >= 2000 ? 2 : 0;
  return `020${century + (who.female ? 1 : 0)}${String(born % 100).padStart(2, '0')}${rng.digits(6)}`;
}

/** A mobile number, `0` then 9 digits. */
export function mobilePhone(rng: SeededRandom): string {
  return `${rng.pick(MOBILE_PREFIXES)}${rng.digits(7)}`;
}

/** A Lạng Sơn landline (area code 0205), for businesses. */
export function landline(rng: SeededRandom): string {
  return `0205${rng.pick(['3', '6', '8'])}${rng.digits(6)}`;
}

/** A business: name and tax code (Lạng Sơn codes start with 49; sometimes a branch, `-001`). */
export function business(rng: SeededRandom): { fullName: string; taxCode: string } {
  const form = rng.pick(BUSINESS_FORMS);
  const name = rng.pick(BUSINESS_NAMES);
  const base = `49${rng.digits(8)}`;
  return { fullName: `${form} ${name}`, taxCode: rng.chance(0.15) ? `${base}-00${rng.int(1, 9)}` : base };
}

/** A plausible e-mail address for a name (ASCII, lower case). */
export function email(rng: SeededRandom, name: string, isBusiness: boolean): string {
  const slug = asciiFold(name)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '');
  return isBusiness ? `lienhe@${slug.slice(-18)}.com.vn` : `${slug}${rng.int(10, 99)}@gmail.com`;
}

/** A street line and ward or commune in Lạng Sơn. */
export function localAddress(rng: SeededRandom): { line: string; ward: string } {
  if (rng.chance(0.7)) {
    const [ward, streets] = rng.pick(URBAN_WARDS);
    const alley = rng.chance(0.25) ? `ngõ ${rng.int(1, 40)} ` : '';
    return { line: `Số ${rng.int(1, 260)} ${alley}đường ${rng.pick(streets)}`, ward };
  }
  const [ward, villages] = rng.pick(RURAL_COMMUNES);
  return { line: rng.pick(villages), ward };
}

/** The applicant's address as the one-stop system keeps it: one line of free text. */
export function addressLine(address: { line: string; ward: string }): string {
  return `${address.line}, ${address.ward}, tỉnh Lạng Sơn`;
}

/** A delivery address for a result sent by post. */
export function deliveryAddress(recipient: string, phone: string, address: { line: string; ward: string }): PostalAddress {
  return { recipient, phone, line: address.line, ward: address.ward, province: 'Lạng Sơn', provinceCode: '20' };
}
