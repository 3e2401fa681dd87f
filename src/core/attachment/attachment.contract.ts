import * as fs from 'node:fs'
import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { id as idT, version as versionT, INT4_MAX } from '../contract/types'
import { can } from '../auth/permissions'
import { appError, notFound, staleConflict } from '../contract/errors'
import { audit } from '../audit/audit.service'
import { AttachmentEntity, type Attachment } from './attachment.entity'
import { ATTACHMENT_ENTITIES, ATTACHMENT_MAX_BYTES, type AttachmentEntityKind } from './attachment.enums'
import { attachmentDir, filePath, parentOwner, requireParentEdit, storeFile } from './attachment.service'

const CHUNK = 4 * 1024 * 1024

const entityKind = z.enum(ATTACHMENT_ENTITIES)
const item = z.object({
  id: z.number(),
  entity: entityKind,
  entityId: z.number(),
  fileName: z.string(),
  mimeType: z.string(),
  size: z.number(),
  createdAt: z.string(),
  createdByName: z.string().nullable(),
  version: z.number(),
  /** GET with the session token (Authorization: Bearer …) */
  downloadPath: z.string(),
})
const toItem = (a: Attachment) => ({
  id: a.id,
  entity: a.entity as AttachmentEntityKind,
  entityId: a.entityId,
  fileName: a.fileName,
  mimeType: a.mimeType,
  size: a.size,
  createdAt: a.createdAt,
  createdByName: a.createdByName,
  version: a.version,
  downloadPath: `/api/attachment/${a.id}`,
})
/** a name as a file system would take it: no folders, no control characters */
const cleanName = (n: string) => n.replace(/[\\/]/g, '_').replace(/[\x00-\x1f\x7f]/g, '').trim().slice(0, 200) || '附件'

/** base64 of 20 MB plus the other fields */
const MAX_INPUT = Math.ceil((ATTACHMENT_MAX_BYTES * 4) / 3) + 64 * 1024

/** who may edit the parent may upload and delete; the per-record check is the parent's own capability (attachment.service) */
const EDITORS = can('customerEdit', undefined, ['salesDocs', 'shipping', 'financeDocs'])

