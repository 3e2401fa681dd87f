import type { z } from 'zod'
import type { Ctx } from '../contract/method'
import { AppError } from '../contract/errors'
import type * as S from './report.schemas'

const todo = (): never => {
  throw new AppError('BUSINESS_RULE', '销售目标尚未实现')
}
export async function setTarget(_ctx: Ctx, _i: z.output<typeof S.targetSetInput>): Promise<z.input<typeof S.targetOut>> { return todo() }
export async function split(_ctx: Ctx, _i: z.output<typeof S.targetSplitInput>): Promise<z.input<typeof S.targetSplitOutput>> { return todo() }
export async function report(_ctx: Ctx, _i: z.output<typeof S.targetsInput>): Promise<z.input<typeof S.targetsOutput>> { return todo() }
