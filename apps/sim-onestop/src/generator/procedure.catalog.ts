import { type CopyType, identifierPart } from '@lienthong/contracts';
import type { Department } from '@lienthong/config';

/** One component (thành phần hồ sơ) of a procedure's dossier. */
export interface Component {
  readonly code: string;
  readonly name: string;
  /** How it is usually submitted at the counter; online dossiers are all `electronic`. */
  readonly copyType: CopyType;
}

/** An administrative procedure (thủ tục hành chính) as the one-stop system lists it. */
export interface Procedure {
  readonly code: string;
  readonly name: string;
  /** Legal processing time in working days: the due time on the receipt. */
  readonly workingDays: number;
  readonly applicant: 'citizen' | 'business';
  /** Relative frequency among the department's dossiers. */
  readonly weight: number;
  /** Components; the first is the application form and is always present. */
  readonly components: readonly Component[];
  /** Document-type abbreviation of the result (QĐ, GP, GCN, ...). */
  readonly resultType: string;
  /** The result's title (trích yếu) for an applicant, e.g. `Giấy phép xây dựng … cho Công ty …`. */
  readonly resultTitle: (applicant: string) => string;
  /** What the appraiser asks for when the dossier needs a supplement. */
  readonly supplement: string;
  /** Why an appraiser refuses one. */
  readonly refusal: string;
}

/** The appraising unit and specialists of a department, for `appraiser.position`. */
const APPRAISING_UNIT: Readonly<Record<string, string>> = {
  SXD: 'Phòng Quản lý hoạt động xây dựng',
  STP: 'Phòng Hành chính tư pháp',
  STNMT: 'Phòng Quản lý đất đai',
  SCT: 'Phòng Quản lý thương mại',
  SNV: 'Phòng Tổ chức, biên chế và tổ chức phi chính phủ',
  SNgV: 'Phòng Lãnh sự và Người Việt Nam ở nước ngoài',
  SKHĐT: 'Phòng Đăng ký kinh doanh',
  STC: 'Phòng Tài chính hành chính sự nghiệp',
  'SNN&PTNT': 'Chi cục Quản lý chất lượng nông lâm sản và thủy sản',
  SGTVT: 'Phòng Quản lý vận tải, phương tiện và người lái',
  SLĐTBXH: 'Phòng Lao động - Việc làm',
  SGDĐT: 'Phòng Giáo dục thường xuyên - Chuyên nghiệp',
  SYT: 'Phòng Nghiệp vụ Y',
  SVHTTDL: 'Phòng Quản lý du lịch',
  SKHCN: 'Phòng Quản lý khoa học',
  STTTT: 'Phòng Thông tin - Báo chí - Xuất bản',
  BDT: 'Phòng Chính sách dân tộc',
  TTr: 'Phòng Tiếp công dân và xử lý đơn thư',
  BQLKKT: 'Phòng Quản lý đầu tư và doanh nghiệp',
  BHXH: 'Phòng Chế độ bảo hiểm xã hội',
};

/** The unit whose specialists appraise a department's dossiers. */
export function appraisingUnit(department: Department): string {
  return APPRAISING_UNIT[department.abbreviation] ?? 'Văn phòng Sở';
}

const form = (name: string): Component => ({ code: 'TP01', name, copyType: 'original' });

/** The application form (TP01), then the other components as TP02, TP03, ... */
const components = (formName: string, ...rest: ReadonlyArray<readonly [string, CopyType]>): Component[] => [
  form(formName),
  ...rest.map(([name, copyType], i) => ({ code: `TP${String(i + 2).padStart(2, '0')}`, name, copyType })),
];

