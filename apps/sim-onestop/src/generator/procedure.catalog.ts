import type { CopyType } from '@lienthong/contracts';
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
};

/** The unit whose specialists appraise a department's dossiers. */
export function appraisingUnit(department: Department): string {
  return APPRAISING_UNIT[department.abbreviation] ?? 'Văn phòng Sở';
}

const form = (name: string): Component => ({ code: 'TP01', name, copyType: 'original' });

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
 * Procedures per department abbreviation (codes and names as the national procedure database writes
 * them; the set is illustrative, not exhaustive). A department not listed gets a generic procedure.
 */
const CATALOG: Readonly<Record<string, readonly Procedure[]>> = {
  SXD: [
    construction(
      '1.009994',
      'Cấp giấy phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II (công trình không theo tuyến/theo tuyến trong đô thị/tín ngưỡng, tôn giáo/tượng đài, tranh hoành tráng)',
      20,
      'Giấy phép xây dựng công trình',
    ),
    construction('1.009995', 'Cấp giấy phép xây dựng sửa chữa, cải tạo đối với công trình cấp đặc biệt, cấp I, cấp II', 20, 'Giấy phép sửa chữa, cải tạo công trình'),
    construction('1.009997', 'Cấp điều chỉnh giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II', 20, 'Giấy phép xây dựng điều chỉnh'),
    {
      ...construction('1.009998', 'Gia hạn giấy phép xây dựng đối với công trình cấp đặc biệt, cấp I, cấp II', 5, 'Gia hạn giấy phép xây dựng'),
      weight: 1,
      components: [form('Đơn đề nghị gia hạn giấy phép xây dựng'), { code: 'TP02', name: 'Bản chính giấy phép xây dựng đã được cấp', copyType: 'original' }],
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
};

/** A procedure for departments the catalog does not know (a custom DEPARTMENTS_FILE). */
function genericProcedure(department: Department): Procedure {
  return {
    code: `X.${department.abbreviation.replace(/[^A-Za-z0-9]/g, '')}.001`,
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
