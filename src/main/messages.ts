/**
 * The desktop's own messages (dialogs, the update notice, mode and host errors, certificate pinning) in the app's
 * language. The UI language is the one the renderer sends with every IPC call (the preload's third argument): the
 * router makes it the app locale (`setAppLocale`), and it is remembered in `userData/ui-locale.json`, so the next
 * start speaks it before the window has said anything (a start-up error dialog). Chinese until told otherwise.
 * Plain data and functions: tests run them under Node.
 */
import * as fs from 'node:fs'
import * as path from 'node:path'
import { DEFAULT_LOCALE, pickLocale, type Locale } from '../core/i18n/locale'

const zhCN = {
  'ipc.foreignPage': '拒绝来自未知页面的调用',
  'ipc.unknownMethod': '未知的方法：{method}',
  'ipc.modeNotSet': '请先选择这台电脑的运行模式（单机版、局域网主机或局域网客户端）',
  'ipc.internal': '内部错误',
  'start.failedTitle': '客单 Kedan 无法启动',
  'start.failedBody': '{message}\n\n日志：{log}',
  'update.title': '客单 Kedan 有新版本',
  'update.body': '新版本 {version} 已下载，将在退出客单后自动安装。',
  'mode.standalone': '单机版',
  'mode.lan-host': '局域网主机',
  'mode.lan-client': '局域网客户端',
  'mode.previousFailed': '上次选择的运行模式（{mode}）无法启动：{message}',
  'mode.startFailed': '无法启动：{message}',
  'config.cannotSave': '无法保存配置文件 {file}：{message}',
  'config.cannotRead': '无法读取配置文件 {file}：{message}',
  'config.notJson': '配置文件 {file} 不是有效的 JSON',
  'config.invalidFile': '配置文件 {file} 无效：{message}',
  'config.invalid': '配置无效',
  'config.mode': '运行模式必须是 standalone、lan-host 或 lan-client',
  'config.portNumber': '端口必须是数字',
  'config.portInteger': '端口必须是整数',
  'config.portRange': '端口必须在 1–65535 之间',
  'config.hostRequired': '局域网客户端需要填写主机地址',
  'config.hostInvalid': '主机地址无效：{host}',
  'config.fingerprint': '主机证书指纹无效（应为 64 位十六进制的 SHA-256）',
  'config.updateUrl': '更新地址无效：{url}',
  'host.enterAddress': '请填写主机地址',
  'host.invalidShort': '主机地址无效',
  'host.confirmPairing': '连接 {host} 前需要核对并确认主机证书的配对码',
  'host.cannotOpenDb': '无法打开数据库（{dir}）：{message}',
  'host.portInUse': '端口 {port} 已被占用，请换一个端口，或关闭占用它的程序',
  'host.portDenied': '没有权限使用端口 {port}，请换一个大于 1024 的端口',
  'host.cannotServe': '无法在端口 {port} 上提供局域网服务：{message}',
  'remote.unreachable': '无法连接到主机 {host}（{reason}）',
  'remote.timeout': '连接超时',
  'remote.refused': '主机拒绝连接，请确认主机上的客单已启动',
  'remote.noSuchHost': '找不到该主机名',
  'remote.networkUnreachable': '网络不可达',
  'remote.networkError': '网络错误：{detail}',
  'remote.badResponse': '主机 {host} 返回了无法识别的响应（HTTP {status}），请确认地址指向客单主机',
  'remote.notKedan': '{host} 不是客单主机（健康检查的响应不对）',
  'remote.hostNewer': '主机 {host} 已是新版本 {hostVersion}，本机仍是 {clientVersion}：请从主机更新客单（新版本会自动从主机下载，退出客单后安装）。',
  'remote.clientNewer': '本机客单（{clientVersion}）比主机 {host} 上的客单（{hostVersion}）新，为避免数据不一致已拒绝连接：请先把主机更新到 {clientVersion} 或更高版本。',
  'pin.changed':
    '主机 {host} 的证书与第一次连接时不同（原配对码 {expected}，现在 {actual}），为安全起见已拒绝连接。' +
    '如果主机重装过或更换了证书，请在主机上核对新的配对码，然后在“运行模式”中重新连接主机；否则请联系管理员，可能有人冒充主机。',
} as const

export type MainMessageKey = keyof typeof zhCN

