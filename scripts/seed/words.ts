/** Word lists for realistic Chinese company data. */

export interface City {
  province: string
  city: string
  /** short form used inside company names */
  short: string
  districts: string[]
  areaCode: string
  /** administrative division code (GB/T 2260), used in the USCC */
  division: string
}

export const CITIES: City[] = [
  { province: '北京市', city: '北京市', short: '北京', districts: ['朝阳区', '海淀区', '丰台区', '大兴区', '顺义区', '通州区'], areaCode: '010', division: '110105' },
  { province: '上海市', city: '上海市', short: '上海', districts: ['浦东新区', '闵行区', '嘉定区', '松江区', '宝山区', '青浦区'], areaCode: '021', division: '310115' },
  { province: '天津市', city: '天津市', short: '天津', districts: ['滨海新区', '西青区', '东丽区', '武清区'], areaCode: '022', division: '120116' },
  { province: '重庆市', city: '重庆市', short: '重庆', districts: ['渝北区', '九龙坡区', '江北区', '沙坪坝区'], areaCode: '023', division: '500112' },
  { province: '广东省', city: '广州市', short: '广州', districts: ['天河区', '白云区', '番禺区', '黄埔区', '花都区'], areaCode: '020', division: '440106' },
  { province: '广东省', city: '深圳市', short: '深圳', districts: ['南山区', '宝安区', '龙岗区', '福田区', '龙华区'], areaCode: '0755', division: '440305' },
  { province: '广东省', city: '东莞市', short: '东莞', districts: ['长安镇', '虎门镇', '松山湖', '塘厦镇', '厚街镇'], areaCode: '0769', division: '441900' },
  { province: '广东省', city: '佛山市', short: '佛山', districts: ['顺德区', '南海区', '禅城区'], areaCode: '0757', division: '440606' },
  { province: '浙江省', city: '杭州市', short: '杭州', districts: ['西湖区', '滨江区', '余杭区', '萧山区', '拱墅区'], areaCode: '0571', division: '330106' },
  { province: '浙江省', city: '宁波市', short: '宁波', districts: ['鄞州区', '北仑区', '慈溪市', '余姚市'], areaCode: '0574', division: '330212' },
  { province: '浙江省', city: '温州市', short: '温州', districts: ['鹿城区', '瓯海区', '乐清市', '瑞安市'], areaCode: '0577', division: '330302' },
  { province: '浙江省', city: '义乌市', short: '义乌', districts: ['稠城街道', '北苑街道', '佛堂镇'], areaCode: '0579', division: '330782' },
  { province: '江苏省', city: '苏州市', short: '苏州', districts: ['工业园区', '吴中区', '相城区', '昆山市', '常熟市'], areaCode: '0512', division: '320506' },
  { province: '江苏省', city: '南京市', short: '南京', districts: ['江宁区', '鼓楼区', '玄武区', '浦口区'], areaCode: '025', division: '320115' },
  { province: '江苏省', city: '无锡市', short: '无锡', districts: ['滨湖区', '新吴区', '江阴市', '宜兴市'], areaCode: '0510', division: '320211' },
  { province: '江苏省', city: '常州市', short: '常州', districts: ['武进区', '新北区', '天宁区'], areaCode: '0519', division: '320412' },
  { province: '山东省', city: '青岛市', short: '青岛', districts: ['黄岛区', '城阳区', '即墨区', '崂山区'], areaCode: '0532', division: '370211' },
  { province: '山东省', city: '济南市', short: '济南', districts: ['历下区', '槐荫区', '章丘区'], areaCode: '0531', division: '370102' },
  { province: '福建省', city: '厦门市', short: '厦门', districts: ['思明区', '湖里区', '集美区', '海沧区'], areaCode: '0592', division: '350206' },
  { province: '福建省', city: '泉州市', short: '泉州', districts: ['晋江市', '石狮市', '丰泽区'], areaCode: '0595', division: '350582' },
  { province: '福建省', city: '福州市', short: '福州', districts: ['鼓楼区', '仓山区', '马尾区'], areaCode: '0591', division: '350104' },
  { province: '四川省', city: '成都市', short: '成都', districts: ['高新区', '武侯区', '锦江区', '双流区', '郫都区'], areaCode: '028', division: '510107' },
  { province: '湖北省', city: '武汉市', short: '武汉', districts: ['江汉区', '洪山区', '东西湖区', '汉阳区'], areaCode: '027', division: '420103' },
  { province: '湖南省', city: '长沙市', short: '长沙', districts: ['岳麓区', '雨花区', '开福区', '长沙县'], areaCode: '0731', division: '430104' },
  { province: '陕西省', city: '西安市', short: '西安', districts: ['雁塔区', '未央区', '高新区', '长安区'], areaCode: '029', division: '610113' },
  { province: '河南省', city: '郑州市', short: '郑州', districts: ['金水区', '中原区', '管城区', '郑东新区'], areaCode: '0371', division: '410105' },
  { province: '安徽省', city: '合肥市', short: '合肥', districts: ['蜀山区', '包河区', '庐阳区'], areaCode: '0551', division: '340104' },
  { province: '河北省', city: '石家庄市', short: '石家庄', districts: ['长安区', '桥西区', '裕华区'], areaCode: '0311', division: '130102' },
  { province: '辽宁省', city: '沈阳市', short: '沈阳', districts: ['和平区', '铁西区', '浑南区'], areaCode: '024', division: '210106' },
  { province: '辽宁省', city: '大连市', short: '大连', districts: ['甘井子区', '中山区', '金州区'], areaCode: '0411', division: '210211' },
  { province: '江西省', city: '南昌市', short: '南昌', districts: ['红谷滩区', '青山湖区', '西湖区'], areaCode: '0791', division: '360111' },
  { province: '云南省', city: '昆明市', short: '昆明', districts: ['五华区', '官渡区', '西山区'], areaCode: '0871', division: '530111' },
]

