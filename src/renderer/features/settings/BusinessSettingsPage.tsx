import { Alert, Box, Button, NativeSelect, NumberInput, Paper, Radio, SimpleGrid, Skeleton, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core'
import { useForm, type FormErrors } from '@mantine/form'
import { IconAlertTriangle, IconDeviceFloppy, IconInfoCircle, IconLock } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import type { MessageKey } from '../../app/i18n/messages'
import { useSession } from '../../app/session'
import { OPPORTUNITY_STAGES, type OpportunityStage } from '../opportunity/opportunity.api'
import { todayStr } from '../../shared/dates'
import { ConflictAlert } from '../../shared/conflict'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyInput } from '../../shared/MoneyInput'
import type { CreditZeroMeaning } from '../../../core/settings/settings.enums'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import classes from './BusinessSettings.module.css'
import { numberParts, type NumberParts } from './numbering'
import { DATE_PARTS, DOC_TYPES, SEPARATORS, type DatePart, type DocType, type NumberPattern, type Separator, type Settings, type SettingsUpdate } from './settings.api'
import { useSettingsSave } from './useSettingsSave'

/** NumberInput gives '' while empty */
type Num = number | string

interface Values {
  numbering: Record<DocType, { prefix: string; datePart: DatePart; separator: Separator; digits: Num }>
  inventory: { allowNegativeStock: boolean }
  opportunityProbabilities: Record<OpportunityStage, Num>
  followUp: { revisitDelayDays: Num }
  pool: Record<PoolKey, Num>
  credit: { defaultLimitFen: number | null; zeroMeans: CreditZeroMeaning }
}

/** 公海规则 (issue 14): each a number of days or customers, 0 = the rule is off */
const POOL_KEYS = ['returnAfterDays', 'warnDaysBefore', 'maxPrivate', 'reclaimBlockDays'] as const
type PoolKey = (typeof POOL_KEYS)[number]
const POOL_MAX: Record<PoolKey, number> = { returnAfterDays: 3650, warnDaysBefore: 365, maxPrivate: 1_000_000, reclaimBlockDays: 3650 }

/** Every form path, so a server error on one of them lands under its field (the rest are notified). */
const FIELDS = [
  ...DOC_TYPES.flatMap((d) => ['prefix', 'datePart', 'separator', 'digits'].map((k) => `numbering.${d}.${k}`)),
  'inventory.allowNegativeStock',
  ...OPPORTUNITY_STAGES.map((s) => `opportunityProbabilities.${s}`),
  'followUp.revisitDelayDays',
  ...POOL_KEYS.map((k) => `pool.${k}`),
  'credit.defaultLimitFen',
  'credit.zeroMeans',
]

const BLANK_PATTERN = { prefix: '', datePart: '' as DatePart, separator: '' as Separator, digits: 4 }

function blank(): Values {
  return {
    numbering: Object.fromEntries(DOC_TYPES.map((d) => [d, { ...BLANK_PATTERN }])) as Values['numbering'],
    inventory: { allowNegativeStock: false },
    opportunityProbabilities: Object.fromEntries(OPPORTUNITY_STAGES.map((s) => [s, 0])) as Values['opportunityProbabilities'],
    followUp: { revisitDelayDays: 3 },
    pool: { returnAfterDays: 0, warnDaysBefore: 7, maxPrivate: 0, reclaimBlockDays: 0 },
    credit: { defaultLimitFen: 0, zeroMeans: 'unlimited' },
  }
}

function toValues(s: Settings): Values {
  return {
    numbering: Object.fromEntries(DOC_TYPES.map((d) => [d, { ...s.numbering[d] }])) as Values['numbering'],
    inventory: { allowNegativeStock: s.inventory.allowNegativeStock },
    opportunityProbabilities: Object.fromEntries(OPPORTUNITY_STAGES.map((st) => [st, s.opportunityProbabilities[st] ?? 0])) as Values['opportunityProbabilities'],
    followUp: { revisitDelayDays: s.followUp.revisitDelayDays },
    pool: { ...s.pool },
    credit: { ...s.credit },
  }
}

