import { ActionIcon, Center, Group, HoverCard, Loader, Paper, SegmentedControl, Stack, Text } from '@mantine/core'
import { DatePickerInput } from '@mantine/dates'
import { IconInfoCircle } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import type { MessageKey } from '../../app/i18n/messages'
import { PERIODS, readPeriod, type PeriodKey } from './period'

/** Sets (or removes, for null) URL parameters in place. */
export function useParamSetter() {
  const [, setParams] = useSearchParams()
  return (entries: Record<string, string | null>) =>
    setParams(
      (p) => {
        const n = new URLSearchParams(p)
        for (const [k, v] of Object.entries(entries)) {
          if (v) n.set(k, v)
          else n.delete(k)
        }
        return n
      },
      { replace: true },
    )
}

/** The period of a report page, kept in the URL. */
export function usePeriod(fallback: Exclude<PeriodKey, 'custom'> = 'thisYear') {
  const [params] = useSearchParams()
  return readPeriod(params, fallback)
}

/** 本月 · 上月 · 本季 · 本年 · 自定义 (with a date range for 自定义). */
export function PeriodPicker({ fallback = 'thisYear' }: { fallback?: Exclude<PeriodKey, 'custom'> }) {
  const t = useT()
  const period = usePeriod(fallback)
  const set = useParamSetter()
  return (
    <Group gap="xs" wrap="nowrap">
      <SegmentedControl
        size="xs"
        data-testid="period-picker"
        value={period.key}
        onChange={(v) => {
          const k = v as PeriodKey
          if (k === 'custom') set({ period: 'custom', from: period.from, to: period.to })
          else set({ period: k === fallback ? null : k, from: null, to: null })
        }}
        data={PERIODS.map((p) => ({ value: p, label: t(`period.${p}`) }))}
      />
      {period.key === 'custom' && (
        <DatePickerInput
          type="range"
          size="xs"
          w={220}
          valueFormat="YYYY-MM-DD"
          aria-label={t('period.custom')}
          data-testid="period-range"
          value={[period.from, period.to]}
          onChange={([a, b]) => {
            if (a && b) set({ period: 'custom', from: a, to: b })
          }}
        />
      )}
    </Group>
  )
}

/** The 口径 tooltip: the definitions in plain words. */
export function Kouj({ keys }: { keys: MessageKey[] }) {
  const t = useT()
  return (
    <HoverCard width={420} shadow="md" position="bottom-end" withinPortal>
      <HoverCard.Target>
        <Group gap={4} wrap="nowrap" style={{ cursor: 'help' }} data-testid="kouj">
          <ActionIcon variant="subtle" size="sm" color="gray" aria-label={t('rpt.kouj')}>
            <IconInfoCircle size={16} />
          </ActionIcon>
          <Text size="xs" c="dimmed">
            {t('rpt.kouj')}
          </Text>
        </Group>
      </HoverCard.Target>
      <HoverCard.Dropdown>
        <Stack gap={6} data-testid="kouj-text">
          {keys.map((k) => (
            <Text key={k} size="xs">
              {t(k)}
            </Text>
          ))}
        </Stack>
      </HoverCard.Dropdown>
    </HoverCard>
  )
}

/** A headline figure in a bordered card; `onClick` drills down. */
export function Stat({ label, children, hint, onClick, testId }: { label: ReactNode; children: ReactNode; hint?: ReactNode; onClick?: () => void; testId?: string }) {
  return (
    <Paper
      withBorder
      radius="sm"
      p="sm"
      onClick={onClick}
      style={onClick ? { cursor: 'pointer' } : undefined}
      data-testid={testId}
      role={onClick ? 'button' : undefined}
      tabIndex={onClick ? 0 : undefined}
      onKeyDown={onClick ? (e) => e.key === 'Enter' && onClick() : undefined}
    >
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="xl" fw={700}>
        {children}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  )
}

/** A titled block of a report page. */
export function Block({ title, right, children, testId }: { title: ReactNode; right?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="sm" p="md" data-testid={testId}>
      <Group justify="space-between" mb="sm" wrap="nowrap">
        <Text fw={600} size="sm">
          {title}
        </Text>
        {right}
      </Group>
      {children}
    </Paper>
  )
}

/** Change of `cur` against `base` as a signed percentage ('—' without a base). */
export function Change({ cur, base }: { cur: number; base: number }) {
  if (!base) return <Text span size="sm" c="dimmed">—</Text>
  const r = (cur - base) / Math.abs(base)
  return (
    <Text span size="sm" c={r > 0 ? 'teal.8' : r < 0 ? 'red.7' : undefined}>
      {r > 0 ? '+' : ''}
      {(r * 100).toFixed(1)}%
    </Text>
  )
}
export const changeText = (cur: number, base: number) => (base ? `${cur >= base ? '+' : ''}${(((cur - base) / Math.abs(base)) * 100).toFixed(1)}%` : '—')

/** A report still loading. */
export function Loading() {
  return (
    <Center py="xl" data-testid="report-loading">
      <Loader size="sm" />
    </Center>
  )
}