export const attachmentMethods = [
  defineMethod({
    name: 'attachment.upload',
    summary: '附件: attach an image or PDF (≤ 20 MB, checked by its bytes) to a customer, order, shipment or receipt',
    ...EDITORS,
    write: true,
    maxInputBytes: MAX_INPUT,
    input: z.object({
      entity: entityKind,
      entityId: idT,
      fileName: z
        .string()
        .max(255)
        .regex(/^[^\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\uD800-\uDFFF]*[^\s\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\u3000\u00A0\uD800-\uDFFF][^\u0000-\u001f\\/:*?"<>|\u200B-\u200F\u2060\uFEFF\uD800-\uDFFF]*$/, '文件名无效'),
      mimeType: z.string().max(100).default(''),
      base64: z.string().min(1).regex(/^[A-Za-z0-9+/=\r\n]+$/, '文件内容应为 base64'),
    }),
    output: item,
    async prepare(ctx, input) {
      // refused before anything is written; the handler checks again in its transaction
      await requireParentEdit(ctx, input.entity, input.entityId)
      return storeFile(attachmentDir(ctx), input.base64, input.mimeType)
    },
    async handler(ctx, input, stored) {
      await requireParentEdit(ctx, input.entity, input.entityId)
      const fileName = cleanName(input.fileName)
      const row = {
        entity: input.entity,
        entityId: input.entityId,
        fileName,
        mimeType: stored.mimeType,
        size: stored.size,
        sha256: stored.sha256,
        createdAt: ctx.now().toISOString(),
        createdById: ctx.user.id,
        createdByName: ctx.user.displayName,
        version: 1,
      }
      const saved = await ctx.em.getRepository(AttachmentEntity).save(row)
      await audit(ctx, { entity: input.entity, entityId: input.entityId, action: 'attach', summary: { key: 'audit.attachment.upload', params: { name: fileName } }, changes: { attachmentId: saved.id, size: stored.size, sha256: stored.sha256 } })
      return toItem(saved as Attachment)
    },
  }),
  defineMethod({
    name: 'attachment.list',
    summary: '附件 of one record (who sees the record sees its attachments)',
    ...can('read'),
    write: false,
    input: z.object({ entity: entityKind, entityId: idT }),
    output: z.object({ items: z.array(item), total: z.number() }),
    async handler(ctx, input) {
      await parentOwner(ctx, input.entity, input.entityId)
      const rows = await ctx.em.getRepository(AttachmentEntity).find({ where: { entity: input.entity, entityId: input.entityId }, order: { id: 'ASC' } })
      return { items: rows.map(toItem), total: rows.length }
    },
  }),
  defineMethod({
    name: 'attachment.counts',
    summary: 'how many attachments each of some records has (the shipment list: which deliveries have their 回单); records the caller cannot see count 0',
    ...can('read'),
    write: false,
    input: z.object({ entity: entityKind, ids: z.array(idT).max(200) }),
    output: z.object({ counts: z.record(z.string(), z.number()) }),
    async handler(ctx, input) {
      const counts: Record<string, number> = {}
      if (!input.ids.length) return { counts }
      const rows = await ctx.em
        .getRepository(AttachmentEntity)
        .createQueryBuilder('a')
        .select('a.entityId', 'entityId')
        .addSelect('COUNT(*)', 'n')
        .where('a.entity = :entity', { entity: input.entity })
        .andWhere('a.entityId IN (:...ids)', { ids: input.ids })
        .groupBy('a.entityId')
        .getRawMany<{ entityId: number | string; n: number | string }>()
      for (const r of rows) {
        const visible = await parentOwner(ctx, input.entity, Number(r.entityId)).then(() => true, () => false)
        if (visible) counts[String(r.entityId)] = Number(r.n)
      }
      return { counts }
    },
  }),
  defineMethod({
    name: 'attachment.get',
    summary: 'one attachment (the download route checks with it)',
    ...can('read'),
    write: false,
    input: z.object({ id: idT }),
    output: item.extend({ sha256: z.string() }),
    async handler(ctx, input) {
      const a = await ctx.em.getRepository(AttachmentEntity).findOneBy({ id: input.id })
      if (!a) throw notFound('附件')
      await parentOwner(ctx, a.entity as AttachmentEntityKind, a.entityId).catch(() => {
        throw notFound('附件')
      })
      return { ...toItem(a), sha256: a.sha256 }
    },
  }),
  defineMethod({
    name: 'attachment.chunk',
    summary: "an attachment's bytes piece by piece (the Electron window, which has no HTTP; in a browser GET /api/attachment/<id>)",
    ...can('read'),
    write: false,
    input: z.object({ id: idT, offset: z.number().int().min(0).max(INT4_MAX).default(0) }),
    output: z.object({ base64: z.string(), next: z.number().nullable(), mimeType: z.string(), size: z.number() }),
    async handler(ctx, input) {
      const a = await ctx.em.getRepository(AttachmentEntity).findOneBy({ id: input.id })
      if (!a) throw notFound('附件')
      await parentOwner(ctx, a.entity as AttachmentEntityKind, a.entityId).catch(() => {
        throw notFound('附件')
      })
      const fd = await fs.promises.open(filePath(attachmentDir(ctx), a.sha256), 'r')
      try {
        const buf = Buffer.alloc(Math.max(0, Math.min(CHUNK, a.size - input.offset)))
        const { bytesRead } = await fd.read(buf, 0, buf.length, input.offset)
        const next = input.offset + bytesRead < a.size && bytesRead > 0 ? input.offset + bytesRead : null
        return { base64: buf.subarray(0, bytesRead).toString('base64'), next, mimeType: a.mimeType, size: a.size }
      } finally {
        await fd.close()
      }
    },
  }),
  defineMethod({
    name: 'attachment.delete',
    summary: 'removes an attachment (logged)',
    ...EDITORS,
    write: true,
    input: z.object({ id: idT, version: versionT }),
    output: z.object({ id: z.number() }),
    async handler(ctx, input) {
      const repo = ctx.em.getRepository(AttachmentEntity)
      const a = await repo.findOneBy({ id: input.id })
      if (!a) throw notFound('附件')
      await requireParentEdit(ctx, a.entity as AttachmentEntityKind, a.entityId)
      if (a.version !== input.version) throw staleConflict('attachment', { version: a.version, updatedAt: a.createdAt, updatedByName: a.createdByName })
      const r = await repo.delete({ id: a.id, version: input.version })
      if (!r.affected) throw appError('CONFLICT', 'error.staleConflict', { who: '', when: '' })
      await audit(ctx, { entity: a.entity, entityId: a.entityId, action: 'detach', summary: { key: 'audit.attachment.delete', params: { name: a.fileName } }, changes: { attachmentId: a.id, fileName: a.fileName, sha256: a.sha256 } })
      return { id: a.id }
    },
  }),
] as const