const construction = (code: string, name: string, days: number, what: string): Procedure => ({
  code,
  name,
  workingDays: days,
  applicant: 'business',
  weight: 3,
  components: [
    form('Đơn đề nghị cấp giấy phép xây dựng'),
    { code: 'TP02', name: 'Bản sao giấy tờ chứng minh quyền sử dụng đất', copyType: 'copy' },
    { code: 'TP03', name: 'Bản vẽ thiết kế xây dựng (mặt bằng, mặt cắt, mặt đứng)', copyType: 'electronic' },
    { code: 'TP04', name: 'Quyết định phê duyệt dự án đầu tư xây dựng', copyType: 'copy' },
    { code: 'TP05', name: 'Văn bản thông báo kết quả thẩm định thiết kế xây dựng', copyType: 'copy' },
    { code: 'TP06', name: 'Cam kết bảo đảm an toàn đối với công trình liền kề', copyType: 'original' },
  ],
  resultType: 'GP',
  resultTitle: (applicant) => `${what} cho ${applicant}`,
  supplement: 'Bản vẽ thiết kế chưa thể hiện đủ mặt bằng móng và mặt cắt; đề nghị bổ sung',
  refusal: 'Vị trí xây dựng không phù hợp với quy hoạch chi tiết được duyệt',
});

/**
 * Procedures per department abbreviation (names as the national procedure database writes them, codes in its
 * format; the set is illustrative, not exhaustive). A department not listed gets a generic procedure.
 */