/** first and second characters of trade names (字号) */
export const TRADE_FIRST = '华恒鑫宏金瑞盛永佳博天汇正中东新明安嘉立锦富联德海启智众卓同兴隆泰昌信达和润丰源祥益宝通'.split('')
export const TRADE_SECOND = '星信源达泰丰世兴禾远成通联辰明创盛天航合越舟业利发茂隆昌鼎威力升宇峰辉科美邦晟'.split('')

/** the line of business inside a company name, and the industry it belongs to */
export const BUSINESS: [string, string][] = [
  ['科技', '信息技术'],
  ['信息技术', '信息技术'],
  ['软件', '信息技术'],
  ['网络科技', '信息技术'],
  ['电子', '制造业'],
  ['机械', '制造业'],
  ['机电设备', '制造业'],
  ['五金制品', '制造业'],
  ['塑胶制品', '制造业'],
  ['模具', '制造业'],
  ['精密机械', '制造业'],
  ['汽车配件', '制造业'],
  ['化工', '制造业'],
  ['新材料', '制造业'],
  ['纺织', '制造业'],
  ['服饰', '制造业'],
  ['家具', '制造业'],
  ['包装材料', '制造业'],
  ['印刷', '制造业'],
  ['食品', '制造业'],
  ['贸易', '批发零售'],
  ['商贸', '批发零售'],
  ['进出口', '批发零售'],
  ['实业', '批发零售'],
  ['建材', '建筑工程'],
  ['建筑工程', '建筑工程'],
  ['装饰工程', '建筑工程'],
  ['物流', '物流'],
  ['供应链管理', '物流'],
  ['餐饮管理', '餐饮酒店'],
  ['酒店管理', '餐饮酒店'],
  ['医疗器械', '医疗'],
  ['生物科技', '医疗'],
  ['教育科技', '教育'],
  ['环保科技', '其他'],
  ['新能源', '其他'],
]

export const COMPANY_FORMS: [string, number][] = [
  ['有限公司', 70],
  ['有限责任公司', 8],
  ['股份有限公司', 6],
  ['厂', 6],
  ['商行', 4],
  ['经营部', 3],
  ['集团有限公司', 3],
]

export const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史黎贺顾毛郝龚邵万钱覃武戴孔汤庞樊兰殷施陶洪翟安颜倪严牛温芦季俞章鲁葛伍申尤毕聂柴焦向柳邢岳齐沿梅莫庄辛管祝左涂谷祁时舒耿牟卜路詹关苗凌费纪靳盛童欧甄项曲成游阳裴席卫查屈鲍位覃霍翁隋植甘景薄单包司柏宁柯阮桂闵'.split('')
export const GIVEN = '伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红建文辉力兰金国春晨波宁海燕鹏飞斌浩凯丹雪梅琳婷慧颖佳俊峰亮欣宇航鑫晓东志新'.split('')

export const TITLES = ['总经理', '采购经理', '采购', '财务', '老板', '销售总监', '行政主管', '厂长', '技术负责人', '仓库主管', '副总经理', '出纳']
export const ROADS = ['人民路', '建设路', '中山路', '解放路', '和平路', '新华路', '长江路', '工业大道', '科技园路', '创业路', '文化路', '滨江大道', '东风路', '环城北路', '振兴路', '黄河路']
export const BUILDINGS = ['大厦', '科技园', '工业园', '商务中心', '产业园', '广场']
export const TAGS = ['VIP', '重点', '老客户', '新客户', '外贸', '月结', '现款', '招投标', '价格敏感']
export const SIZES = ['1-20人', '20-50人', '50-200人', '200-500人', '500人以上']
export const MOBILE_PREFIXES = ['130', '131', '132', '133', '135', '136', '137', '138', '139', '150', '151', '152', '155', '157', '158', '159', '166', '170', '176', '177', '180', '181', '182', '185', '186', '187', '188', '189', '191', '198', '199']

export const FOLLOW_UP_TEXTS: Record<string, string[]> = {
  call: ['电话沟通了需求，客户要求下周报价', '电话回访，对上批货质量满意', '确认了交期，客户希望提前一周', '电话催款，答应月底前付清', '沟通新产品目录，客户有兴趣'],
  visit: ['上门拜访，见了采购经理，参观了工厂', '拜访老板，谈了明年的框架协议', '现场看样，客户提出包装改进意见', '陪同技术上门解决安装问题'],
  wechat: ['微信发送了报价单和产品图片', '微信沟通样品寄送地址', '客户微信询问库存情况', '微信发了对账单，等待确认'],
  email: ['邮件发送正式报价和合同草案', '邮件回复了技术参数问题', '发送了月度对账单'],
  meeting: ['在公司会议室洽谈年度合作', '参加客户的供应商大会', '展会上见面，交换了名片'],
}
