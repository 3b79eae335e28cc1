/**
 * The columns of the equipment ledger (特种设备台账) and the people list, with Chinese headers as
 * such ledgers have them. Headers are matched after trimming; a few common variants are accepted.
 */
export interface Column {
  key: string;
  header: string;
  aliases: string[];
  required: boolean;
  example: string;
}

export const EQUIPMENT_COLUMNS: Column[] = [
  { key: 'category', header: '设备类别', aliases: ['类别', '设备种类'], required: true, example: '电梯' },
  { key: 'code', header: '设备代码', aliases: ['注册代码', '设备注册代码'], required: true, example: '31101201160007' },
  {
    key: 'registrationNo',
    header: '使用登记证编号',
    aliases: ['使用登记证号', '登记证编号'],
    required: false,
    example: '梯11津BH0007(26)',
  },
  { key: 'name', header: '设备名称', aliases: ['名称'], required: true, example: '3号楼1号客梯' },
  { key: 'location', header: '使用地点', aliases: ['安装地点', '地点'], required: false, example: '3号楼大堂' },
  { key: 'status', header: '状态', aliases: ['设备状态', '使用状态'], required: false, example: '在用' },
  { key: 'officer', header: '负责安全员', aliases: ['安全员', '责任安全员'], required: true, example: '张三' },
  {
    key: 'nextInspection',
    header: '下次检验日期',
    aliases: ['下次检验', '下次定期检验日期'],
    required: false,
    example: '2027-03-31',
  },
];

export const PEOPLE_COLUMNS: Column[] = [
  { key: 'name', header: '姓名', aliases: [], required: true, example: '王五' },
  {
    key: 'mobile',
    header: '手机号',
    aliases: ['手机', '手机号码', '联系电话'],
    required: true,
    example: '13800000009',
  },
  { key: 'roles', header: '角色', aliases: ['岗位', '职务'], required: true, example: '安全员' },
  { key: 'categories', header: '负责类别', aliases: ['负责设备类别', '类别'], required: false, example: '电梯、锅炉' },
  {
    key: 'certificateKind',
    header: '证书类别',
    aliases: ['证书种类'],
    required: false,
    example: '特种设备安全管理人员证（A）',
  },
  { key: 'certificateNumber', header: '证书编号', aliases: [], required: false, example: 'TJA2026000001' },
  {
    key: 'certificateExpires',
    header: '证书有效期',
    aliases: ['证书有效期至'],
    required: false,
    example: '2030-06-30',
  },
];
