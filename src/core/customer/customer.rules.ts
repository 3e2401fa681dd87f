import { pinyin } from 'pinyin-pro'

/** GB 32100-2015 統一社会信用代码 check character. */
const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

export function usccCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARS.indexOf(first17[i]!)
    if (v < 0) return null
    sum += v * USCC_WEIGHTS[i]!
  }
  const c = 31 - (sum % 31)
  return USCC_CHARS[c === 31 ? 0 : c]!
}

export function isValidUscc(code: string): boolean {
  if (!/^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/.test(code)) return false
  return usccCheckChar(code.slice(0, 17)) === code[17]
}

/** full-width → half-width, including the ideographic space */
export function toHalfWidth(s: string): string {
  return s.replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ')
}

const COMPANY_SUFFIXES = ['股份有限公司', '有限责任公司', '有限公司', '集团公司', '公司']

/**
 * Places a company name starts with (or carries in brackets): the provinces and the larger cities. A name's key
 * keeps the most specific of them in front of the trade name, so 北京市华兴科技有限公司, 华兴科技（北京）有限公司
 * and 北京华兴科技有限公司 compare equal, and 广东省深圳市华兴 equals 深圳华兴.
 */
const PLACES = [
  '黑龙江', '内蒙古', '北京', '天津', '上海', '重庆', '河北', '山西', '辽宁', '吉林', '江苏', '浙江', '安徽', '福建', '江西', '山东',
  '河南', '湖北', '湖南', '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '台湾', '广西', '西藏', '宁夏', '新疆',
  '香港', '澳门', '乌鲁木齐', '石家庄', '呼和浩特', '哈尔滨', '张家港', '深圳', '广州', '杭州', '南京', '苏州', '无锡', '宁波',
  '温州', '成都', '武汉', '西安', '郑州', '长沙', '合肥', '济南', '青岛', '厦门', '福州', '沈阳', '大连', '长春', '太原', '南昌',
  '昆明', '贵阳', '南宁', '兰州', '西宁', '银川', '拉萨', '海口', '三亚', '东莞', '佛山', '珠海', '中山', '惠州', '常州', '南通',
  '徐州', '扬州', '绍兴', '嘉兴', '金华', '台州', '义乌', '烟台', '潍坊', '唐山', '保定', '廊坊', '洛阳', '宜昌', '泉州', '漳州',
  '芜湖', '昆山', '江阴', '汕头', '江门', '湛江', '淄博', '临沂', '济宁', '威海', '镇江', '盐城', '湖州', '舟山', '柳州', '桂林',
]
const ADMIN_SUFFIXES = ['特别行政区', '自治区', '省', '市', '区', '县']
const PLACE_RE = `(${PLACES.join('|')})(?:${ADMIN_SUFFIXES.join('|')})?`
const LEADING_PLACE = new RegExp(`^${PLACE_RE}`)
const BRACKETED_PLACE = new RegExp(`\\(${PLACE_RE}\\)`)

function stripCompanySuffixes(s: string): string {
  for (;;) {
    const before = s
    for (const suf of COMPANY_SUFFIXES) {
      const bracketed = `(${suf})`
      if (s.endsWith(bracketed)) s = s.slice(0, -bracketed.length)
      else if (s.endsWith(suf) && s.length > suf.length) s = s.slice(0, -suf.length)
    }
    if (s === before) return s
  }
}

/**
 * The key two customer names are compared by: full-width folded, company form (有限公司…) removed, and the place —
 * leading (北京市…) or bracketed (…（北京）…), with its 省/市/区 dropped — put in front of the trade name.
 */
export function normalizeName(name: string): string {
  let s = stripCompanySuffixes(toHalfWidth(name).replace(/（/g, '(').replace(/）/g, ')').replace(/\s+/g, '').toLowerCase())
  let place = ''
  for (;;) {
    const m = LEADING_PLACE.exec(s)
    if (!m || m[0].length >= s.length) break
    place = m[1]!
    s = s.slice(m[0].length)
  }
  const b = BRACKETED_PLACE.exec(s)
  if (b && s.length > b[0].length) {
    place = b[1]!
    s = stripCompanySuffixes(s.slice(0, b.index) + s.slice(b.index + b[0].length))
  }
  return place + s
}

/** A phone as compared: +86 / 0086, spaces, dashes and brackets removed. */
export function normalizePhone(phone: string | null | undefined): string {
  if (!phone) return ''
  let s = toHalfWidth(phone).replace(/[\s\-()（）.]/g, '')
  if (s.startsWith('+86')) s = s.slice(3)
  else if (s.startsWith('0086')) s = s.slice(4)
  else if (s.startsWith('86') && s.length === 13) s = s.slice(2)
  return s
}

/** A contact's mobile and phone, normalised and comma-wrapped (`,138…,010…,`) so one LIKE finds either. */
export function contactPhoneKey(mobile: string | null | undefined, phone: string | null | undefined): string {
  const list = [normalizePhone(mobile), normalizePhone(phone)].filter(Boolean)
  return list.length ? `,${list.join(',')},` : ''
}

/** Full pinyin (no tones, no spaces) and initials of a text. Non-Chinese characters stay as they are. */
export function pinyinKeys(text: string): { full: string; initials: string } {
  if (!text) return { full: '', initials: '' }
  const syllables = pinyin(text, { toneType: 'none', type: 'array', nonZh: 'consecutive', v: true }) as string[]
  // brackets and other punctuation are not syllables: 昌辉（义乌）化工 → chywhg, not ch(yw)hg
  const clean = syllables.map((s) => s.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')).filter(Boolean)
  return { full: clean.join(''), initials: clean.map((s) => s[0] ?? '').join('') }
}

export function buildSearchText(parts: { name: string; shortName?: string | null; code: string; phone?: string | null; contactPhones?: string[] }): string {
  const py = pinyinKeys(parts.name)
  const spy = parts.shortName ? pinyinKeys(parts.shortName) : { full: '', initials: '' }
  // phones only normalised: a query that looks like a phone is normalised the same way before matching
  const phones = [parts.phone, ...(parts.contactPhones ?? [])].filter(Boolean).map((p) => normalizePhone(p!))
  const all = [parts.name, parts.shortName ?? '', parts.code, ...phones, py.full, py.initials, spy.full, spy.initials]
    // the same folding as normalizeQuery (which drops spaces), or "ABC 国际" could never be found
    .map((s) => normalizeQuery(s))
    .filter(Boolean)
  // a part inside another part adds nothing a query could find (queries never span the '|'), and a shorter
  // haystack is a faster scan: a short name inside the name, its pinyin inside the name's pinyin, a phone twice
  const unique = [...new Set(all)]
  return unique.filter((p) => !unique.some((o) => o !== p && o.includes(p))).join('|')
}

/** The query as it is matched against searchText. */
export function normalizeQuery(q: string): string {
  return toHalfWidth(q).trim().toLowerCase().replace(/\s+/g, '')
}

export function tagsToColumn(tags: string[] | undefined | null): string {
  const list = [...new Set((tags ?? []).map((t) => t.trim()).filter(Boolean))]
  return list.length ? `,${list.join(',')},` : ''
}

export function tagsFromColumn(col: string): string[] {
  return col.split(',').filter(Boolean)
}
