import type { Ctx } from '../contract/method'
import { getSetting } from '../settings/settings.service'
import { audit } from '../audit/audit.service'
import { PAPERS, type Paper, type PrintType, type TemplatePaper } from './print.enums'
import { renderPdf } from './pdf-render'
import { renderDocuments, type Company, type PrintDoc } from './print.engine'
import { loadDeliveryNote, loadDoc, type PrintTarget, type RenderInput } from './print.docs'
import { getTemplate, type PrintTemplate } from './print.template'
export { PAPERS, type Paper }

export interface PdfFile {
  fileName: string
  mimeType: 'application/pdf'
  base64: string
}

/** Renders in the PDF worker (pdf-render.ts), in this thread when no worker runs. */
async function render(docs: PrintDoc[], company: Company, template: PrintTemplate, paper: TemplatePaper, copies: number): Promise<Buffer> {
  return renderPdf('document', [docs, company, template, paper, copies], () => renderDocuments(docs, company, template, paper, copies))
}

/**
 * print.render's slow part, run OUTSIDE the write queue (MethodDef.prepare on the read connection):
 * read the document and the template, render; the handler then only writes the print entries.
 */
export async function prepareRender(ctx: Ctx, input: RenderInput & { paper?: TemplatePaper; copies?: number }): Promise<{ file: PdfFile; targets: PrintTarget[] }> {
  const loaded = await loadDoc(ctx, input)
  const { template } = await getTemplate(ctx, input.type)
  const company = await getSetting<Company>(ctx, 'company', { name: '' })
  const copies = input.copies ?? 1
  const buffer = await render([loaded.doc], company, template, input.paper ?? template.paper, copies)
  return { file: { fileName: loaded.doc.fileName, mimeType: 'application/pdf', base64: buffer.toString('base64') }, targets: [loaded.target] }
}

/** print.batch: delivery notes (up to 200), each on a new sheet, in the order given (a repeated id prints once). */
export async function prepareBatch(ctx: Ctx, input: { type: PrintType; ids: number[]; paper?: TemplatePaper; copies?: number }): Promise<{ file: PdfFile; targets: PrintTarget[] }> {
  const ids = [...new Set(input.ids)]
  const loaded = []
  for (const id of ids) loaded.push(await loadDeliveryNote(ctx, id))
  const { template } = await getTemplate(ctx, 'deliveryNote')
  const company = await getSetting<Company>(ctx, 'company', { name: '' })
  const buffer = await render(
    loaded.map((l) => l.doc),
    company,
    template,
    input.paper ?? template.paper,
    input.copies ?? 1,
  )
  const date = ctx.today()
  return { file: { fileName: `送货单-${date}-${ids.length}张.pdf`, mimeType: 'application/pdf', base64: buffer.toString('base64') }, targets: loaded.map((l) => l.target) }
}

/** 打印次数: one 'print' entry in the document's operation log per printed document, in the write transaction */
export async function recordPrints(ctx: Ctx, targets: PrintTarget[]) {
  for (const t of targets) await audit(ctx, { entity: t.entity, entityId: t.entityId, action: 'print', summary: t.summary })
}

/** The sample document of the template preview: every column filled, a discount, a long name that wraps. */
export function sampleDoc(type: PrintType): PrintDoc {
  const goods = Array.from({ length: 3 }, (_, i) => ({
    seq: String(i + 1),
    code: `P-00${i + 1}`,
    name: i === 1 ? '304 不锈钢合页（加厚款，适用于 40 mm 以上实木门，含螺丝一套）' : `示例商品 ${i + 1}`,
    spec: '4寸',
    unit: '个',
    qty: '10',
    price: '12.50',
    discount: i === 0 ? '-5%' : '',
    taxRate: '13%',
    amount: i === 0 ? '118.75' : '125.00',
    tax: i === 0 ? '13.66' : '14.38',
    remark: '',
    date: '2026-11-0' + (i + 1),
    kind: ['发货', '退货', '收款'][i]!,
    number: `FH2026110${i + 1}`,
    memo: '示例',
    debit: i === 0 ? '368.75' : '',
    credit: i === 0 ? '' : '100.00',
    balance: ['368.75', '268.75', '168.75'][i]!,
  }))
  return {
    type,
    number: 'SAMPLE-0001',
    fileName: `预览-${type}.pdf`,
    info: [
      ['客户', '示例客户有限公司'],
      ['单号', 'SAMPLE-0001'],
      ['日期', '2026-11-23'],
      ['联系人', '张经理 13800000000'],
      ['地址', '杭州市余杭区文一西路 998 号'],
    ],
    lines: goods,
    totalsRow: { qty: '30', amount: '368.75', tax: '42.42', debit: '368.75', credit: '200.00', balance: '168.75' },
    amountFen: 36875,
    amountLabel: '合计金额',
    figures: [],
    remark: '示例备注',
    terms: null,
    signers: { 制单: '王制单', 审核: '李审核' },
    partyBoxes: type === 'order' ? { seller: '本公司', buyer: '示例客户有限公司' } : undefined,
    confirmBox: type === 'statement',
    printCount: 1,
  }
}

export async function previewTemplate(ctx: Ctx, type: PrintType, template: PrintTemplate): Promise<PdfFile> {
  const company = await getSetting<Company>(ctx, 'company', { name: '' })
  const copies = Math.max(1, template.copyLabels.length)
  const buffer = await render([sampleDoc(type)], company, template, template.paper, copies)
  return { fileName: `预览-${template.title}.pdf`, mimeType: 'application/pdf', base64: buffer.toString('base64') }
}
