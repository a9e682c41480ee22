import { deputySigner } from './department.workflow';

describe('deputySigner', () => {
  it.each([
    ['Sở Kế hoạch và Đầu tư', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
    ['Ban Dân tộc', 'KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN'],
    ['Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn', 'KT. TRƯỞNG BAN', 'PHÓ TRƯỞNG BAN'],
    ['Thanh tra tỉnh', 'KT. CHÁNH THANH TRA', 'PHÓ CHÁNH THANH TRA'],
    ['Bảo hiểm xã hội tỉnh Lạng Sơn', 'KT. GIÁM ĐỐC', 'PHÓ GIÁM ĐỐC'],
  ])('%s: a deputy signs for the head (%s)', (name, competence, position) => {
    expect(deputySigner(name)).toEqual({ competence, position });
  });
});
