import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { availableParallelism } from 'node:os'

const scryptRaw = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>

/**
 * scrypt runs on libuv's thread pool, off the main thread; at most (cores − 1) at a time, so a burst of
 * sign-ins leaves a core to the thread that answers everyone else's calls (they wait here, not in the write queue).
 */
const SLOTS = Math.max(1, availableParallelism() - 1)
let busy = 0
const waiting: (() => void)[] = []
async function scrypt(pw: string, salt: Buffer, keylen: number, opts: object): Promise<Buffer> {
  if (busy >= SLOTS) await new Promise<void>((res) => waiting.push(res))
  else busy++
  try {
    return await scryptRaw(pw, salt, keylen, opts)
  } finally {
    const next = waiting.shift()
    if (next) next() // the slot passes on
    else busy--
  }
}
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

export async function hashPassword(password: string, saltHex = randomBytes(16).toString('hex')) {
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltHex, 'hex'), 64, PARAMS)
  return { hash: `scrypt$${PARAMS.N}$${key.toString('hex')}`, salt: saltHex }
}

export async function verifyPassword(password: string, hash: string, saltHex: string): Promise<boolean> {
  const [, , hex] = hash.split('$')
  if (!hex) return false
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltHex, 'hex'), 64, PARAMS)
  const expected = Buffer.from(hex, 'hex')
  return expected.length === key.length && timingSafeEqual(expected, key)
}

export const newToken = () => randomBytes(32).toString('base64url')
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
