import { randomBytes, scrypt as scryptCb, timingSafeEqual, createHash } from 'node:crypto'
import { promisify } from 'node:util'
import { availableParallelism } from 'node:os'
import { JobWorker, LOWER_THREAD_PRIORITY_JS } from '../cpu/job-worker'

const scryptHere = promisify(scryptCb) as (pw: string, salt: Buffer, keylen: number, opts: object) => Promise<Buffer>

/**
 * scrypt (≈ 50–100 ms of CPU) runs in (cores − 1) worker threads of lower priority, so a burst of
 * sign-ins neither waits in the write queue nor takes the CPU from the thread answering everyone
 * else's calls; sign-ins beyond that wait their turn here. Started from source text: no file to find
 * in any build. Falls back to libuv's thread pool when a worker cannot run.
 */
const HASH_WORKER_JS = `
${LOWER_THREAD_PRIORITY_JS}
const { parentPort } = require('node:worker_threads')
const { scryptSync } = require('node:crypto')
parentPort.on('message', (m) => {
  try {
    const key = scryptSync(m.password, Buffer.from(m.salt, 'hex'), m.keylen, m.params)
    parentPort.postMessage({ id: m.id, ok: true, data: new Uint8Array(key.buffer, key.byteOffset, key.byteLength) })
  } catch (e) {
    parentPort.postMessage({ id: m.id, ok: false, message: String(e) })
  }
})`
let workers: JobWorker[] | null | undefined

async function scrypt(password: string, saltHex: string, keylen: number, params: object): Promise<Buffer> {
  if (workers === undefined || workers?.some((w) => w.broken)) {
    try {
      workers = Array.from({ length: Math.max(1, availableParallelism() - 1) }, () => new JobWorker({ code: HASH_WORKER_JS }))
    } catch {
      workers = null
    }
  }
  if (workers) {
    const worker = workers.reduce((a, b) => (b.pending < a.pending ? b : a))
    try {
      const key = await worker.run<Uint8Array>({ password, salt: saltHex, keylen, params })
      return Buffer.from(key.buffer, key.byteOffset, key.byteLength)
    } catch (e) {
      if (!worker.broken) throw e
      workers = null
    }
  }
  return scryptHere(password, Buffer.from(saltHex, 'hex'), keylen, params)
}
const PARAMS = { N: 16384, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

export async function hashPassword(password: string, saltHex = randomBytes(16).toString('hex')) {
  const key = await scrypt(password.normalize('NFKC'), saltHex, 64, PARAMS)
  return { hash: `scrypt$${PARAMS.N}$${key.toString('hex')}`, salt: saltHex }
}

export async function verifyPassword(password: string, hash: string, saltHex: string): Promise<boolean> {
  const [, , hex] = hash.split('$')
  if (!hex) return false
  const key = await scrypt(password.normalize('NFKC'), saltHex, 64, PARAMS)
  const expected = Buffer.from(hex, 'hex')
  return expected.length === key.length && timingSafeEqual(expected, key)
}

export const newToken = () => randomBytes(32).toString('base64url')
export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex')