/** The user's own changes (after a conflict) on top of the latest settings. */
function overlay(v: Values, mine: SettingsUpdate): Values {
  const out: Values = { ...v, numbering: { ...v.numbering }, opportunityProbabilities: { ...v.opportunityProbabilities } }
  for (const d of DOC_TYPES) if (mine.numbering?.[d]) out.numbering[d] = { ...out.numbering[d], ...mine.numbering[d] } as Values['numbering'][DocType]
  if (mine.inventory?.allowNegativeStock !== undefined) out.inventory = { allowNegativeStock: mine.inventory.allowNegativeStock }
  for (const s of OPPORTUNITY_STAGES) if (mine.opportunityProbabilities?.[s] !== undefined) out.opportunityProbabilities[s] = mine.opportunityProbabilities[s]!
  if (mine.followUp?.revisitDelayDays !== undefined) out.followUp = { revisitDelayDays: mine.followUp.revisitDelayDays }
  if (mine.pool) out.pool = { ...out.pool, ...mine.pool }
  if (mine.credit) out.credit = { ...out.credit, ...mine.credit }
  return out
}

const isIntIn = (v: Num, min: number, max: number) => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max

/** Only what differs from the saved settings: the core merges numbering per document type and probabilities per stage. */
function changesOf(v: Values, base: Settings): SettingsUpdate {
  const out: SettingsUpdate = {}
  const numbering: Partial<Record<DocType, NumberPattern>> = {}
  for (const d of DOC_TYPES) {
    const p: NumberPattern = { ...v.numbering[d], prefix: v.numbering[d].prefix.trim(), digits: Number(v.numbering[d].digits) }
    const b = base.numbering[d]
    if (p.prefix !== b.prefix || p.datePart !== b.datePart || p.separator !== b.separator || p.digits !== b.digits) numbering[d] = p
  }
  if (Object.keys(numbering).length) out.numbering = numbering
  if (v.inventory.allowNegativeStock !== base.inventory.allowNegativeStock) out.inventory = { allowNegativeStock: v.inventory.allowNegativeStock }
  const probs: Partial<Record<OpportunityStage, number>> = {}
  for (const s of OPPORTUNITY_STAGES) if (Number(v.opportunityProbabilities[s]) !== base.opportunityProbabilities[s]) probs[s] = Number(v.opportunityProbabilities[s])
  if (Object.keys(probs).length) out.opportunityProbabilities = probs
  if (Number(v.followUp.revisitDelayDays) !== base.followUp.revisitDelayDays) out.followUp = { revisitDelayDays: Number(v.followUp.revisitDelayDays) }
  const pool: Partial<Record<PoolKey, number>> = {}
  for (const k of POOL_KEYS) if (Number(v.pool[k]) !== base.pool[k]) pool[k] = Number(v.pool[k])
  if (Object.keys(pool).length) out.pool = pool
  const credit: SettingsUpdate['credit'] = {}
  if ((v.credit.defaultLimitFen ?? 0) !== base.credit.defaultLimitFen) credit.defaultLimitFen = v.credit.defaultLimitFen ?? 0
  if (v.credit.zeroMeans !== base.credit.zeroMeans) credit.zeroMeans = v.credit.zeroMeans
  if (Object.keys(credit).length) out.credit = credit
  return out
}

/**
 * 业务设置: document numbering per type with a live preview, negative stock, win rate per opportunity stage and
 * the 回访 delay (settings.get / settings.update). Administrators edit; everyone else sees the settings read-only.
 */
