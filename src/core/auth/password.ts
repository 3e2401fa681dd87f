import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto'
import { promisify } from 'node:util'

const scrypt = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>
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
