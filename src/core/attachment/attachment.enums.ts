/** What may carry attachments (附件), and the limits the renderer shows; import-free so the renderer imports it as values. */
export const ATTACHMENT_ENTITIES = ['customer', 'order', 'shipment', 'receipt'] as const
export type AttachmentEntityKind = (typeof ATTACHMENT_ENTITIES)[number]
/** 20 MB per file */
export const ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
export const ATTACHMENT_MIME_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'application/pdf'] as const
export type AttachmentMime = (typeof ATTACHMENT_MIME_TYPES)[number]