const CATALOG: Readonly<Record<string, readonly Procedure[]>> = {
  SXD: [
    construction(
      '1.009994',
      'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II (công trình không theo tuyến/theo tuyến trong đô thị/tín ngưỡng, tôn giáo/tượng đài, tranh hoành tráng)',
      20,
      'Giấy phép xây dựng công trình',
    ),
    construction(
      '1.009995',
      'Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp đặc biệt, cấp I, cấp II',
      20,
      'Giấy phép sửa chữa, cải tạo công trình',
    ),
    construction(
      '1.009997',
      'Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II',
      20,
      'Giấy phép xây dựng điều chỉnh',
    ),
    {
      ...construction(
        '1.009998',
        'Gia hạn giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II',
        5,
        'Gia hạn giấy phép xây dựng',
      ),
      weight: 1,
      components: [
        form('Đơn đề nghị gia hạn giấy phép xây dựng'),
        { code: 'TP02', name: 'Bản chính giấy phép xây dựng đã được cấp', copyType: 'original' },
      ],
    },
  ],
  STP: [
    {
      code: '2.000505',
      name: 'Cấp Phiếu lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam',
      workingDays: 10,
      applicant: 'citizen',
      weight: 8,
      components: [
        form('Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 03/2013/TT-LLTP)'),
        { code: 'TP02', name: 'Bản chụp Căn cước công dân của người được cấp Phiếu', copyType: 'copy' },
        { code: 'TP03', name: 'Văn bản ủy quyền (trường hợp ủy quyền làm thủ tục)', copyType: 'original' },
      ],
      resultType: 'PLLTP',
      resultTitle: (applicant) => `Phiếu lý lịch tư pháp số 1 cấp cho ${applicant}`,
      supplement: 'Tờ khai chưa ghi đủ nơi cư trú từ đủ 14 tuổi; đề nghị khai bổ sung',
      refusal: 'Người yêu cầu không thuộc đối tượng được cấp Phiếu lý lịch tư pháp số 2 theo ủy quyền',
    },
    {
      code: '1.001071',
      name: 'Đăng ký hoạt động Văn phòng công chứng',
      workingDays: 10,
      applicant: 'business',
      weight: 1,
      components: [
        form('Đơn đề nghị đăng ký hoạt động Văn phòng công chứng'),
        { code: 'TP02', name: 'Quyết định cho phép thành lập Văn phòng công chứng', copyType: 'copy' },
        { code: 'TP03', name: 'Giấy tờ chứng minh về trụ sở của Văn phòng công chứng', copyType: 'copy' },
      ],
      resultType: 'GĐKHĐ',
      resultTitle: (applicant) => `Giấy đăng ký hoạt động Văn phòng công chứng của ${applicant}`,
      supplement: 'Giấy tờ chứng minh trụ sở chưa có hợp đồng thuê nhà được chứng thực; đề nghị bổ sung',
      refusal: 'Trụ sở không đáp ứng điều kiện theo Luật Công chứng',
    },
  ],
  STNMT: [
    {
      code: '1.004227',
      name: 'Đăng ký biến động quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất do thay đổi thông tin về người được cấp Giấy chứng nhận',
      workingDays: 10,
      applicant: 'citizen',
      weight: 6,
      components: [
        form('Đơn đăng ký biến động đất đai, tài sản gắn liền với đất (Mẫu số 09/ĐK)'),
        { code: 'TP02', name: 'Bản gốc Giấy chứng nhận đã cấp', copyType: 'original' },
        { code: 'TP03', name: 'Bản sao Căn cước công dân mới', copyType: 'copy' },
      ],
      resultType: 'GCN',
      resultTitle: (applicant) => `Xác nhận thay đổi trên Giấy chứng nhận quyền sử dụng đất của ${applicant}`,
      supplement: 'Đề nghị bổ sung văn bản xác nhận thông tin cư trú của công an cấp xã',
      refusal: 'Thửa đất đang có tranh chấp, chưa đủ điều kiện đăng ký biến động',
    },
    {
      code: '1.004253',
      name: 'Cấp giấy phép khai thác, sử dụng nước dưới đất đối với công trình có lưu lượng dưới 3.000 m³/ngày đêm',
      workingDays: 30,
      applicant: 'business',
      weight: 1,
      components: [
        form('Đơn đề nghị cấp giấy phép khai thác, sử dụng nước dưới đất'),
        { code: 'TP02', name: 'Đề án khai thác, sử dụng nước dưới đất', copyType: 'electronic' },
        { code: 'TP03', name: 'Kết quả phân tích chất lượng nguồn nước', copyType: 'original' },
        { code: 'TP04', name: 'Sơ đồ khu vực và vị trí công trình khai thác', copyType: 'copy' },
      ],
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép khai thác, sử dụng nước dưới đất cấp cho ${applicant}`,
      supplement: 'Kết quả phân tích chất lượng nước đã quá 6 tháng; đề nghị bổ sung kết quả mới',
      refusal: 'Khu vực khai thác thuộc vùng hạn chế khai thác nước dưới đất',
    },
    {
      code: '1.010727',
      name: 'Cấp giấy phép môi trường (cấp tỉnh)',
      workingDays: 20,
      applicant: 'business',
      weight: 1,
      components: [
        form('Văn bản đề nghị cấp giấy phép môi trường'),
        { code: 'TP02', name: 'Báo cáo đề xuất cấp giấy phép môi trường', copyType: 'electronic' },
        { code: 'TP03', name: 'Bản sao báo cáo nghiên cứu khả thi của dự án', copyType: 'copy' },
      ],
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép môi trường của ${applicant}`,
      supplement: 'Báo cáo chưa có phương án phòng ngừa sự cố môi trường; đề nghị bổ sung',
      refusal: 'Dự án chưa có quyết định phê duyệt kết quả thẩm định báo cáo đánh giá tác động môi trường',
    },
  ],
  SCT: [
    {
      code: '2.000591',
      name: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm do Sở Công Thương thực hiện',
      workingDays: 20,
      applicant: 'business',
      weight: 4,
      components: [
        form('Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm'),
        { code: 'TP02', name: 'Bản thuyết minh về cơ sở vật chất, trang thiết bị, dụng cụ', copyType: 'original' },
        { code: 'TP03', name: 'Giấy xác nhận đủ sức khỏe của chủ cơ sở và người trực tiếp sản xuất', copyType: 'copy' },
        { code: 'TP04', name: 'Giấy xác nhận đã được tập huấn kiến thức an toàn thực phẩm', copyType: 'copy' },
      ],
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm cấp cho ${applicant}`,
      supplement: 'Đề nghị bổ sung giấy xác nhận đủ sức khỏe của người trực tiếp sản xuất',
      refusal: 'Kết quả thẩm định thực tế tại cơ sở không đạt yêu cầu',
    },
    {
      code: '2.000615',
      name: 'Cấp Giấy phép bán lẻ sản phẩm thuốc lá',
      workingDays: 15,
      applicant: 'business',
      weight: 2,
      components: [
        form('Đơn đề nghị cấp Giấy phép bán lẻ sản phẩm thuốc lá'),
        { code: 'TP02', name: 'Bản sao Giấy chứng nhận đăng ký doanh nghiệp', copyType: 'copy' },
        { code: 'TP03', name: 'Bản sao các văn bản giới thiệu của các doanh nghiệp cung cấp thuốc lá', copyType: 'copy' },
      ],
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép bán lẻ sản phẩm thuốc lá cấp cho ${applicant}`,
      supplement: 'Văn bản giới thiệu của thương nhân phân phối đã hết hiệu lực; đề nghị bổ sung',
      refusal: 'Địa điểm kinh doanh không đáp ứng quy hoạch mạng lưới bán lẻ thuốc lá',
    },
    {
      code: '2.000633',
      name: 'Cấp Giấy phép sản xuất rượu công nghiệp (quy mô dưới 3 triệu lít/năm)',
      workingDays: 15,
      applicant: 'business',
      weight: 1,
      components: [
        form('Đơn đề nghị cấp Giấy phép sản xuất rượu công nghiệp'),
        { code: 'TP02', name: 'Bản sao bản công bố sản phẩm rượu', copyType: 'copy' },
        { code: 'TP03', name: 'Bản liệt kê tên hàng hóa rượu kèm theo bản sao nhãn hàng hóa', copyType: 'original' },
      ],
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép sản xuất rượu công nghiệp cấp cho ${applicant}`,
      supplement: 'Đề nghị bổ sung bản sao nhãn hàng hóa rượu dự kiến lưu thông',
      refusal: 'Cơ sở chưa đáp ứng điều kiện về bảo vệ môi trường theo quy định',
    },
  ],
  SNV: [
    {
      code: '1.003822',
      name: 'Công nhận ban vận động thành lập hội có phạm vi hoạt động trong tỉnh',
      workingDays: 30,
      applicant: 'citizen',
      weight: 1,
      components: components(
        'Đơn đề nghị công nhận ban vận động thành lập hội',
        ['Danh sách và sơ yếu lý lịch của những người dự kiến trong ban vận động', 'original'],
        ['Văn bản xác nhận nơi cư trú của người đứng đầu ban vận động', 'copy'],
      ),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định công nhận ban vận động thành lập hội do ${applicant} làm trưởng ban`,
      supplement: 'Sơ yếu lý lịch của thành viên ban vận động chưa có xác nhận; đề nghị bổ sung',
      refusal: 'Tôn chỉ, mục đích của hội dự kiến trùng với hội đã được thành lập trên địa bàn tỉnh',
    },
  ],
  SNgV: [
    {
      code: '2.001690',
      name: 'Cho phép tổ chức hội nghị, hội thảo quốc tế thuộc thẩm quyền của Chủ tịch Ủy ban nhân dân tỉnh',
      workingDays: 15,
      applicant: 'business',
      weight: 1,
      components: components(
        'Văn bản đề nghị tổ chức hội nghị, hội thảo quốc tế',
        ['Đề án tổ chức hội nghị, hội thảo', 'electronic'],
        ['Danh sách đại biểu nước ngoài dự kiến tham dự', 'original'],
      ),
      resultType: 'QĐ',
      resultTitle: (applicant) =>
        `Quyết định cho phép ${applicant} tổ chức hội thảo quốc tế về hợp tác thương mại qua biên giới Việt - Trung`,
      supplement: 'Danh sách đại biểu nước ngoài chưa ghi số hộ chiếu; đề nghị bổ sung',
      refusal: 'Nội dung hội thảo không thuộc thẩm quyền cho phép của Ủy ban nhân dân tỉnh',
    },
  ],
  SKHĐT: [
    {
      code: '2.001610',
      name: 'Đăng ký thành lập công ty trách nhiệm hữu hạn một thành viên',
      workingDays: 3,
      applicant: 'business',
      weight: 8,
      components: components(
        'Giấy đề nghị đăng ký doanh nghiệp',
        ['Điều lệ công ty', 'original'],
        ['Bản sao giấy tờ pháp lý của cá nhân là chủ sở hữu công ty', 'copy'],
        ['Văn bản ủy quyền cho người nộp hồ sơ', 'original'],
      ),
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận đăng ký doanh nghiệp của ${applicant}`,
      supplement: 'Tên doanh nghiệp dự kiến gây nhầm lẫn với doanh nghiệp đã đăng ký; đề nghị điều chỉnh và bổ sung',
      refusal: 'Ngành, nghề đăng ký kinh doanh thuộc danh mục cấm đầu tư kinh doanh',
    },
    {
      code: '1.009645',
      name: 'Điều chỉnh dự án đầu tư thuộc thẩm quyền chấp thuận chủ trương đầu tư của Ủy ban nhân dân tỉnh',
      workingDays: 25,
      applicant: 'business',
      weight: 1,
      components: components(
        'Văn bản đề nghị điều chỉnh dự án đầu tư',
        ['Báo cáo tình hình triển khai dự án đầu tư', 'electronic'],
        ['Quyết định chấp thuận chủ trương đầu tư đã cấp', 'copy'],
      ),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định chấp thuận điều chỉnh chủ trương đầu tư dự án của ${applicant}`,
      supplement: 'Báo cáo chưa nêu tiến độ góp vốn của nhà đầu tư; đề nghị bổ sung',
      refusal: 'Dự án chậm tiến độ quá 12 tháng và không có lý do chính đáng',
    },
  ],
  STC: [
    {
      code: '1.005422',
      name: 'Đăng ký mã số đơn vị có quan hệ với ngân sách',
      workingDays: 2,
      applicant: 'business',
      weight: 2,
      components: components('Tờ khai đăng ký mã số đơn vị có quan hệ với ngân sách', ['Quyết định thành lập đơn vị', 'copy']),
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận mã số đơn vị có quan hệ với ngân sách của ${applicant}`,
      supplement: 'Tờ khai chưa ghi mã chương của đơn vị; đề nghị bổ sung',
      refusal: 'Đơn vị không thuộc đối tượng được cấp mã số đơn vị có quan hệ với ngân sách',
    },
  ],
  'SNN&PTNT': [
    {
      code: '1.003363',
      name: 'Cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đối với cơ sở sản xuất, kinh doanh thực phẩm nông, lâm, thủy sản',
      workingDays: 15,
      applicant: 'business',
      weight: 4,
      components: components(
        'Đơn đề nghị cấp Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm',
        ['Bản thuyết minh về điều kiện bảo đảm an toàn thực phẩm của cơ sở', 'original'],
        ['Danh sách chủ cơ sở và người trực tiếp sản xuất đã được xác nhận kiến thức an toàn thực phẩm', 'copy'],
      ),
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm cấp cho ${applicant}`,
      supplement: 'Đề nghị bổ sung giấy xác nhận kiến thức an toàn thực phẩm của người trực tiếp sản xuất',
      refusal: 'Kết quả thẩm định điều kiện bảo đảm an toàn thực phẩm tại cơ sở xếp loại C (không đạt)',
    },
    {
      code: '1.003612',
      name: 'Cấp giấy phép vận chuyển đặc biệt thực vật, động vật rừng nguy cấp, quý, hiếm',
      workingDays: 10,
      applicant: 'citizen',
      weight: 1,
      components: components('Đơn đề nghị cấp giấy phép vận chuyển đặc biệt', ['Bảng kê lâm sản', 'original']),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép vận chuyển đặc biệt lâm sản cấp cho ${applicant}`,
      supplement: 'Bảng kê lâm sản chưa có xác nhận của Hạt Kiểm lâm; đề nghị bổ sung',
      refusal: 'Lâm sản không có nguồn gốc hợp pháp',
    },
  ],
  SGTVT: [
    {
      code: '1.002820',
      name: 'Đổi giấy phép lái xe do ngành Giao thông vận tải cấp',
      workingDays: 5,
      applicant: 'citizen',
      weight: 6,
      components: components(
        'Đơn đề nghị đổi giấy phép lái xe',
        ['Bản sao giấy phép lái xe sắp hết hạn', 'copy'],
        ['Giấy khám sức khỏe của người lái xe', 'original'],
      ),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép lái xe hạng B2 cấp đổi cho ${applicant}`,
      supplement: 'Giấy khám sức khỏe đã quá 6 tháng; đề nghị bổ sung giấy khám sức khỏe mới',
      refusal: 'Giấy phép lái xe đang bị tạm giữ do vi phạm hành chính',
    },
  ],
  SLĐTBXH: [
    {
      code: '1.000105',
      name: 'Cấp giấy phép lao động cho người lao động nước ngoài làm việc tại Việt Nam',
      workingDays: 5,
      applicant: 'business',
      weight: 3,
      components: components(
        'Văn bản đề nghị cấp giấy phép lao động của người sử dụng lao động',
        ['Giấy chứng nhận sức khỏe của người lao động nước ngoài', 'original'],
        ['Phiếu lý lịch tư pháp của người lao động nước ngoài', 'original'],
        ['Bản sao hộ chiếu còn giá trị', 'copy'],
      ),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép lao động cấp cho người lao động nước ngoài làm việc tại ${applicant}`,
      supplement: 'Văn bản chứng minh là nhà quản lý, chuyên gia chưa được hợp pháp hóa lãnh sự; đề nghị bổ sung',
      refusal: 'Vị trí công việc chưa được chấp thuận nhu cầu sử dụng người lao động nước ngoài',
    },
    {
      code: '1.001776',
      name: 'Giải quyết hưởng chế độ ưu đãi đối với người có công với cách mạng',
      workingDays: 20,
      applicant: 'citizen',
      weight: 1,
      components: components('Bản khai cá nhân đề nghị hưởng chế độ ưu đãi', ['Giấy tờ chứng minh là người có công', 'copy']),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định về việc trợ cấp ưu đãi đối với ${applicant}`,
      supplement: 'Giấy tờ chứng minh chưa có xác nhận của cơ quan có thẩm quyền; đề nghị bổ sung',
      refusal: 'Người đề nghị không thuộc đối tượng hưởng chế độ ưu đãi',
    },
  ],
  SGDĐT: [
    {
      code: '1.005099',
      name: 'Cho phép trung tâm ngoại ngữ, tin học hoạt động giáo dục',
      workingDays: 15,
      applicant: 'business',
      weight: 2,
      components: components(
        'Tờ trình đề nghị cho phép hoạt động giáo dục',
        ['Quyết định thành lập trung tâm', 'copy'],
        ['Danh sách giáo viên và trình độ đào tạo', 'original'],
        ['Chương trình, tài liệu giảng dạy', 'electronic'],
      ),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định cho phép trung tâm ngoại ngữ, tin học của ${applicant} hoạt động giáo dục`,
      supplement: 'Danh sách giáo viên chưa kèm bản sao văn bằng, chứng chỉ; đề nghị bổ sung',
      refusal: 'Cơ sở vật chất chưa đáp ứng diện tích phòng học tối thiểu theo quy định',
    },
  ],
  SYT: [
    {
      code: '1.004506',
      name: 'Cấp giấy phép hoạt động đối với phòng khám chuyên khoa thuộc thẩm quyền của Sở Y tế',
      workingDays: 45,
      applicant: 'business',
      weight: 2,
      components: components(
        'Đơn đề nghị cấp giấy phép hoạt động',
        ['Danh sách người hành nghề khám bệnh, chữa bệnh', 'original'],
        ['Bản kê khai cơ sở vật chất, thiết bị y tế', 'original'],
      ),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép hoạt động phòng khám chuyên khoa của ${applicant}`,
      supplement: 'Danh sách người hành nghề chưa ghi số chứng chỉ hành nghề; đề nghị bổ sung',
      refusal: 'Kết quả thẩm định thực tế cơ sở chưa đáp ứng điều kiện hoạt động',
    },
    {
      code: '1.001907',
      name: 'Cấp chứng chỉ hành nghề dược',
      workingDays: 20,
      applicant: 'citizen',
      weight: 2,
      components: components(
        'Đơn đề nghị cấp chứng chỉ hành nghề dược',
        ['Bản sao văn bằng chuyên môn', 'copy'],
        ['Giấy xác nhận thời gian thực hành chuyên môn', 'original'],
      ),
      resultType: 'CCHND',
      resultTitle: (applicant) => `Chứng chỉ hành nghề dược cấp cho ${applicant}`,
      supplement: 'Giấy xác nhận thời gian thực hành chưa đủ 18 tháng; đề nghị bổ sung',
      refusal: 'Người đề nghị đang trong thời gian bị cấm hành nghề',
    },
  ],
  SVHTTDL: [
    {
      code: '1.004628',
      name: 'Cấp Giấy phép kinh doanh dịch vụ lữ hành nội địa',
      workingDays: 10,
      applicant: 'business',
      weight: 2,
      components: components(
        'Đơn đề nghị cấp giấy phép kinh doanh dịch vụ lữ hành nội địa',
        ['Giấy chứng nhận ký quỹ kinh doanh dịch vụ lữ hành', 'original'],
        ['Bản sao quyết định bổ nhiệm người phụ trách kinh doanh dịch vụ lữ hành', 'copy'],
      ),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép kinh doanh dịch vụ lữ hành nội địa cấp cho ${applicant}`,
      supplement: 'Giấy chứng nhận ký quỹ chưa đúng mức ký quỹ theo quy định; đề nghị bổ sung',
      refusal: 'Người phụ trách kinh doanh dịch vụ lữ hành chưa có chứng chỉ nghiệp vụ điều hành du lịch',
    },
  ],
  SKHCN: [
    {
      code: '1.003977',
      name: 'Cấp Giấy chứng nhận đăng ký hoạt động lần đầu cho tổ chức khoa học và công nghệ',
      workingDays: 15,
      applicant: 'business',
      weight: 1,
      components: components(
        'Đơn đăng ký hoạt động khoa học và công nghệ',
        ['Quyết định thành lập tổ chức khoa học và công nghệ', 'copy'],
        ['Điều lệ tổ chức và hoạt động', 'original'],
      ),
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận đăng ký hoạt động khoa học và công nghệ của ${applicant}`,
      supplement: 'Hồ sơ nhân lực chưa có bản sao văn bằng của người đứng đầu; đề nghị bổ sung',
      refusal: 'Lĩnh vực hoạt động đăng ký không phù hợp với quyết định thành lập',
    },
  ],
  STTTT: [
    {
      code: '1.004483',
      name: 'Cấp giấy phép xuất bản bản tin (địa phương)',
      workingDays: 10,
      applicant: 'business',
      weight: 1,
      components: components('Đơn đề nghị cấp giấy phép xuất bản bản tin', ['Mẫu trình bày tên gọi và măng-sét bản tin', 'electronic']),
      resultType: 'GP',
      resultTitle: (applicant) => `Giấy phép xuất bản bản tin của ${applicant}`,
      supplement: 'Mẫu măng-sét chưa ghi rõ cơ quan chủ quản; đề nghị bổ sung',
      refusal: 'Tôn chỉ, mục đích của bản tin không phù hợp với chức năng, nhiệm vụ của cơ quan đề nghị',
    },
  ],
  BDT: [
    {
      code: '1.010915',
      name: 'Công nhận người có uy tín trong đồng bào dân tộc thiểu số',
      workingDays: 15,
      applicant: 'citizen',
      weight: 1,
      components: components('Biên bản bình chọn người có uy tín của thôn', ['Sơ yếu lý lịch của người được bình chọn', 'original']),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định công nhận ${applicant} là người có uy tín trong đồng bào dân tộc thiểu số`,
      supplement: 'Biên bản bình chọn chưa có xác nhận của Ủy ban nhân dân xã; đề nghị bổ sung',
      refusal: 'Người được bình chọn không đáp ứng tiêu chí về thời gian cư trú tại thôn',
    },
  ],
  TTr: [
    {
      code: '2.002161',
      name: 'Giải quyết khiếu nại lần hai tại cấp tỉnh',
      workingDays: 45,
      applicant: 'citizen',
      weight: 1,
      components: components('Đơn khiếu nại', ['Quyết định giải quyết khiếu nại lần đầu', 'copy'], ['Tài liệu, chứng cứ kèm theo', 'copy']),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định giải quyết khiếu nại lần hai của ${applicant}`,
      supplement: 'Đơn khiếu nại chưa ghi rõ ngày nhận quyết định giải quyết lần đầu; đề nghị bổ sung',
      refusal: 'Khiếu nại đã quá thời hiệu theo quy định của Luật Khiếu nại',
    },
  ],
  BQLKKT: [
    {
      code: '1.009757',
      name: 'Cấp Giấy chứng nhận đăng ký đầu tư đối với dự án không thuộc diện chấp thuận chủ trương đầu tư trong Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn',
      workingDays: 15,
      applicant: 'business',
      weight: 2,
      components: components(
        'Văn bản đề nghị thực hiện dự án đầu tư',
        ['Đề xuất dự án đầu tư', 'electronic'],
        ['Bản sao báo cáo tài chính 02 năm gần nhất của nhà đầu tư', 'copy'],
      ),
      resultType: 'GCN',
      resultTitle: (applicant) => `Giấy chứng nhận đăng ký đầu tư dự án kho ngoại quan tại cửa khẩu Hữu Nghị của ${applicant}`,
      supplement: 'Đề xuất dự án chưa nêu nhu cầu sử dụng đất; đề nghị bổ sung',
      refusal: 'Địa điểm thực hiện dự án không phù hợp quy hoạch chung xây dựng Khu kinh tế cửa khẩu',
    },
  ],
  BHXH: [
    {
      code: '1.002745',
      name: 'Giải quyết hưởng lương hưu đối với người đang đóng bảo hiểm xã hội bắt buộc',
      workingDays: 20,
      applicant: 'citizen',
      weight: 3,
      components: components('Sổ bảo hiểm xã hội', ['Quyết định nghỉ việc hưởng chế độ hưu trí', 'copy']),
      resultType: 'QĐ',
      resultTitle: (applicant) => `Quyết định về việc hưởng lương hưu hằng tháng của ${applicant}`,
      supplement: 'Sổ bảo hiểm xã hội còn thiếu thời gian đóng chưa được xác nhận; đề nghị bổ sung',
      refusal: 'Người lao động chưa đủ điều kiện về tuổi đời hưởng lương hưu',
    },
  ],
};