const enUS: Record<MainMessageKey, string> = {
  'ipc.foreignPage': 'Refused a call from an unknown page',
  'ipc.unknownMethod': 'Unknown method: {method}',
  'ipc.modeNotSet': 'First choose how this computer runs Kedan (standalone, LAN host or LAN client)',
  'ipc.internal': 'Internal error',
  'start.failedTitle': 'Kedan could not start',
  'start.failedBody': '{message}\n\nLog: {log}',
  'update.title': 'A new version of Kedan',
  'update.body': 'Version {version} has been downloaded and will be installed when you quit Kedan.',
  'mode.standalone': 'Standalone',
  'mode.lan-host': 'LAN host',
  'mode.lan-client': 'LAN client',
  'mode.previousFailed': 'The mode chosen last time ({mode}) could not start: {message}',
  'mode.startFailed': 'Could not start: {message}',
  'config.cannotSave': 'Could not save the settings file {file}: {message}',
  'config.cannotRead': 'Could not read the settings file {file}: {message}',
  'config.notJson': 'The settings file {file} is not valid JSON',
  'config.invalidFile': 'The settings file {file} is invalid: {message}',
  'config.invalid': 'Invalid settings',
  'config.mode': 'The mode must be standalone, lan-host or lan-client',
  'config.portNumber': 'The port must be a number',
  'config.portInteger': 'The port must be a whole number',
  'config.portRange': 'The port must be between 1 and 65535',
  'config.hostRequired': 'A LAN client needs the host address',
  'config.hostInvalid': 'Invalid host address: {host}',
  'config.fingerprint': 'Invalid host certificate fingerprint (64 hexadecimal digits of SHA-256 expected)',
  'config.updateUrl': 'Invalid update address: {url}',
  'host.enterAddress': 'Enter the host address',
  'host.invalidShort': 'Invalid host address',
  'host.confirmPairing': 'Before connecting to {host}, compare and confirm the pairing code of its certificate',
  'host.cannotOpenDb': 'Could not open the database ({dir}): {message}',
  'host.portInUse': 'Port {port} is in use: choose another port, or close the program using it',
  'host.portDenied': 'No permission to use port {port}: choose a port above 1024',
  'host.cannotServe': 'Could not serve the LAN on port {port}: {message}',
  'remote.unreachable': 'Cannot connect to the host {host} ({reason})',
  'remote.timeout': 'timed out',
  'remote.refused': 'the host refused the connection; make sure Kedan is running on the host',
  'remote.noSuchHost': 'host name not found',
  'remote.networkUnreachable': 'network unreachable',
  'remote.networkError': 'network error: {detail}',
  'remote.badResponse': 'The host {host} sent an answer Kedan does not understand (HTTP {status}): check that the address points to a Kedan host',
  'remote.notKedan': '{host} is not a Kedan host (its health check answered something else)',
  'remote.hostNewer': 'The host {host} runs the newer version {hostVersion}, this computer still {clientVersion}: update Kedan from the host (the new version downloads from the host by itself and installs when you quit Kedan).',
  'remote.clientNewer': 'Kedan on this computer ({clientVersion}) is newer than on the host {host} ({hostVersion}); the connection was refused to keep the data consistent: first update the host to {clientVersion} or later.',
  'pin.changed':
    'The certificate of the host {host} differs from the first connection (pairing code was {expected}, now {actual}); the connection was refused for safety. ' +
    'If the host was reinstalled or got a new certificate, compare the new pairing code on the host, then connect to the host again under "Mode"; otherwise contact your administrator: someone may be posing as the host.',
}

export const mainMessages: Record<Locale, Record<MainMessageKey, string>> = { 'zh-CN': zhCN, 'en-US': enUS }

let appLocale: Locale = DEFAULT_LOCALE

/** The app's language now (the UI's last word, else the remembered one, else Chinese). */
export function getAppLocale(): Locale {
  return appLocale
}

/** Follows the UI: any tag (`en-US`, `zh-CN`, an Accept-Language list); returns true when it changed. */
export function setAppLocale(tag: unknown): boolean {
  if (typeof tag !== 'string' || !tag) return false
  const next = pickLocale(tag)
  if (next === appLocale) return false
  appLocale = next
  return true
}

/** A desktop message in `locale` (default: the app's). */
export function mainText(key: MainMessageKey, params?: Record<string, string | number>, locale: Locale = appLocale): string {
  const template = mainMessages[locale][key] ?? zhCN[key]
  if (!params) return template
  return template.replace(/\{(\w+)\}/g, (m, name: string) => (Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : m))
}

export const LOCALE_FILE_NAME = 'ui-locale.json'
export const localeFilePath = (userDataDir: string) => path.join(userDataDir, LOCALE_FILE_NAME)

/** At start: the language the UI used last time (a missing or broken file: Chinese). */
export function loadAppLocale(file: string): Locale {
  try {
    const v = (JSON.parse(fs.readFileSync(file, 'utf8')) as { locale?: unknown }).locale
    setAppLocale(typeof v === 'string' ? v : DEFAULT_LOCALE)
  } catch {
    /* first start, or unreadable: keep the default */
  }
  return appLocale
}

/** Remembers the app's language for the next start (best effort: a read-only folder only loses the memory). */
export function saveAppLocale(file: string, locale: Locale = appLocale): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    fs.writeFileSync(file, JSON.stringify({ locale }))
  } catch {
    /* not worth failing a call for */
  }
}
