/**
 * Messages in the caller's language. A message is a stable key plus parameters; the text is rendered from
 * the catalog of the caller's locale (messages.zh-CN.ts / messages.en-US.ts). Imports nothing of Node,
 * TypeORM or zod: the renderer may import the catalogs and this file as they are.
 */
import { DEFAULT_LOCALE, type Locale } from './locale'
import { zhCN, type CoreMessageKey, type EntityLabel, type FieldLabel } from './messages.zh-CN'
import { enUS } from './messages.en-US'

export { LOCALES, DEFAULT_LOCALE, isLocale, pickLocale, type Locale } from './locale'
export type { CoreMessageKey, EntityLabel, FieldLabel } from './messages.zh-CN'

/** A message inside another one's parameters (`{what}` = 客户 / Customer). */
export interface MessageRef {
  key: string
  params?: MessageParams
}
/** A list (e.g. of states) renders its items joined by '/'. */
export type ParamValue = string | number | boolean | null | MessageRef | ParamValue[]
export type MessageParams = Record<string, ParamValue>

export const coreMessages: Record<Locale, Record<CoreMessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS }

export function hasCoreMessage(key: string): key is CoreMessageKey {
  return Object.prototype.hasOwnProperty.call(zhCN, key)
}

/** `{name}` replaced by the rendered parameter; a parameter that is itself a message is rendered too. */
export function formatMessage(template: string, params: MessageParams | undefined, renderRef: (ref: MessageRef) => string): string {
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) return m
    const v = params[name]
    const one = (x: ParamValue): string => (x === null || x === undefined ? '' : Array.isArray(x) ? x.map(one).join('/') : typeof x === 'object' ? renderRef(x) : String(x))
    return one(v as ParamValue)
  })
}

/** The text of a core message in a locale (unknown keys come back as the key itself). */
export function renderMessage(key: string, params?: MessageParams, locale: Locale = DEFAULT_LOCALE): string {
  const dict = coreMessages[locale] as Record<string, string>
  const template = dict[key] ?? (zhCN as Record<string, string>)[key] ?? key
  return formatMessage(template, params, (ref) => renderMessage(ref.key, ref.params, locale))
}

/** A reference to a message, for use as a parameter of another one. */
export const msgRef = (key: CoreMessageKey, params?: MessageParams): MessageRef => (params ? { key, params } : { key })

const byText = (prefix: string) => {
  const m = new Map<string, CoreMessageKey>()
  for (const [k, v] of Object.entries(zhCN)) if (k.startsWith(prefix)) m.set(v, k as CoreMessageKey)
  return m
}
const entityKeys = byText('entity.')
const labelKeys = byText('label.')

/** `'客户'` → {key:'entity.customer'}; an unknown noun travels as plain text. */
export function entityRef(label: EntityLabel | string): ParamValue {
  const key = entityKeys.get(label)
  return key ? { key } : label
}
/** `'客户名称'` → {key:'label.customerName'}; an unknown label travels as plain text. */
export function labelRef(label: FieldLabel | string): ParamValue {
  const key = labelKeys.get(label)
  return key ? { key } : label
}

/**
 * A zod message in the language of the request being parsed, for a check or a schema:
 * `z.string().min(1, issue('validation.required', { label }))`, `.refine(fn, issue('…'))`.
 */
export const issue = (key: CoreMessageKey, params?: MessageParams) => ({ error: () => renderMessage(key, params, currentLocale()) })

/**
 * The locale of the request being validated right now. zod runs its error maps synchronously inside
 * `safeParse`, so the dispatcher sets it around the parse (`withLocale`) and schema messages read it.
 */
let parsing: Locale = DEFAULT_LOCALE
export function currentLocale(): Locale {
  return parsing
}
export function withLocale<T>(locale: Locale, fn: () => T): T {
  const before = parsing
  parsing = locale
  try {
    return fn()
  } finally {
    parsing = before
  }
}