/** A procedure for departments the catalog does not know (a custom DEPARTMENTS_FILE). */
function genericProcedure(department: Department): Procedure {
  return {
    code: `X.${identifierPart(department.abbreviation)}.001`,
    name: `Giải quyết thủ tục hành chính thuộc thẩm quyền của ${department.name}`,
    workingDays: 10,
    applicant: 'citizen',
    weight: 1,
    components: [form('Đơn đề nghị giải quyết thủ tục hành chính'), { code: 'TP02', name: 'Bản sao Căn cước công dân', copyType: 'copy' }],
    resultType: 'QĐ',
    resultTitle: (applicant) => `Quyết định giải quyết thủ tục hành chính cho ${applicant}`,
    supplement: 'Đề nghị bổ sung giấy tờ theo quy định',
    refusal: 'Hồ sơ không đủ điều kiện giải quyết theo quy định',
  };
}

/** The procedures a department's dossiers are generated from (never empty). */
export function proceduresOf(department: Department): readonly Procedure[] {
  return CATALOG[department.abbreviation] ?? [genericProcedure(department)];
}

/** The procedure with this code in a department, if listed. */
export function findProcedure(department: Department, code: string | undefined): Procedure | undefined {
  return code === undefined ? undefined : proceduresOf(department).find((p) => p.code === code);
}
