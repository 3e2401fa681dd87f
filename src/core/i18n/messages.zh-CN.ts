/**
 * The core's messages in Chinese: the source text of every message the server sends. Keys are stable
 * (the renderer and tests rely on them); `{name}` is a parameter. Every key must be in messages.en-US.ts
 * too (the compiler and src/core/i18n/i18n.test.ts check it).
 *
 * `entity.*` and `label.*` are nouns used inside other messages (`notFound('客户')`, `requiredText('客户名称')`).
 */
export const zhCN = {
  // generic
  'error.text': '{text}',
  'error.unknownMethod': '未知的方法：{method}',
  'error.forbidden': '没有权限执行此操作',
  'error.internal': '内部错误（请求号 {requestId}），请联系管理员',
  'error.internalShort': '内部错误（请求号 {requestId}）',
  'error.duplicate': '数据重复：该编号或名称已存在',
  'error.busy': '数据库忙，请稍后重试',
  'error.notFound': '{what}不存在或无权查看',
  'error.staleConflict': '该记录已被他人修改（{who}，{when}），请刷新后再保存',
  'error.someone': '其他用户',

  // validation
  'validation.invalid': '输入无效',
  'validation.field': '{path}: {message}',
  'validation.required': '{label}不能为空',
  'validation.tooLong': '{label}不能超过 {max} 个字符',
  'validation.maxChars': '不能超过 {max} 个字符',
  'validation.badChars': '{label}{reason}',

  // nouns
  'entity.record': '记录',
  'entity.customer': '客户',
  'entity.contact': '联系人',
  'entity.address': '收货地址',
  'entity.user': '用户',
  'entity.product': '商品',
  'entity.opportunity': '商机',
  'entity.quote': '报价单',
  'entity.order': '订单',
  'entity.shipment': '发货单',
  'entity.return': '退货单',
  'entity.receipt': '收款单',
  'entity.invoice': '发票记录',

  'label.name': '姓名',
  'label.voidReason': '作废原因',
  'label.opportunityName': '商机名称',
  'label.returnReason': '退货原因',
  'label.followUpContent': '跟进内容',
  'label.adjustReason': '调整原因',
  'label.contactName': '联系人姓名',
  'label.address': '收货地址',
  'label.receiver': '收货人',
  'label.customerName': '客户名称',
  'label.productName': '商品名称',
  'label.invoiceNo': '发票号码',
  'label.unit': '单位',
  'label.closeReason': '关闭原因',
  'label.companyName': '公司名称',
} as const

export type CoreMessageKey = keyof typeof zhCN

/** A field name our schemas put into messages (`requiredText('客户名称')`): one of the `label.*` texts. */
export type FieldLabel = { [K in CoreMessageKey]: K extends `label.${string}` ? (typeof zhCN)[K] : never }[CoreMessageKey]
/** A noun for `notFound(…)`: one of the `entity.*` texts. */
export type EntityLabel = { [K in CoreMessageKey]: K extends `entity.${string}` ? (typeof zhCN)[K] : never }[CoreMessageKey]
