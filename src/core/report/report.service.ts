import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { AppError } from '../contract/errors'
import type * as S from './report.schemas'

const todo = (): never => {
  throw new AppError('BUSINESS_RULE', '报表尚未实现')
}
export async function sales(_ctx: Ctx, _i: z.output<typeof S.salesInput>): Promise<z.input<typeof S.salesOutput>> { return todo() }
export async function funnel(_ctx: Ctx, _i: z.output<typeof S.funnelInput>): Promise<z.input<typeof S.funnelOutput>> { return todo() }
export async function forecast(_ctx: Ctx, _i: z.output<typeof S.forecastInput>): Promise<z.input<typeof S.forecastOutput>> { return todo() }
export async function customers(_ctx: Ctx, _i: z.output<typeof S.customersInput>): Promise<z.input<typeof S.customersOutput>> { return todo() }
export async function delivery(_ctx: Ctx, _i: z.output<typeof S.deliveryInput>): Promise<z.input<typeof S.deliveryOutput>> { return todo() }
export async function monthlyPack(_ctx: Ctx, _i: z.output<typeof S.monthlyPackInput>): Promise<z.input<typeof S.monthlyPackOutput>> { return todo() }
