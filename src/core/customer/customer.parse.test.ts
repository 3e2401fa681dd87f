import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCard, type ParsedCard } from './customer.parse'
import { createTestCore, type TestCore } from '../testing/test-core'

/** the whole expected result: every field not named is null */
const card = (fields: Partial<ParsedCard>): ParsedCard => ({
  name: null,
  contactName: null,
  mobile: null,
  phone: null,
  email: null,
  title: null,
  address: null,
  province: null,
  city: null,
  district: null,
  uscc: null,
  ...fields,
})

const BJ = { province: '北京市', city: '北京市' }

/**
 * 粘贴识别: pastes as salespeople receive them — WeChat messages, forwarded business cards, OCR'd cards.
 * Expected results worked out by hand: the company as registered (full-width brackets), mobiles as 11 digits,
 * landlines as 区号-号码 with 转 for the extension, e-mail lower-cased, the address after its province/city/district.
 */
const TABLE: [string, string, ParsedCard][] = [
  [
    'the issue example, one line',
    '张伟 13800138000 北京华兴科技有限公司 北京市海淀区中关村大街1号 销售经理',
    card({ name: '北京华兴科技有限公司', contactName: '张伟', mobile: '13800138000', title: '销售经理', ...BJ, district: '海淀区', address: '中关村大街1号' }),
  ],
  [
    'labelled, one field a line, full-width colons',
    '公司名称：深圳市腾达电子有限公司\n联系人：李娜\n手机：139 2345 6789\n电话：0755-86001234\n地址：广东省深圳市南山区科技园南区高新南一道9号\n邮箱：lina@tengda.com.cn',
    card({ name: '深圳市腾达电子有限公司', contactName: '李娜', mobile: '13923456789', phone: '0755-86001234', email: 'lina@tengda.com.cn', province: '广东省', city: '深圳市', district: '南山区', address: '科技园南区高新南一道9号' }),
  ],
  [
    'business card: M/T/E lines, extension with 转',
    '上海浦江机械制造有限公司\n王建国  总经理\nM: 186-0211-3344\nT: 021-58881234 转 805\nE: wangjg@pujiang-machine.com\n上海市浦东新区张江路88号2号楼',
    card({ name: '上海浦江机械制造有限公司', contactName: '王建国', title: '总经理', mobile: '18602113344', phone: '021-58881234转805', email: 'wangjg@pujiang-machine.com', province: '上海市', city: '上海市', district: '浦东新区', address: '张江路88号2号楼' }),
  ],
  [
    'emoji bullets, the house number typed apart',
    '👉 杭州西子包装材料有限公司 📞 0571-87654321 🙋 陈静 采购 📍 浙江省杭州市西湖区文三路 259 号',
    card({ name: '杭州西子包装材料有限公司', phone: '0571-87654321', contactName: '陈静', title: '采购', province: '浙江省', city: '杭州市', district: '西湖区', address: '文三路259号' }),
  ],
  [
    'two mobiles, +86 and dashes: the second goes to phone',
    '刘洋 +86 138-1234-5678 / 159 8765 4321 广州穗丰食品有限公司',
    card({ name: '广州穗丰食品有限公司', contactName: '刘洋', mobile: '13812345678', phone: '15987654321' }),
  ],
  ['no company, just a person', '赵敏 13511112222', card({ contactName: '赵敏', mobile: '13511112222' })],
  [
    'labels in one line, English colons and commas',
    '名称:成都蜀源农业科技有限公司, 联系人:黄磊, 电话:028-85556666, 地址:四川省成都市武侯区天府大道北段1700号',
    card({ name: '成都蜀源农业科技有限公司', contactName: '黄磊', phone: '028-85556666', province: '四川省', city: '成都市', district: '武侯区', address: '天府大道北段1700号' }),
  ],
  [
    'address without province: the district is the only 海淀区',
    '海淀区中关村南大街5号 北京理工科技有限公司 孙丽 010-68912345',
    card({ name: '北京理工科技有限公司', contactName: '孙丽', phone: '010-68912345', ...BJ, district: '海淀区', address: '中关村南大街5号' }),
  ],
  [
    'address without province: 朝阳区 is in Beijing and in Changchun, so no division is guessed',
    '朝阳区建国路88号 周杰 13700001111',
    card({ contactName: '周杰', mobile: '13700001111', address: '朝阳区建国路88号' }),
  ],
  [
    'municipality written short and apart, name and title apart',
    '上海 闵行区 莘庄工业区春东路508号 上海春东化工有限公司 吴刚 经理 13661234567',
    card({ name: '上海春东化工有限公司', contactName: '吴刚', title: '经理', mobile: '13661234567', province: '上海市', city: '上海市', district: '闵行区', address: '莘庄工业区春东路508号' }),
  ],
  [
    'county-level city straight under the province (仙桃市), a 厂, 电话 without colon',
    '湖北省仙桃市仙桃大道东段18号 仙桃市绿源纺织厂 电话 0728-3221100',
    card({ name: '仙桃市绿源纺织厂', phone: '0728-3221100', province: '湖北省', city: '仙桃市', address: '仙桃大道东段18号' }),
  ],
  [
    'a valid USCC after an unlabelled 统一社会信用代码, address label mid-line',
    '福州闽江食品有限公司 统一社会信用代码 91350100M000100Y43 地址：福建省福州市鼓楼区五四路100号 林峰 18960001234',
    card({ name: '福州闽江食品有限公司', uscc: '91350100M000100Y43', province: '福建省', city: '福州市', district: '鼓楼区', address: '五四路100号', contactName: '林峰', mobile: '18960001234' }),
  ],
  [
    'a USCC with a wrong check character is no USCC',
    '统一社会信用代码：91350100M000100Y44 厦门鹭岛贸易有限公司',
    card({ name: '厦门鹭岛贸易有限公司' }),
  ],
  [
    'a lower-case USCC is read upper-case',
    '税号: 91110108ma01c8xk22 北京云帆数据有限公司',
    card({ name: '北京云帆数据有限公司', uscc: '91110108MA01C8XK22' }),
  ],
  [
    'chat message: 王先生 and a delivery address',
    '王先生 13312345678 要一批货 发到 江苏省南京市江宁区胜太路58号',
    card({ contactName: '王先生', mobile: '13312345678', province: '江苏省', city: '南京市', district: '江宁区', address: '胜太路58号' }),
  ],
  [
    'English labels with semicolons',
    'Name: 郑凯; Mobile: 13800001111; Email: zhengkai@163.com; Company: 宁波海天贸易有限公司',
    card({ name: '宁波海天贸易有限公司', contactName: '郑凯', mobile: '13800001111', email: 'zhengkai@163.com' }),
  ],
  [
    'the title glued to the factory name',
    '东莞市鑫达五金制品厂采购部经理 何军 13825556666',
    card({ name: '东莞市鑫达五金制品厂', title: '采购部经理', contactName: '何军', mobile: '13825556666' }),
  ],
  [
    '刘总 and an address starting at the city',
    '刘总 18612345678 佛山市顺德区美的大道6号',
    card({ contactName: '刘总', mobile: '18612345678', province: '广东省', city: '佛山市', district: '顺德区', address: '美的大道6号' }),
  ],
  [
    'a landline without separators glued to 电话',
    '青岛海润橡胶有限公司 电话053288889999',
    card({ name: '青岛海润橡胶有限公司', phone: '0532-88889999' }),
  ],
  [
    'Beijing written short, 010 with spaces, a 中心',
    '北京 朝阳区 建国门外大街1号国贸大厦A座1201 北京国贸咨询中心 010 6505 1234 钱芳',
    card({ name: '北京国贸咨询中心', contactName: '钱芳', phone: '010-65051234', ...BJ, district: '朝阳区', address: '建国门外大街1号国贸大厦A座1201' }),
  ],
  [
    '姓名 / 职务 / 单位 / 手机 / 座机 labels',
    '姓名：马丽\n职务：财务主管\n单位：天津港顺物流有限公司\n手机：13920001234\n座机：022-25601234',
    card({ name: '天津港顺物流有限公司', contactName: '马丽', title: '财务主管', mobile: '13920001234', phone: '022-25601234' }),
  ],
  [
    'bracketed place in the company name',
    '华兴科技(北京)有限公司 张伟 销售总监 13800138000',
    card({ name: '华兴科技（北京）有限公司', contactName: '张伟', title: '销售总监', mobile: '13800138000' }),
  ],
  [
    'extension after a dash, 苏州工业园区 (a district named after its city)',
    '采购 李强 0512-6288 1234-8008 苏州恒信精密机械有限公司 苏州工业园区星湖街328号',
    card({ name: '苏州恒信精密机械有限公司', title: '采购', contactName: '李强', phone: '0512-62881234转8008', province: '江苏省', city: '苏州市', district: '苏州工业园区', address: '星湖街328号' }),
  ],
  [
    'upper-case e-mail, 微信同号, only a city',
    '微信同号 13588889999 邮箱 ZhangSan@QQ.com 张三 宁波',
    card({ contactName: '张三', mobile: '13588889999', email: 'zhangsan@qq.com', province: '浙江省', city: '宁波市' }),
  ],
  [
    'company and address only, autonomous region',
    '广西柳州五菱汽车配件有限公司\n广西壮族自治区柳州市柳南区航鹰大道18号',
    card({ name: '广西柳州五菱汽车配件有限公司', province: '广西壮族自治区', city: '柳州市', district: '柳南区', address: '航鹰大道18号' }),
  ],
  [
    'a forwarded message with chatter, 集团, labels without colons',
    '[微信] 老板让我把资料发你：\n内蒙古伊利实业集团 采购经理 赵刚\n手机 15004711234\n地址 内蒙古自治区呼和浩特市金川开发区金四路8号',
    card({ name: '内蒙古伊利实业集团', title: '采购经理', contactName: '赵刚', mobile: '15004711234', province: '内蒙古自治区', city: '呼和浩特市', address: '金川开发区金四路8号' }),
  ],
  [
    'a fax number is not the phone; province and city written short',
    '电话：0731-84561234 传真：0731-84561235 湖南长沙岳麓区麓谷大道627号 长沙麓谷新材料有限公司 肖红',
    card({ name: '长沙麓谷新材料有限公司', contactName: '肖红', phone: '0731-84561234', province: '湖南省', city: '长沙市', district: '岳麓区', address: '麓谷大道627号' }),
  ],
  [
    'compound surname, a long title',
    '欧阳娜娜 18800001234 厦门市思明区鹭江道8号 厦门鹭岛贸易有限公司 总经理助理',
    card({ name: '厦门鹭岛贸易有限公司', contactName: '欧阳娜娜', title: '总经理助理', mobile: '18800001234', province: '福建省', city: '厦门市', district: '思明区', address: '鹭江道8号' }),
  ],
  [
    'extra spaces everywhere, the company typed in words',
    '  深圳市 华强 电子 有限公司  \n  联系人 ： 曾志伟   \n  手机 ： 138 2888 9999  ',
    card({ name: '深圳市华强电子有限公司', contactName: '曾志伟', mobile: '13828889999' }),
  ],
  [
    'a chat line with a time stamp, 我是…的…',
    '2026/11/28 14:32 李总: 我是广州白云皮具厂的李建华，电话020-86661234，手机13711112222',
    card({ name: '广州白云皮具厂', contactName: '李建华', phone: '020-86661234', mobile: '13711112222' }),
  ],
  [
    'emoji card, ☎️ landline with a space, Chongqing',
    '🏢 重庆渝通机电设备有限公司\n👤 邓超\n📱 177 0230 5566\n☎️ 023-6789 1234\n🏠 重庆市渝北区金开大道99号',
    card({ name: '重庆渝通机电设备有限公司', contactName: '邓超', mobile: '17702305566', phone: '023-67891234', province: '重庆市', city: '重庆市', district: '渝北区', address: '金开大道99号' }),
  ],
  ['nothing to recognise', '你好，在吗？', card({})],
  ['an English name is not guessed', 'Tom Lee tom.lee@example.com +86 135 0000 1111', card({ email: 'tom.lee@example.com', mobile: '13500001111' })],
  [
    'a person customer: 收货人 / 电话 (a mobile) / 地址 with a county',
    '收货人：田伟 电话：15837001234 地址：河南省郑州市中牟县官渡镇101号',
    card({ contactName: '田伟', mobile: '15837001234', province: '河南省', city: '郑州市', district: '中牟县', address: '官渡镇101号' }),
  ],
  [
    'a 工作室, the WeChat id is not a phone',
    '晓峰设计工作室 宋晓峰 设计总监 微信:songxf88 13566667777',
    card({ name: '晓峰设计工作室', contactName: '宋晓峰', title: '设计总监', mobile: '13566667777' }),
  ],
  [
    'area code in brackets, 王经理',
    '(0755)2688 1234 深圳 龙华区 民治大道 王经理',
    card({ phone: '0755-26881234', contactName: '王经理', province: '广东省', city: '深圳市', district: '龙华区', address: '民治大道' }),
  ],
  [
    'full-width digits and brackets from a phone keyboard',
    '联系人：贺伟　手机：１３９０１２３４５６７　公司：华润（深圳）有限公司',
    card({ name: '华润（深圳）有限公司', contactName: '贺伟', mobile: '13901234567' }),
  ],
]

