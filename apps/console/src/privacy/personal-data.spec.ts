import { sampleDossierReceived, samplePostalOrderRequested } from '@lienthong/contracts';
import { MASK, maskBody, maskJson, maskText } from './personal-data';

/** Every string leaf of a JSON value. */
const strings = (value: unknown): string[] =>
  typeof value === 'string'
    ? [value]
    : value && typeof value === 'object'
      ? Object.values(value as Record<string, unknown>).flatMap(strings)
      : [];

describe('personal data masked for viewers', () => {
  const dossier = sampleDossierReceived({
    applicant: {
      kind: 'citizen',
      fullName: 'Nguyễn Thị Hương',
      idNumber: '020190001234',
      phone: '0912345678',
      email: 'huong.nguyen@gmail.com',
      address: 'Số 18 ngõ 3 đường Bà Triệu, Đông Kinh',
    },
    returnMethod: 'post',
    deliveryAddress: {
      recipient: 'Đặng Văn Đức',
      phone: '+84912345679',
      line: 'Thôn Nà Chuông',
      ward: 'Xã Đồng Đăng',
      province: 'Lạng Sơn',
      provinceCode: '20',
    },
  } as never);

  it("masks the applicant's CCCD, phone, e-mail, address and name, and the delivery address, by field", () => {
    const masked = maskJson(dossier) as typeof dossier & { deliveryAddress: Record<string, string> };
    expect(masked.applicant).toEqual({
      kind: 'citizen',
      fullName: MASK,
      idNumber: `${MASK}234`,
      phone: `${MASK}678`,
      email: `h${MASK}@gmail.com`,
      address: MASK,
    });
    expect(masked.deliveryAddress).toEqual({
      recipient: MASK,
      phone: `${MASK}679`,
      line: MASK,
      ward: MASK,
      province: 'Lạng Sơn',
      provinceCode: '20',
    });
    const leaves = strings(masked).join('\n');
    for (const secret of ['020190001234', '0912345678', 'huong.nguyen', 'Nguyễn Thị Hương', 'Bà Triệu', 'Đặng Văn Đức', 'Nà Chuông'])
      expect(leaves).not.toContain(secret);
  });

  it('keeps what an operator on watch needs: codes, dates, officials, documents', () => {
    const masked = maskJson(dossier) as typeof dossier;
    expect(masked.dossierCode).toBe(dossier.dossierCode);
    expect(masked.receivedAt).toBe(dossier.receivedAt);
    expect(masked.receivedBy).toEqual(dossier.receivedBy);
    expect(masked.documents).toEqual(dossier.documents);
  });

  it("masks the postal order's receiver, sender's phone included", () => {
    const masked = maskJson(samplePostalOrderRequested()) as {
      receiver: Record<string, string>;
      sender: Record<string, string>;
      orderNumber: string;
    };
    expect(masked.receiver).toMatchObject({ name: MASK, phone: `${MASK}678`, line: MASK, provinceCode: '20' });
    expect(masked.sender.phone).toBe(`${MASK}345`);
    expect(masked.orderNumber).toBe('KQ-000.00.12.H36-260415-0001');
  });

  it('finds id numbers, phones and e-mails in free text and in fields of any name, composed or decomposed', () => {
    const note = 'Công dân Trần Đức (CCCD 001203004567, CMND 123456789) gọi 0987654321 / +84 hỏi; thư: duc.tran@langson.gov.vn';
    expect(maskText(note)).toBe(
      `Công dân Trần Đức (CCCD ${MASK}567, CMND ${MASK}789) gọi ${MASK}321 / +84 hỏi; thư: d${MASK}@langson.gov.vn`,
    );
    expect(maskText(note.normalize('NFD'))).toBe(maskText(note).normalize('NFD'));
    expect(maskJson({ ghiChu: 'SĐT người nhận: 0912345678', soLuong: 3 })).toEqual({ ghiChu: `SĐT người nhận: ${MASK}678`, soLuong: 3 });
  });

  it('leaves dossier codes, document numbers, digests and timestamps alone', () => {
    const text =
      '000.00.12.H36-260415-0001 123/GP-SXD 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a01 2026-04-15T08:30:00+07:00 01HZX3J5Q9C7';
    expect(maskText(text)).toBe(text);
  });

  it('withholds a body that is not a JSON object, and masks one that is', () => {
    expect(maskBody('<edXML>CCCD 020190001234</edXML>')).toEqual({
      body: expect.stringMatching(/^\(withheld from viewers: 32 bytes/),
      withheld: true,
    });
    expect(maskBody(Buffer.from([0xff, 0xfe]).toString('base64'), 'base64')).toMatchObject({
      body: expect.stringContaining('2 bytes'),
      withheld: true,
    });
    expect(JSON.parse(maskBody(JSON.stringify(dossier)).body).applicant.idNumber).toBe(`${MASK}234`);
  });
});
