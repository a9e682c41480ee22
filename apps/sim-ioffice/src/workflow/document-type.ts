/**
 * Abbreviations of administrative document types (Decree 30/2020/NĐ-CP, appendix III), keyed by the
 * type name as it appears in `DocumentType/TypeName`, compared without case.
 */
const ABBREVIATIONS: Record<string, string> = {
  'nghị quyết': 'NQ',
  'quyết định': 'QĐ',
  'chỉ thị': 'CT',
  'quy chế': 'QC',
  'quy định': 'QyĐ',
  'thông báo': 'TB',
  'hướng dẫn': 'HD',
  'chương trình': 'CTr',
  'kế hoạch': 'KH',
  'phương án': 'PA',
  'đề án': 'ĐA',
  'dự án': 'DA',
  'báo cáo': 'BC',
  'biên bản': 'BB',
  'tờ trình': 'TTr',
  'hợp đồng': 'HĐ',
  'công điện': 'CĐ',
  'bản ghi nhớ': 'BGN',
  'bản thỏa thuận': 'BTT',
  'giấy ủy quyền': 'GUQ',
  'giấy mời': 'GM',
  'giấy giới thiệu': 'GGT',
  'giấy nghỉ phép': 'GNP',
  'phiếu gửi': 'PG',
  'phiếu chuyển': 'PC',
  'phiếu báo': 'PB',
  'giấy phép': 'GP',
  'giấy chứng nhận': 'GCN',
  'giấy xác nhận': 'GXN',
  'văn bản thỏa thuận': 'VBTT',
};

/** Default when a package names no document type: the decision is the usual result of a procedure. */
export const DEFAULT_TYPE = { type: '1', typeName: 'Quyết định' } as const;

/**
 * Abbreviation of a document type: from the table, else the initials of its words (Đ kept).
 * `typeName` undefined means a decision (QĐ).
 */
export function typeAbbreviation(typeName: string | undefined): string {
  const name = (typeName ?? DEFAULT_TYPE.typeName).trim().toLocaleLowerCase('vi');
  const known = ABBREVIATIONS[name.normalize('NFC')];
  if (known) return known;
  const initials = name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => word.normalize('NFC')[0].toLocaleUpperCase('vi'))
    .join('')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .normalize('NFC');
  return initials || 'VB';
}

/** `CodeNotation` of a numbered document: document-type abbreviation, hyphen, issuer abbreviation (`QĐ-SXD`). */
export function codeNotation(typeName: string | undefined, departmentAbbreviation: string): string {
  return `${typeAbbreviation(typeName)}-${departmentAbbreviation}`;
}