describe('customer.parseCard: the paste table', () => {
  it('has at least 30 pastes', () => expect(TABLE.length).toBeGreaterThanOrEqual(30))
  it.each(TABLE)('%s', (_label, text, expected) => {
    expect(parseCard(text)).toEqual(expected)
  })
})

describe('customer.parseCard through the dispatcher', () => {
  let t: TestCore
  beforeAll(async () => {
    t = await createTestCore()
  })
  afterAll(() => t.close())

  it('a salesperson reads a card; nothing is stored', async () => {
    const sales = await t.user('sales')
    const out = await t.call('customer.parseCard', { text: '张伟 13800138000 北京华兴科技有限公司 北京市海淀区中关村大街1号 销售经理' }, sales.token)
    expect(out).toEqual(card({ name: '北京华兴科技有限公司', contactName: '张伟', mobile: '13800138000', title: '销售经理', ...BJ, district: '海淀区', address: '中关村大街1号' }))
    const list = await t.call('customer.search', {}, t.adminToken)
    expect(list.total).toBe(0)
  })

  it('a role that may not create customers is refused', async () => {
    const clerk = await t.user('clerk')
    const res = await t.raw('customer.parseCard', { text: '张伟 13800138000' }, clerk.token)
    expect(res.ok).toBe(false)
    expect(res.ok ? null : res.error.code).toBe('FORBIDDEN')
  })

  it('a paste over 2 000 characters is a validation error', async () => {
    const res = await t.raw('customer.parseCard', { text: '张'.repeat(2001) }, t.adminToken)
    expect(res.ok ? null : res.error.code).toBe('VALIDATION')
  })
})
