import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { getSetting, putSetting, DEFAULT_INDUSTRIES, DEFAULT_SOURCES } from './settings.service'

const company = z.object({
  name: z.string().trim().min(1, '公司名称不能为空').max(100),
  address: z.string().max(200).default(''),
  phone: z.string().max(50).default(''),
  bankName: z.string().max(100).default(''),
  bankAccount: z.string().max(50).default(''),
  taxId: z.string().max(30).default(''),
  logo: z.string().max(400_000).nullable().default(null),
})

const settingsOut = z.object({
  company,
  sources: z.array(z.string()),
  industries: z.array(z.string()),
})

export const settingsMethods = [
  defineMethod({
    name: 'settings.get',
    access: 'authenticated',
    write: false,
    input: z.object({}).optional(),
    output: settingsOut,
    async handler(ctx) {
      return {
        company: company.parse(await getSetting(ctx, 'company', { name: '' })),
        sources: await getSetting(ctx, 'sources', DEFAULT_SOURCES),
        industries: await getSetting(ctx, 'industries', DEFAULT_INDUSTRIES),
      }
    },
  }),
  defineMethod({
    name: 'settings.update',
    access: ['admin'],
    write: true,
    input: z.object({
      company: company.optional(),
      sources: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
      industries: z.array(z.string().trim().min(1).max(50)).max(100).optional(),
    }),
    output: settingsOut,
    async handler(ctx, input) {
      if (input.company) await putSetting(ctx, 'company', input.company)
      if (input.sources) await putSetting(ctx, 'sources', [...new Set(input.sources)])
      if (input.industries) await putSetting(ctx, 'industries', [...new Set(input.industries)])
      return {
        company: company.parse(await getSetting(ctx, 'company', { name: '' })),
        sources: await getSetting(ctx, 'sources', DEFAULT_SOURCES),
        industries: await getSetting(ctx, 'industries', DEFAULT_INDUSTRIES),
      }
    },
  }),
]
