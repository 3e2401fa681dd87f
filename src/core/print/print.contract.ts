import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { id } from '../contract/types'
import { PAPERS, printDeliveryNote } from './print.service'

export const printMethods = [
  defineMethod({
    name: 'print.deliveryNote',
    summary: '送货单 as a PDF (A4, A5, or dot-matrix 241 mm × 140 mm 二等分 / 241 mm × 93 mm 三等分), base64',
    ...can('read'), // whoever can see the shipment
    write: false,
    input: z.object({ shipmentId: id, paper: z.enum(PAPERS).default('A4') }),
    output: z.object({ fileName: z.string(), mimeType: z.literal('application/pdf'), base64: z.string() }),
    handler: (ctx, input) => printDeliveryNote(ctx, input.shipmentId, input.paper),
  }),
]
