/**
 * First-run setup (`auth.setup`) makes its caller the administrator, so it is open only to the machine
 * itself — IPC, in-process callers and loopback HTTP — or, from another machine, to whoever holds the
 * one-time setup code that the host prints when it starts (`npm run serve`; the desktop LAN host logs it).
 * The code lives in the core's memory (never on disk) and is gone once setup is done.
 */
import { randomInt, timingSafeEqual } from 'node:crypto'
import { appError } from '../contract/errors'

const MEMORY_KEY = 'auth.setupCode'
/** no 0/O, 1/I/L: read off a screen and typed on another PC */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789'

/** `undefined` (in-process), `'local'` (IPC) and loopback addresses are this machine. */
export function isLocalCaller(clientAddress: string | undefined): boolean {
  if (clientAddress === undefined || clientAddress === 'local') return true
  const a = clientAddress.toLowerCase().replace(/^::ffff:/, '')
  return a === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(a)
}

/** The code for this run (made on first ask): 12 characters of 31 (≈ 59 bits), shown as XXXX-XXXX-XXXX. */
export function issueSetupCode(memory: Map<string, unknown>): string {
  const have = memory.get(MEMORY_KEY)
  if (typeof have === 'string') return have
  let raw = ''
  for (let i = 0; i < 12; i++) raw += ALPHABET[randomInt(ALPHABET.length)]
  const code = `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`
  memory.set(MEMORY_KEY, code)
  return code
}

export function forgetSetupCode(memory: Map<string, unknown>): void {
  memory.delete(MEMORY_KEY)
}

const normalize = (s: string) => s.toUpperCase().replace(/[^A-Z0-9]/g, '')

/** Refuses a setup from another machine without the right code (FORBIDDEN; no hint which part was wrong beyond that). */
export function checkSetupCaller(ctx: { clientAddress?: string; memory: Map<string, unknown> }, given: string | undefined): void {
  if (isLocalCaller(ctx.clientAddress)) return
  const code = ctx.memory.get(MEMORY_KEY)
  if (!given?.trim()) throw appError('FORBIDDEN', 'auth.setupCodeNeeded', {}, { reason: 'SETUP_CODE_REQUIRED', field: 'setupCode' })
  const a = Buffer.from(normalize(given))
  const b = Buffer.from(typeof code === 'string' ? normalize(code) : '')
  if (b.length === 0 || a.length !== b.length || !timingSafeEqual(a, b)) {
    throw appError('FORBIDDEN', 'auth.setupCodeWrong', {}, { reason: 'SETUP_CODE_WRONG', field: 'setupCode' })
  }
}
