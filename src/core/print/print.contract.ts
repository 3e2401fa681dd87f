import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { dateStr, id } from '../contract/types'
import { PAPERS, PRINT_TYPES, TEMPLATE_PAPERS } from './print.enums'
import { prepareBatch, prepareRender, previewTemplate, recordPrints } from './print.service'
import { getTemplate, saveTemplate, templateSchema } from './print.template'
import { monthlyPackInput } from '../report/report.schemas'
import { printMonthlyPack } from './monthly.service'

const pdfOut = z.object({ fileName: z.string(), mimeType: z.literal('application/pdf'), base64: z.string() })
const templateOut = z.object({ type: z.enum(PRINT_TYPES), template: templateSchema, version: z.number(), updatedAt: z.string().nullable(), updatedByName: z.string().nullable() })

/**
 * Printing reads and renders in `prepare`, outside the single write queue (issue 8: a PDF takes
 * 50–500 ms of CPU that no other write should wait for); the handler only writes the print entries
 * (打印次数) to the documents' operation logs.
 */
export const printMethods = [
  defineMethod({
    name: 'print.render',
    summary: 'Any document as a PDF (base64): quote 报价单, order 销售订单, deliveryNote 送货单, statement 对账单 (customerId, from, to), receipt 收款收据; paper and copies (联) override the template',
    ...can('read'), // whoever can see the document (each type read through its own get method)
    write: true,
    input: z.object({
      type: z.enum(PRINT_TYPES),
      id: id.optional(),
      customerId: id.optional(),
      from: dateStr.optional(),
      to: dateStr.optional(),
      paper: z.enum(TEMPLATE_PAPERS).optional(),
      copies: z.number().int().min(1).max(6).default(1),
    }),
    output: pdfOut,
    prepare: (ctx, input) => prepareRender(ctx, input),
    handler: async (ctx, _input, prepared) => {
      await recordPrints(ctx, prepared.targets)
      return prepared.file
    },
  }),
  defineMethod({
    name: 'print.batch',
    summary: 'Delivery notes (up to 200) in one PDF, each starting on a new sheet',
    ...can('read'),
    write: true,
    input: z.object({ type: z.literal('deliveryNote'), ids: z.array(id).min(1).max(200), paper: z.enum(TEMPLATE_PAPERS).optional(), copies: z.number().int().min(1).max(6).default(1) }),
    output: pdfOut,
    prepare: (ctx, input) => prepareBatch(ctx, input),
    handler: async (ctx, _input, prepared) => {
      await recordPrints(ctx, prepared.targets)
      return prepared.file
    },
  }),
  defineMethod({
    name: 'print.deliveryNote',
    summary: '送货单 as a PDF, kept for older callers and scripts: a read beside the write queue that records no print (the screens use print.render, which counts)',
    ...can('read'),
    write: false,
    input: z.object({ shipmentId: id, paper: z.enum(PAPERS).default('A4') }),
    output: pdfOut,
    handler: async (ctx, input) => (await prepareRender(ctx, { type: 'deliveryNote', id: input.shipmentId, paper: input.paper })).file,
  }),
  defineMethod({
    name: 'print.monthlyPack',
    summary: '月度经营报告 as a PDF (one A4 page: measures with 环比/同比, AR, customers, 12-month chart, top 10, targets, churn), in the caller\'s data scope; rendered in the PDF worker',
    ...can('read'),
    write: false,
    input: monthlyPackInput,
    output: pdfOut,
    handler: (ctx, input) => printMonthlyPack(ctx, input),
  }),
  defineMethod({
    name: 'printTemplate.get',
    summary: '打印模板 of a document type (defaults until saved) with its version',
    ...can('read'),
    write: false,
    input: z.object({ type: z.enum(PRINT_TYPES) }),
    output: templateOut,
    handler: async (ctx, input) => ({ type: input.type, ...(await getTemplate(ctx, input.type)) }),
  }),
  defineMethod({
    name: 'printTemplate.update',
    summary: 'Saves a 打印模板 (versioned: a stale version is a CONFLICT; logged field by field)',
    ...can('administration'),
    write: true,
    input: z.object({ type: z.enum(PRINT_TYPES), version: z.number().int().min(0).max(2_147_483_647), template: templateSchema }),
    output: templateOut,
    handler: async (ctx, input) => ({ type: input.type, ...(await saveTemplate(ctx, input.type, input.template, input.version)) }),
  }),
  defineMethod({
    name: 'printTemplate.preview',
    summary: 'A template (unsaved) printed with sample data, for the live preview beside the form',
    ...can('read'),
    write: false,
    input: z.object({ type: z.enum(PRINT_TYPES), template: templateSchema }),
    output: pdfOut,
    handler: async (ctx, input) => previewTemplate(ctx, input.type, input.template),
  }),
]
