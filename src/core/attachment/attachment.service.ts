import * as fs from 'node:fs'
import * as path from 'node:path'
import { createHash, randomBytes } from 'node:crypto'
import type { Ctx } from '../contract/method'
import { appError, notFound } from '../contract/errors'
import { canSeeOwner, ownerScope } from '../auth/scope'
import { requireScope } from '../auth/authorize'
import type { TableCapability } from '../auth/permissions'
import { CustomerEntity } from '../customer/customer.entity'
import { SalesOrderEntity } from '../order/order.entity'
import { ShipmentEntity } from '../shipment/shipment.entity'
import { ReceiptEntity } from '../receipt/receipt.entity'
import { ATTACHMENT_MAX_BYTES, type AttachmentEntityKind, type AttachmentMime } from './attachment.enums'

/** ctx.memory key of the folder the files live in (createCore sets it: <dataDir>/attachments, never the web root) */
export const ATTACHMENT_DIR_KEY = 'attachment.dir'

export function attachmentDir(ctx: { memory: Map<string, unknown> }): string {
  const dir = ctx.memory.get(ATTACHMENT_DIR_KEY) as string | undefined
  if (!dir) throw new Error('attachment folder not configured')
  return dir
}

/** The capability of DOMAIN.md's table that edits each parent (who may edit it may upload and delete). */
export const EDIT_CAPABILITY: Record<AttachmentEntityKind, TableCapability> = {
  customer: 'customerEdit',
  order: 'salesDocs',
  shipment: 'shipping',
  receipt: 'financeDocs',
}

const LABEL: Record<AttachmentEntityKind, string> = { customer: '客户', order: '订单', shipment: '发货单', receipt: '收款单' }

/** The owner of the parent record's customer, when the caller may see the parent; anything else is NOT_FOUND. */
export async function parentOwner(ctx: Ctx, entity: AttachmentEntityKind, id: number): Promise<number | null> {
  let customerId: number
  if (entity === 'customer') customerId = id
  else {
    const repo = entity === 'order' ? SalesOrderEntity : entity === 'shipment' ? ShipmentEntity : ReceiptEntity
    const row = (await ctx.em.getRepository(repo).findOne({ where: { id }, select: { id: true, customerId: true } } as never)) as { customerId: number } | null
    if (!row) throw notFound(LABEL[entity])
    customerId = row.customerId
  }
  const c = await ctx.em.getRepository(CustomerEntity).findOne({ where: { id: customerId }, select: { id: true, ownerId: true } })
  if (!c || !canSeeOwner(await ownerScope(ctx), c.ownerId)) throw notFound(LABEL[entity])
  return c.ownerId
}

/** The parent is visible and the caller may edit it. */
export async function requireParentEdit(ctx: Ctx, entity: AttachmentEntityKind, id: number): Promise<void> {
  const owner = await parentOwner(ctx, entity, id)
  await requireScope(ctx, EDIT_CAPABILITY[entity], owner)
}

/** The file's type from its first bytes (not from the name or the claimed type): images and PDF only. */
export function sniffType(b: Buffer): AttachmentMime | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png'
  if (b.length >= 6 && ['GIF87a', 'GIF89a'].includes(b.subarray(0, 6).toString('latin1'))) return 'image/gif'
  if (b.length >= 12 && b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP') return 'image/webp'
  if (b.length >= 5 && b.subarray(0, 5).toString('latin1') === '%PDF-') return 'application/pdf'
  return null
}

/** Decodes, checks type and size, and stores the bytes under their sha256 (written once; the same file twice is one file). */
export function storeFile(dir: string, base64: string, claimedMime: string): { sha256: string; size: number; mimeType: AttachmentMime } {
  const bytes = Buffer.from(base64, 'base64')
  if (bytes.length === 0) throw appError('VALIDATION', 'attachment.empty', {})
  if (bytes.length > ATTACHMENT_MAX_BYTES) throw appError('PAYLOAD_TOO_LARGE', 'attachment.tooLarge', { max: ATTACHMENT_MAX_BYTES / 1024 / 1024 })
  const mimeType = sniffType(bytes)
  // a JPEG sent as image/png is still a JPEG; an .exe called photo.jpg is refused
  if (!mimeType || !(claimedMime.startsWith('image/') || claimedMime === 'application/pdf' || claimedMime === 'application/octet-stream' || claimedMime === '')) {
    throw appError('VALIDATION', 'attachment.badType', {})
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex')
  fs.mkdirSync(dir, { recursive: true })
  const file = path.join(dir, sha256)
  if (!fs.existsSync(file)) {
    const tmp = path.join(dir, `.${sha256}.${randomBytes(4).toString('hex')}.tmp`)
    fs.writeFileSync(tmp, bytes, { mode: 0o600 })
    fs.renameSync(tmp, file)
  }
  return { sha256, size: bytes.length, mimeType }
}

/** The file of an attachment: only a 64-hex name inside the folder. */
export function filePath(dir: string, sha256: string): string {
  if (!/^[0-9a-f]{64}$/.test(sha256)) throw notFound('附件')
  return path.join(dir, sha256)
}
