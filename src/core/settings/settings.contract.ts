import { z } from 'zod'
import { issue } from '../i18n/i18n'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import { INT4_MAX, requiredText } from '../contract/types'
import { bumpSettingsVersion, getSetting, putSetting, settingsVersion, DEFAULT_INDUSTRIES, DEFAULT_SOURCES } from './settings.service'
import { DEFAULT_PATTERNS } from '../numbering/numbering.service'
import { DEFAULT_PROBABILITIES } from '../opportunity/opportunity.entity'
import { OPPORTUNITY_STAGES } from '../opportunity/opportunity.enums'
import { DATE_PARTS, DOC_TYPES, SEPARATORS } from './settings.enums'
import { creditFields, creditSettings, poolFields, poolSettings } from './settings.rules'

const company = z.object({
  name: requiredText('公司名称', 100),
  address: z.string().max(200).default(''),
  phone: z.string().max(50).default(''),
  bankName: z.string().max(100).default(''),
  bankAccount: z.string().max(50).default(''),
  taxId: z.string().max(30).default(''),
  logo: z.string().max(400_000).nullable().default(null),
})

const numberPattern = z.object({
  prefix: z.string().trim().min(1, issue('settings.prefixRequired')).max(10).regex(/^[A-Za-z0-9]+$/, issue('settings.prefixChars')),
  datePart: z.enum(DATE_PARTS),
  separator: z.enum(SEPARATORS),
  digits: z.number().int().min(3).max(8),
})
const numbering = z.partialRecord(z.enum(DOC_TYPES), numberPattern.partial())
const inventory = z.object({ allowNegativeStock: z.boolean().default(false) })
const probabilities = z.partialRecord(z.enum(OPPORTUNITY_STAGES), z.number().int().min(0).max(100))
const followUp = z.object({ revisitDelayDays: z.number().int().min(0).max(365).default(3) })
const settingsOut = z.object({
  company,
  sources: z.array(z.string()),
  industries: z.array(z.string()),
  /** every document type, defaults merged with the company's choices */
  numbering: z.record(z.enum(DOC_TYPES), z.object({ prefix: z.string(), datePart: z.enum(DATE_PARTS), separator: z.enum(SEPARATORS), digits: z.number() })),
  inventory,
  /** every stage */
  opportunityProbabilities: z.record(z.enum(OPPORTUNITY_STAGES), z.number()),
  followUp,
  pool: poolSettings,
  credit: creditSettings,
  /** The version of the settings as a whole; send it back with settings.update. */
  version: z.number(),
})

type SettingsOut = z.input<typeof settingsOut>

async function readAll(ctx: Parameters<typeof getSetting>[0]): Promise<SettingsOut> {
  const custom = await getSetting<Record<string, object>>(ctx, 'numbering', {})
  const patterns = Object.fromEntries(Object.entries(DEFAULT_PATTERNS).map(([k, v]) => [k, { ...v, ...(custom[k] ?? {}) }]))
  return {
    company: company.parse(await getSetting(ctx, 'company', { name: '' })),
    sources: await getSetting(ctx, 'sources', DEFAULT_SOURCES),
    industries: await getSetting(ctx, 'industries', DEFAULT_INDUSTRIES),
    /** every key of DEFAULT_PATTERNS, the values checked on the way in (settings.update) and on the way out */
    numbering: patterns as SettingsOut['numbering'],
    inventory: inventory.parse(await getSetting(ctx, 'inventory', {})),
    opportunityProbabilities: { ...DEFAULT_PROBABILITIES, ...(await getSetting(ctx, 'opportunityProbabilities', {})) },
    followUp: followUp.parse(await getSetting(ctx, 'followUp', {})),
    pool: poolSettings.parse(await getSetting(ctx, 'pool', {})),
    credit: creditSettings.parse(await getSetting(ctx, 'credit', {})),
    version: (await settingsVersion(ctx)).version,
  }
}

export const settingsMethods = [
  defineMethod({
    name: 'settings.get',
    ...can('read'),
    write: false,
    input: z.object({}).optional(),
    output: settingsOut,
    handler: (ctx) => readAll(ctx),
  }),
  defineMethod({
    name: 'settings.update',
    ...can('administration'),
    write: true,
    input: z.object({
      /** settings.get's version: a stale one answers CONFLICT (who saved, when). Left out only by scripts; the app always sends it. */
      version: z.number().int().min(0).max(INT4_MAX).optional(),
      company: company.optional(),
      sources: z.array(requiredText('客户来源', 50)).max(100).optional(),
      industries: z.array(requiredText('行业', 50)).max(100).optional(),
      numbering: numbering.optional(),
      inventory: inventory.optional(),
      opportunityProbabilities: probabilities.optional(),
      followUp: followUp.optional(),
      pool: z.object(poolFields).partial().optional(),
      credit: z.object(creditFields).partial().optional(),
    }),
    output: settingsOut,
    async handler(ctx, input) {
      await bumpSettingsVersion(ctx, input.version)
      if (input.company) await putSetting(ctx, 'company', input.company)
      if (input.sources) await putSetting(ctx, 'sources', [...new Set(input.sources)])
      if (input.industries) await putSetting(ctx, 'industries', [...new Set(input.industries)])
      if (input.numbering) {
        const current = await getSetting<Record<string, object>>(ctx, 'numbering', {})
        const merged = { ...current }
        for (const [k, v] of Object.entries(input.numbering)) merged[k] = { ...(current[k] ?? {}), ...v }
        await putSetting(ctx, 'numbering', merged)
      }
      if (input.inventory) await putSetting(ctx, 'inventory', input.inventory)
      if (input.opportunityProbabilities) {
        await putSetting(ctx, 'opportunityProbabilities', { ...(await getSetting(ctx, 'opportunityProbabilities', {})), ...input.opportunityProbabilities })
      }
      if (input.followUp) await putSetting(ctx, 'followUp', input.followUp)
      if (input.pool) await putSetting(ctx, 'pool', { ...(await getSetting(ctx, 'pool', {})), ...input.pool })
      if (input.credit) await putSetting(ctx, 'credit', { ...(await getSetting(ctx, 'credit', {})), ...input.credit })
      return readAll(ctx)
    },
  }),
]
