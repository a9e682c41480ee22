import { Departments, parseDepartments } from '@lienthong/config';

/**
 * Six departments of config/departments.yaml, inline so unit specs need no file I/O: every combination of appraisal ×
 * approval × delegated to the Post among the first four, and two whose abbreviations keep Vietnamese letters or '&'.
 */
export function testDepartments(): Departments {
  const archive = (name: string) =>
    `{ address: { recipient: "Văn thư ${name}", phone: "02053870111", line: "Số 5 đường Lê Lợi", ward: "Phường Vĩnh Trại", province: "Lạng Sơn", provinceCode: "20" }, maxBatch: 50, cutoff: "16:30" }`;
  const department = (code: string, name: string, abbreviation: string, appraisal: string, approval: string, delegated: boolean) =>
    `  - { agencyCode: "${code}", organId: "${code}", name: "${name}", abbreviation: "${abbreviation}", appraisal: ${appraisal}, approval: ${approval}, delegatedToPost: ${delegated}, dms: ioffice, archive: ${archive(name)} }`;
  return parseDepartments(
    [
      'center:',
      '  organId: "000.00.01.H36"',
      '  name: "Trung tâm Phục vụ hành chính công tỉnh Lạng Sơn"',
      '  address: { recipient: "Trung tâm", line: "Số 2 đường Hùng Vương", ward: "Phường Chi Lăng", province: "Lạng Sơn", provinceCode: "20", phone: "02053812345" }',
      'departments:',
      department('000.00.12.H36', 'Sở Xây dựng', 'SXD', 'online', 'online', false),
      department('000.00.15.H36', 'Sở Tư pháp', 'STP', 'at-center', 'at-center', true),
      department('000.00.19.H36', 'Sở Tài nguyên và Môi trường', 'STNMT', 'online', 'at-center', false),
      department('000.00.22.H36', 'Sở Công Thương', 'SCT', 'at-center', 'online', true),
      department('000.00.05.H36', 'Sở Kế hoạch và Đầu tư', 'SKHĐT', 'online', 'online', false),
      department('000.00.08.H36', 'Sở Nông nghiệp và Phát triển nông thôn', 'SNN&PTNT', 'at-center', 'online', true),
    ].join('\n'),
    'test departments',
  );
}
