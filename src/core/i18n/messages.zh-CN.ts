/**
 * The core's messages in Chinese: the source text of every message the server sends. Keys are stable
 * (the renderer and tests rely on them); `{name}` is a parameter. Every key must be in messages.en-US.ts
 * too (the compiler and src/core/i18n/i18n.test.ts check it).
 *
 * `entity.*` and `label.*` are nouns used inside other messages (`notFound('客户')`, `requiredText('客户名称')`).
 */
export const zhCN = {
  // customer
  'label.phone': '电话',
  'label.customerCode': '客户编码',
  'customer.phoneChars': '电话只能包含数字、+、-、空格和括号',
  'customer.usccInvalid': '统一社会信用代码无效（应为 18 位，校验位不符）',
  'customer.emailInvalid': '邮箱格式不正确',
  'customer.codeChars': '客户编码只能包含字母、数字、下划线和横线',
  'customer.tagsMax': '标签最多 {max} 个',
  'customer.termNegative': '账期不能为负数',
  'customer.termTooLong': '账期不能超过 {max} 天',
  'customer.selectCustomers': '请选择客户',
  'customer.existsUnder': '已存在于 {owner} 名下（{why}）',
  'customer.otherSales': '其他业务员',
  'customer.dupReason.name': '名称相同',
  'customer.dupReason.uscc': '统一社会信用代码相同',
  'customer.dupReason.phone': '电话相同',
  'customer.possibleDuplicate': '可能与已有客户重复：{list}',
  'customer.codeTaken': '客户编码“{code}”已被使用',
  'customer.codeTakenBy': '客户编码“{code}”已被“{name}”使用',
  'customer.ownerInvalid': '负责人不存在或已停用',
  'customer.assignScope': '只能把客户分配给自己或本团队的成员',
  'customer.alreadyYours': '该客户已经是您的客户',
  'customer.claimedByOther': '该客户已被他人领取，不在公海中',
  'customer.alreadyInPool': '该客户已在公海中',
  'customer.mergeSelf': '不能把客户合并到它自己',

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
  'validation.invalidChars': '含有无效字符',
  'validation.loneSurrogate': '含有无效字符（不成对的 UTF-16 代理项）',
  'validation.controlChar': '含有不允许的控制字符',
  'validation.moneyInteger': '金额应为整数（分）',
  'validation.moneyTooLarge': '金额过大：不能超过 {max}',
  'validation.moneyNegative': '金额不能为负数',
  'validation.date': '日期无效：应为 YYYY-MM-DD 格式的真实日期',
  'validation.dateRange': '日期应在 {min} 至 {max} 之间',
  'validation.month': '月份无效：应为 {min} 至 {max} 之间的 YYYY-MM',
  'validation.dateTime': '时间无效：应为带时区的 ISO 8601 时间',
  'validation.dateTimeRange': '时间应在 {min} 至 {max} 之间',
  'validation.number': '请输入数字，最多 {scale} 位小数',
  'validation.numberTooLarge': '数值过大：最大 {max}',
  'validation.decimals': '最多 {scale} 位小数',

  // the HTTP host (src/server/http.ts)
  'http.tooLarge': '请求内容超过 1 MB',
  'http.badJson': '请求内容不是有效的 JSON',
  'http.notJson': '请求必须是 JSON（Content-Type: application/json）',
  'http.foreignOrigin': '拒绝来自其他网站的请求（{origin}）',
  'http.badHost': '不接受的主机名（{host}）：请用本机的 IP 地址或计算机名访问',
  'http.badUrl': '网址无效',
  'http.badRequest': '请求无效',
  'http.badRange': '请求的文件范围无效',
  'http.useGetHealth': '请使用 GET /api/health',
  'http.usePost': '请用 POST 调用 /api/{method}',
  'http.noUpdate': '没有找到更新文件',
  'http.pageNotFound': '页面不存在',
  'http.internal': '内部错误',
  // first run from another machine (auth.setup)
  'auth.setupCodeNeeded': '从其他电脑初始化系统需要设置码：请在服务器启动时显示的窗口或日志中查看',
  'auth.setupCodeWrong': '设置码不正确',

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
  'label.tag': '标签',
  'label.source': '客户来源',
  'label.industry': '行业',
} as const

export type CoreMessageKey = keyof typeof zhCN

/** A field name our schemas put into messages (`requiredText('客户名称')`): one of the `label.*` texts. */
export type FieldLabel = { [K in CoreMessageKey]: K extends `label.${string}` ? (typeof zhCN)[K] : never }[CoreMessageKey]
/** A noun for `notFound(…)`: one of the `entity.*` texts. */
export type EntityLabel = { [K in CoreMessageKey]: K extends `entity.${string}` ? (typeof zhCN)[K] : never }[CoreMessageKey]