export function BusinessSettingsPage() {
  const t = useT()
  const { hasRole } = useSession()
  const admin = hasRole('admin')
  const q = useApiQuery('settings.get', {})
  const base = useRef<Settings | null>(null)
  const form = useForm<Values>({
    initialValues: blank(),
    validate: (v) => {
      const e: FormErrors = {}
      for (const d of DOC_TYPES) {
        const p = v.numbering[d]
        const prefix = p.prefix.trim()
        if (!prefix) e[`numbering.${d}.prefix`] = t('settings.business.error.prefixRequired')
        else if (!/^[A-Za-z0-9]+$/.test(prefix)) e[`numbering.${d}.prefix`] = t('settings.business.error.prefixChars')
        else if (prefix.length > 10) e[`numbering.${d}.prefix`] = t('settings.business.error.prefixLength')
        if (!isIntIn(p.digits, 3, 8)) e[`numbering.${d}.digits`] = t('settings.business.error.digits')
      }
      for (const s of OPPORTUNITY_STAGES) {
        if (!isIntIn(v.opportunityProbabilities[s], 0, 100)) e[`opportunityProbabilities.${s}`] = t('settings.business.error.probability')
      }
      if (!isIntIn(v.followUp.revisitDelayDays, 0, 365)) e['followUp.revisitDelayDays'] = t('settings.business.error.revisitDays')
      for (const k of POOL_KEYS) if (!isIntIn(v.pool[k], 0, POOL_MAX[k])) e[`pool.${k}`] = t('settings.business.error.poolNumber', { max: POOL_MAX[k] })
      return e
    },
  })
  const [loaded, setLoaded] = useState(false)
  const load = (s: Settings, mine?: SettingsUpdate) => {
    base.current = s
    const v = toValues(s)
    form.setValues(mine ? overlay(v, mine) : v)
    form.resetDirty(v)
  }
  const save = useSettingsSave(load)
  const failed = (e: unknown) => {
    if (save.catchConflict(e)) return
    const { placed, unplaced } = applyServerErrors(form, e, { fields: FIELDS })
    if (placed) focusFirstError()
    if (!placed || unplaced.length) notifyError(e)
  }
  useEffect(() => {
    if (q.data && !loaded) {
      load(q.data)
      setLoaded(true)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data])

  const submit = form.onSubmit(
    async (v) => {
      const changes = changesOf(v, base.current!)
      if (!Object.keys(changes).length) return notifySuccess(t('settings.business.unchanged'))
      try {
        await save.send(changes, base.current!.version)
        notifySuccess(t('settings.business.saved'))
      } catch (e) {
        failed(e)
      }
    },
    () => focusFirstError(),
  )
  useSaveHotkey(() => void submit(), admin && loaded)

  const today = todayStr()
  const docLabel = (d: DocType) => t(`settings.business.doc.${d}` as MessageKey)
  const datePartOptions = DATE_PARTS.map((p) => ({ value: p, label: t(`settings.business.datePart.${p || 'none'}` as MessageKey) }))
  const separatorOptions = SEPARATORS.map((s) => ({ value: s, label: t(`settings.business.separator.${s || 'none'}` as MessageKey) }))
  /** the first other document type with the same prefix (easy to mix up) */
  const samePrefixAs = (d: DocType) => {
    const mine = form.values.numbering[d].prefix.trim().toUpperCase()
    return mine ? DOC_TYPES.find((o) => o !== d && form.values.numbering[o].prefix.trim().toUpperCase() === mine) : undefined
  }

  if (q.error) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  return (
    <Box maw={1100}>
      <PageHeader
        title={t('settings.business.title')}
        subtitle={t('settings.business.subtitle')}
        actions={
          admin && (
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={() => void submit()} disabled={!loaded} title={t('action.saveHint')} data-testid="business-save">
              {t('action.save')}
            </Button>
          )
        }
      />
      {!admin && (
        <Alert color="gray" variant="light" icon={<IconLock size={16} />} mb="sm" data-testid="business-readonly">
          {t('settings.business.readOnly')}
        </Alert>
      )}
      {save.conflict && (
        <ConflictAlert
          conflict={save.conflict}
          busy={save.busy}
          onReload={() => void save.reload().catch(notifyError)}
          onOverwrite={() => void save.overwrite().then(() => notifySuccess(t('settings.business.saved')), failed)}
        />
      )}
      {!loaded ? (
        <Skeleton height={480} />
      ) : (
        <form onSubmit={submit} onKeyDown={enterToNextField} noValidate data-testid="business-form">
          <fieldset disabled={!admin} className={admin ? undefined : classes.readOnly} style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
            <Paper withBorder radius="sm" p="md" mb="sm">
              <Title order={4} mb={4}>
                {t('settings.business.numbering')}
              </Title>
              <Text size="sm" c="dimmed" mb="xs" data-testid="numbering-note">
                <IconInfoCircle size={14} style={{ verticalAlign: -2, marginRight: 4 }} />
                {t('settings.business.numberingNote')}
              </Text>
              <Table verticalSpacing={6} horizontalSpacing="xs" data-testid="numbering-table">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th w={100}>{t('settings.business.col.doc')}</Table.Th>
                    <Table.Th w={130}>{t('settings.business.col.prefix')}</Table.Th>
                    <Table.Th w={200}>{t('settings.business.col.datePart')}</Table.Th>
                    <Table.Th w={140}>{t('settings.business.col.separator')}</Table.Th>
                    <Table.Th w={110}>{t('settings.business.col.digits')}</Table.Th>
                    <Table.Th>{t('settings.business.col.preview')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {DOC_TYPES.map((d, i) => {
                    const p = form.values.numbering[d]
                    const label = docLabel(d)
                    const preview = numberParts(p, today)
                    const same = samePrefixAs(d)
                    return (
                      <Table.Tr key={d} data-testid={`numbering-row-${d}`} style={{ verticalAlign: 'top' }}>
                        <Table.Td pt={12}>
                          <Text size="sm" fw={500}>
                            {label}
                          </Text>
                        </Table.Td>
                        <Table.Td>
                          <TextInput
                            size="xs"
                            aria-label={`${label} ${t('settings.business.col.prefix')}`}
                            maxLength={10}
                            autoFocus={admin && i === 0}
                            data-testid={`numbering-${d}-prefix`}
                            {...form.getInputProps(`numbering.${d}.prefix`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            size="xs"
                            aria-label={`${label} ${t('settings.business.col.datePart')}`}
                            data={datePartOptions}
                            data-testid={`numbering-${d}-datePart`}
                            {...form.getInputProps(`numbering.${d}.datePart`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NativeSelect
                            size="xs"
                            aria-label={`${label} ${t('settings.business.col.separator')}`}
                            data={separatorOptions}
                            disabled={!p.datePart}
                            title={p.datePart ? undefined : t('settings.business.separatorUnused')}
                            data-testid={`numbering-${d}-separator`}
                            {...form.getInputProps(`numbering.${d}.separator`)}
                          />
                        </Table.Td>
                        <Table.Td>
                          <NumberInput
                            size="xs"
                            aria-label={`${label} ${t('settings.business.col.digits')}`}
                            min={3}
                            max={8}
                            allowDecimal={false}
                            allowNegative={false}
                            clampBehavior="none"
                            data-testid={`numbering-${d}-digits`}
                            {...form.getInputProps(`numbering.${d}.digits`)}
                          />
                        </Table.Td>
                        <Table.Td pt={10}>
                          <NumberPreview parts={preview} testId={`numbering-preview-${d}`} />
                          {same && (
                            <Text size="xs" c="orange.8" data-testid={`numbering-same-${d}`}>
                              {t('settings.business.samePrefix', { doc: docLabel(same) })}
                            </Text>
                          )}
                        </Table.Td>
                      </Table.Tr>
                    )
                  })}
                </Table.Tbody>
              </Table>
            </Paper>

            <SimpleGrid cols={2} spacing="sm" mb="sm">
              <Paper withBorder radius="sm" p="md">
                <Title order={4} mb="xs">
                  {t('settings.business.inventory')}
                </Title>
                <Stack gap="sm">
                  <Switch
                    label={t('settings.business.allowNegative')}
                    description={t('settings.business.allowNegativeHint')}
                    color="orange"
                    size="md"
                    onLabel={t('settings.business.on')}
                    offLabel={t('settings.business.off')}
                    data-testid="allow-negative-stock"
                    {...form.getInputProps('inventory.allowNegativeStock', { type: 'checkbox' })}
                  />
                  {form.values.inventory.allowNegativeStock && (
                    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={16} />} title={t('settings.business.negativeWarningTitle')} data-testid="negative-stock-warning">
                      {t('settings.business.negativeWarning')}
                    </Alert>
                  )}
                </Stack>
              </Paper>
              <Paper withBorder radius="sm" p="md">
                <Title order={4} mb="xs">
                  {t('settings.business.followUp')}
                </Title>
                <NumberInput
                  label={t('settings.business.revisitDays')}
                  description={t('settings.business.revisitHint')}
                  w={320}
                  min={0}
                  max={365}
                  allowDecimal={false}
                  allowNegative={false}
                  clampBehavior="none"
                  suffix={t('settings.business.days')}
                  data-testid="revisit-days"
                  {...form.getInputProps('followUp.revisitDelayDays')}
                />
              </Paper>
            </SimpleGrid>

            <SimpleGrid cols={2} spacing="sm" mb="sm">
              <Paper withBorder radius="sm" p="md" data-testid="pool-rules">
                <Title order={4} mb={4}>
                  {t('settings.business.pool')}
                </Title>
                <Text size="sm" c="dimmed" mb="xs">
                  {t('settings.business.poolHint')}
                </Text>
                <SimpleGrid cols={2} spacing="sm">
                  {POOL_KEYS.map((k) => (
                    <NumberInput
                      key={k}
                      label={t(`settings.business.pool.${k}`)}
                      description={t(`settings.business.pool.${k}Hint`)}
                      min={0}
                      max={POOL_MAX[k]}
                      allowDecimal={false}
                      allowNegative={false}
                      clampBehavior="none"
                      suffix={k === 'maxPrivate' ? t('settings.business.customers') : t('settings.business.days')}
                      data-testid={`pool-${k}`}
                      {...form.getInputProps(`pool.${k}`)}
                    />
                  ))}
                </SimpleGrid>
              </Paper>
              <Paper withBorder radius="sm" p="md" data-testid="credit-rules">
                <Title order={4} mb={4}>
                  {t('settings.business.credit')}
                </Title>
                <Stack gap="sm">
                  <MoneyInput
                    label={t('settings.business.credit.defaultLimit')}
                    description={t('settings.business.credit.defaultLimitHint')}
                    w={320}
                    value={form.values.credit.defaultLimitFen}
                    onChange={(fen) => form.setFieldValue('credit.defaultLimitFen', fen ?? 0)}
                    error={form.errors['credit.defaultLimitFen']}
                    data-testid="credit-default-limit"
                  />
                  <Radio.Group label={t('settings.business.credit.zeroMeans')} {...form.getInputProps('credit.zeroMeans')}>
                    <Stack gap={6} mt={6}>
                      <Radio value="unlimited" label={t('settings.business.credit.zeroUnlimited')} data-testid="credit-zero-unlimited" />
                      <Radio value="noCredit" label={t('settings.business.credit.zeroNoCredit')} data-testid="credit-zero-nocredit" />
                    </Stack>
                  </Radio.Group>
                </Stack>
              </Paper>
            </SimpleGrid>

            <Paper withBorder radius="sm" p="md">
              <Title order={4} mb={4}>
                {t('settings.business.probabilities')}
              </Title>
              <Text size="sm" c="dimmed" mb="xs">
                {t('settings.business.probabilitiesHint')}
              </Text>
              <SimpleGrid cols={6} spacing="sm">
                {OPPORTUNITY_STAGES.map((s) => (
                  <NumberInput
                    key={s}
                    label={t(`oppStage.${s}` as MessageKey)}
                    min={0}
                    max={100}
                    allowDecimal={false}
                    allowNegative={false}
                    clampBehavior="none"
                    suffix="%"
                    data-testid={`probability-${s}`}
                    {...form.getInputProps(`opportunityProbabilities.${s}`)}
                  />
                ))}
              </SimpleGrid>
            </Paper>
          </fieldset>
        </form>
      )}
    </Box>
  )
}

/**
 * A number with its parts told apart: the prefix in bold, the date in blue, the serial in the text colour
 * (in many fonts the letter O and the digit 0 look alike: SO2026… must not read as S02026…).
 */
function NumberPreview({ parts, testId }: { parts: NumberParts | null; testId: string }) {
  if (!parts) {
    return (
      <Text size="sm" c="dimmed" data-testid={testId}>
        —
      </Text>
    )
  }
  return (
    <Text size="sm" data-testid={testId} style={{ fontFamily: 'var(--kedan-font-numeric)', letterSpacing: '0.02em', whiteSpace: 'nowrap' }}>
      <Text span inherit fw={700}>
        {parts.prefix}
      </Text>
      <Text span inherit c="blue.7">
        {parts.date}
      </Text>
      <Text span inherit c="dimmed">
        {parts.separator}
      </Text>
      <Text span inherit fw={500}>
        {parts.serial}
      </Text>
    </Text>
  )
}
