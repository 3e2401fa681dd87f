/**
 * The one IPC channel ('kedan:invoke') routed into the contract.
 *
 * The Electron renderer sends no Authorization header, so main keeps each window's session token:
 * remembered from a successful auth.login / auth.setup, passed on as meta.token, forgotten on
 * auth.logout (and when the core says the session is no longer valid). `desktop.*` methods are
 * answered here in main, before the core; they exist only over IPC.
 */
import { fail, type DispatchFn, type Envelope } from './envelope'
import { mainText, setAppLocale } from './messages'

export const IPC_CHANNEL = 'kedan:invoke'

/** Session tokens per webContents id. */
export class TokenStore {
  private readonly tokens = new Map<number, string>()
  get(senderId: number): string | undefined {
    return this.tokens.get(senderId)
  }
  set(senderId: number, token: string): void {
    this.tokens.set(senderId, token)
  }
  delete(senderId: number): void {
    this.tokens.delete(senderId)
  }
  clear(): void {
    this.tokens.clear()
  }
  get size(): number {
    return this.tokens.size
  }
}

export interface DesktopContext {
  senderId: number
  tokens: TokenStore
}

export type DesktopHandler = (input: unknown, ctx: DesktopContext) => Promise<Envelope<unknown>>

export interface RouterDeps {
  /** the current backend's dispatch; null while no mode has been chosen */
  getDispatch: () => DispatchFn | null
  /** `desktop.*` methods answered in main */
  desktop: Record<string, DesktopHandler>
  tokens: TokenStore
  log?: (line: string) => void
  /** the UI's language changed (main remembers it for its own dialogs and the next start) */
  onLocale?: () => void
}

const METHOD_NAME = /^[A-Za-z][A-Za-z0-9]*\.[A-Za-z][A-Za-z0-9]*$/
const SESSION_STARTERS = new Set(['auth.login', 'auth.setup'])

export interface IpcRouter {
  /** `locale`: the UI language the preload sends along (messages come back in it). */
  invoke(senderId: number, method: unknown, params: unknown, locale?: unknown): Promise<Envelope<unknown>>
  tokens: TokenStore
}

export function createIpcRouter(deps: RouterDeps): IpcRouter {
  const { tokens } = deps
  const log = deps.log ?? ((l: string) => console.error(l))

  async function invoke(senderId: number, method: unknown, params: unknown, locale?: unknown): Promise<Envelope<unknown>> {
    // the UI's language is the app's: main's own messages below and later (dialogs, the update notice) follow it
    if (setAppLocale(locale)) deps.onLocale?.()
    if (typeof method !== 'string' || !METHOD_NAME.test(method)) {
      return fail('NOT_FOUND', mainText('ipc.unknownMethod', { method: String(method).slice(0, 80) }))
    }
    try {
      if (method.startsWith('desktop.')) {
        const handler = Object.prototype.hasOwnProperty.call(deps.desktop, method) ? deps.desktop[method] : undefined
        if (!handler) return fail('NOT_FOUND', mainText('ipc.unknownMethod', { method }))
        return await handler(params, { senderId, tokens })
      }
      const dispatch = deps.getDispatch()
      if (!dispatch) {
        return fail('BUSINESS_RULE', mainText('ipc.modeNotSet'), { reason: 'MODE_NOT_SET' })
      }
      const result = await dispatch(method, params ?? {}, { token: tokens.get(senderId), clientAddress: 'local', ...(typeof locale === 'string' && locale ? { locale } : {}) })
      if (result.ok) {
        if (SESSION_STARTERS.has(method)) {
          const token = (result.data as { token?: unknown } | null)?.token
          if (typeof token === 'string' && token) tokens.set(senderId, token)
        }
      } else if (result.error.code === 'UNAUTHENTICATED' && !SESSION_STARTERS.has(method)) {
        // the session expired or was ended elsewhere: stop sending the dead token
        tokens.delete(senderId)
      }
      if (method === 'auth.logout') tokens.delete(senderId)
      return result
    } catch (err) {
      log(`ipc ${method} failed: ${(err as Error)?.stack ?? String(err)}`)
      return fail('INTERNAL', mainText('ipc.internal'))
    }
  }

  return { invoke, tokens }
}
