/**
 * What each import kind takes: its fields (Chinese header, synonyms a sheet may use, how a cell is read) and
 * the contract input a row becomes. Validation is the contract's own zod schema (customer.create's, product.create's,
 * contact's), so an import refuses exactly what the form refuses.
 */
import type { CellValue } from './excel.read'
import { asBool, asDate, asDecimal, asEnum, asInt, asPercent, asText } from './excel.values'

export const IMPORT_KINDS = ['customers', 'contacts', 'products', 'openingStock', 'openingReceivables', 'orders'] as const
export type ImportKind = (typeof IMPORT_KINDS)[number]
/** kinds this build imports (all of them) */
export const SUPPORTED_KINDS: readonly ImportKind[] = IMPORT_KINDS

export interface FieldSpec {
  key: string
  label: string
  synonyms: string[]
  required?: boolean
  read: (v: CellValue) => unknown
  /** the rule shown in the template's 说明 sheet */
  rule: string
  example: string | number
  options?: readonly { value: string; label: string }[]
}

export const STAGE_OPTIONS = [
  { value: 'lead', label: '线索' },
  { value: 'prospect', label: '潜在客户' },
  { value: 'opportunity', label: '商机' },
  { value: 'customer', label: '成交客户' },
  { value: 'lost', label: '已流失' },
] as const
export const KIND_OPTIONS = [
  { value: 'company', label: '企业' },
  { value: 'person', label: '个人' },
] as const
export const TAX_OPTIONS = [13, 9, 6, 3, 1, 0].map((r) => ({ value: String(r), label: `${r}%` }))

const text = (key: string, label: string, synonyms: string[], example: string | number, extra: Partial<FieldSpec> = {}): FieldSpec => ({
  key,
  label,
  synonyms,
  read: asText,
  rule: extra.required ? '必填，文本' : '文本',
  example,
  ...extra,
})

const tags = (v: CellValue) => {
  const s = asText(v)
  return s ? s.split(/[,，;；、|]/).map((x) => x.trim()).filter(Boolean) : null
}

const CONTACT_FIELDS = (prefix: string, extraSyn: (s: string[]) => string[]): FieldSpec[] => [
  text(`${prefix}name`, '联系人', extraSyn(['联系人', '联系人姓名', '姓名', '联系人名称']), '王建国', prefix ? {} : { required: true, rule: '必填，文本' }),
  text(`${prefix}title`, '职务', ['职务', '职位', '岗位'], '采购经理'),
  text(`${prefix}mobile`, '手机', ['手机', '手机号', '手机号码', '移动电话', '联系人手机'], '13800138000'),
  text(`${prefix}phone`, prefix ? '联系人电话' : '电话', prefix ? ['联系人电话', '联系人座机'] : ['电话', '座机', '固定电话', '办公电话', '联系电话'], '0571-88886666'),
  text(`${prefix}email`, '邮箱', ['邮箱', '电子邮箱', 'email', 'e-mail', '邮件'], 'wang@example.com'),
  text(`${prefix}wechat`, '微信', ['微信', '微信号'], 'wjg2026'),
]

export const KIND_FIELDS: Record<ImportKind, FieldSpec[]> = {
  customers: [
    text('name', '客户名称', ['客户名称', '公司名称', '单位名称', '客户', '企业名称', '名称', '客户全称', '公司'], '杭州明远机械有限公司', { required: true, rule: '必填，最多 100 字；与已有客户同名或同税号视为重复' }),
    text('code', '客户编码', ['客户编码', '客户编号', '编码', '编号', '客户代码'], 'C100001', { rule: '字母、数字、-、_；留空自动编号' }),
    text('shortName', '简称', ['简称', '客户简称'], '明远机械'),
    { key: 'kind', label: '类型', synonyms: ['类型', '客户类型', '企业个人'], read: (v) => asEnum(v, KIND_OPTIONS), rule: '企业 或 个人，默认企业', example: '企业', options: KIND_OPTIONS },
    text('uscc', '统一社会信用代码', ['统一社会信用代码', '信用代码', '税号', '纳税人识别号', '社会信用代码'], '91330100MA2XXXXXX0', { rule: '18 位，校验位须正确' }),
    text('industry', '行业', ['行业', '所属行业'], '机械制造'),
    text('size', '规模', ['规模', '企业规模', '人员规模'], '50-200人'),
    text('province', '省份', ['省份', '省', '所在省'], '浙江省'),
    text('city', '城市', ['城市', '市', '所在城市'], '杭州市'),
    text('district', '区县', ['区县', '区', '县'], '西湖区'),
    text('address', '地址', ['地址', '公司地址', '详细地址', '办公地址'], '文三路 100 号'),
    text('phone', '电话', ['电话', '公司电话', '座机', '固定电话', '总机'], '0571-88886666'),
    text('source', '来源', ['来源', '客户来源', '渠道'], '展会'),
    { key: 'tags', label: '标签', synonyms: ['标签', '客户标签'], read: tags, rule: '多个用逗号或顿号分开', example: '重点,华东' },
    { key: 'stage', label: '客户阶段', synonyms: ['客户阶段', '阶段', '状态', '客户状态'], read: (v) => asEnum(v, STAGE_OPTIONS), rule: '线索、潜在客户、商机、成交客户、已流失；默认线索', example: '成交客户', options: STAGE_OPTIONS },
    { key: 'ownerName', label: '负责人', synonyms: ['负责人', '业务员', '销售', '客户经理', '所属销售'], read: asText, rule: '用户的姓名或登录名；留空进公海', example: '' },
    { key: 'creditLimit', label: '信用额度', synonyms: ['信用额度', '额度', '授信额度'], read: asDecimal, rule: '金额（元），可带 ¥ 和千分位', example: 50000 },
    { key: 'paymentTermDays', label: '账期天数', synonyms: ['账期天数', '账期', '付款期限', '账期(天)'], read: asInt, rule: '整数天', example: 30 },
    text('remark', '备注', ['备注', '说明'], ''),
    ...CONTACT_FIELDS('contact.', (s) => s).map((f) => (f.key === 'contact.name' ? { ...f, synonyms: ['联系人', '联系人姓名', '联系人名称'] } : f)),
    text('receiver', '收货人', ['收货人', '收件人'], '王建国'),
    text('receiverPhone', '收货电话', ['收货电话', '收货人电话', '收件人电话'], '13800138000'),
    text('shippingAddress', '收货地址', ['收货地址', '送货地址', '发货地址'], '浙江省杭州市西湖区文三路 100 号'),
  ],
  contacts: [
    text('customer', '客户', ['客户', '客户名称', '公司名称', '单位名称', '客户编码'], '杭州明远机械有限公司', { required: true, rule: '必填，客户编码或名称（须已存在）' }),
    ...CONTACT_FIELDS('', (s) => s.filter((x) => x !== '联系人手机')),
    { key: 'isPrimary', label: '主联系人', synonyms: ['主联系人', '首要联系人', '是否主联系人'], read: asBool, rule: '是 / 否', example: '是' },
  ],
  products: [
    text('code', '商品编码', ['商品编码', '产品编码', '编码', '货号', '物料编码', '商品编号', '产品编号'], 'P-1001', { required: true, rule: '必填，字母、数字、-、_、.；已存在的编码视为重复' }),
    text('name', '商品名称', ['商品名称', '产品名称', '名称', '品名', '物料名称'], '不锈钢法兰 DN50', { required: true, rule: '必填' }),
    text('spec', '规格', ['规格', '规格型号', '型号'], 'DN50 PN16'),
    text('unit', '单位', ['单位', '计量单位'], '个', { rule: '默认 个' }),
    text('category', '分类', ['分类', '类别', '商品分类', '产品分类'], '法兰'),
    text('barcode', '条码', ['条码', '条形码', '商品条码'], '6901234567892'),
    { key: 'salePrice', label: '销售价', synonyms: ['销售价', '售价', '单价', '价格', '零售价', '销售单价'], read: asDecimal, rule: '金额（元），最多 4 位小数', example: 128.5 },
    { key: 'priceIncludesTax', label: '含税', synonyms: ['含税', '是否含税', '价格含税'], read: asBool, rule: '是 / 否，默认是', example: '是' },
    { key: 'taxRate', label: '税率', synonyms: ['税率', '增值税率'], read: asPercent, rule: '13%、9%、6%、3%、1%、0%，默认 13%', example: '13%', options: TAX_OPTIONS },
    { key: 'active', label: '启用', synonyms: ['启用', '状态', '是否启用'], read: asBool, rule: '是 / 否，默认是', example: '是' },
    { key: 'lowStockThreshold', label: '库存下限', synonyms: ['库存下限', '安全库存', '最低库存', '预警数量'], read: asDecimal, rule: '数量', example: 10 },
    { key: 'initialStock', label: '期初库存', synonyms: ['期初库存', '库存', '库存数量', '现有库存', '数量'], read: asDecimal, rule: '数量，最多 3 位小数', example: 100 },
  ],
  openingStock: [
    text('productCode', '商品编码', ['商品编码', '产品编码', '编码', '货号', '物料编码'], 'P-1001', { required: true, rule: '必填，须已存在' }),
    { key: 'quantity', label: '期初数量', synonyms: ['期初数量', '数量', '库存', '库存数量', '期初库存'], read: asDecimal, required: true, rule: '必填，数量，最多 3 位小数', example: 100 },
    text('reason', '说明', ['说明', '备注', '原因'], '2026 年初盘点'),
  ],
  openingReceivables: [
    text('customer', '客户', ['客户', '客户名称', '客户编码', '公司名称', '单位名称'], '杭州明远机械有限公司', { required: true, rule: '必填，客户编码或名称（须已存在）' }),
    { key: 'amount', label: '期初应收', synonyms: ['期初应收', '应收金额', '欠款金额', '欠款', '金额', '期初余额', '应收余额'], read: asDecimal, required: true, rule: '必填，金额（元），大于 0，可带 ¥ 和千分位', example: 12800 },
    { key: 'date', label: '日期', synonyms: ['日期', '发生日期', '欠款日期', '单据日期', '开单日期'], read: asDate, required: true, rule: '必填，日期；账龄从到期日起算', example: '2026-01-05' },
    { key: 'dueDate', label: '到期日', synonyms: ['到期日', '到期日期', '应收款日期'], read: asDate, rule: '日期，留空同“日期”', example: '2026-02-04' },
    text('remark', '备注', ['备注', '说明', '摘要'], '2025 年未收货款'),
  ],
  orders: [
    text('orderNo', '订单号', ['订单号', '单号', '订单编号', '单据编号', '销售单号'], 'SO-2025-001', { required: true, rule: '必填；同一订单号的多行是同一订单的多个明细' }),
    text('customer', '客户', ['客户', '客户名称', '客户编码', '公司名称', '单位名称'], '杭州明远机械有限公司', { required: true, rule: '必填，客户编码或名称（须已存在）' }),
    { key: 'date', label: '日期', synonyms: ['日期', '订单日期', '下单日期', '单据日期'], read: asDate, required: true, rule: '必填，日期', example: '2025-12-01' },
    text('productCode', '商品编码', ['商品编码', '产品编码', '编码', '货号', '物料编码'], 'P-1001', { required: true, rule: '必填，须已存在' }),
    { key: 'quantity', label: '数量', synonyms: ['数量', '销售数量'], read: asDecimal, required: true, rule: '必填，大于 0，最多 3 位小数', example: 10 },
    { key: 'price', label: '单价', synonyms: ['单价', '价格', '含税单价', '销售单价'], read: asDecimal, required: true, rule: '必填，含税单价（元），最多 4 位小数', example: 128.5 },
    { key: 'taxRate', label: '税率', synonyms: ['税率', '增值税率'], read: asPercent, rule: '13%、9%、6%、3%、1%、0%；留空用商品的税率', example: '13%', options: TAX_OPTIONS },
    text('remark', '订单备注', ['订单备注', '备注'], ''),
    text('lineRemark', '明细备注', ['明细备注', '行备注'], ''),
  ],
}

export const KIND_LABELS: Record<ImportKind, string> = {
  customers: '客户',
  contacts: '联系人',
  products: '商品',
  openingStock: '期初库存',
  openingReceivables: '期初应收',
  orders: '历史订单',
}
