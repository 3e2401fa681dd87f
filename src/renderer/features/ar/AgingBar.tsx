import { Group, Paper, Progress, SimpleGrid, Text, Tooltip } from '@mantine/core'
import type { ReactNode } from 'react'
import { useT } from '../../app/i18n/i18n'
import { formatFen } from '../../shared/money'
import { MoneyText } from '../../shared/MoneyText'
import { AGING_KEYS, type AgingBuckets } from './ar.api'

export const AGING_COLORS: Record<(typeof AGING_KEYS)[number], string> = {
  notDueFen: 'teal.5',
  d1_30Fen: 'yellow.5',
  d31_60Fen: 'orange.5',
  d61_90Fen: 'red.5',
  over90Fen: 'red.9',
}

/** The five aging buckets as one bar with a legend of amounts. */
export function AgingBar({ buckets, testId }: { buckets: AgingBuckets; testId?: string }) {
  const t = useT()
  const total = AGING_KEYS.reduce((s, k) => s + Math.max(0, buckets[k]), 0)
  return (
    <div data-testid={testId}>
      <Progress.Root size={14} radius="sm">
        {total > 0 &&
          AGING_KEYS.map((k) =>
            buckets[k] > 0 ? (
              <Tooltip key={k} label={`${t(`aging.${k}`)} ${formatFen(buckets[k])}`}>
                <Progress.Section value={(buckets[k] / total) * 100} color={AGING_COLORS[k]} />
              </Tooltip>
            ) : null,
          )}
      </Progress.Root>
      <SimpleGrid cols={5} spacing="sm" mt={8}>
        {AGING_KEYS.map((k) => (
          <div key={k}>
            <Group gap={6} wrap="nowrap">
              <span style={{ width: 8, height: 8, borderRadius: 2, background: `var(--mantine-color-${AGING_COLORS[k].replace('.', '-')})`, flexShrink: 0 }} />
              <Text size="xs" c="dimmed">
                {t(`aging.${k}`)}
              </Text>
            </Group>
            <MoneyText fen={buckets[k]} size="sm" fw={600} c={buckets[k] === 0 ? 'dimmed' : undefined} />
          </div>
        ))}
      </SimpleGrid>
    </div>
  )
}

/** A figure with its label, for the summary strips. */
export function Figure({ label, children, hint, testId }: { label: ReactNode; children: ReactNode; hint?: ReactNode; testId?: string }) {
  return (
    <Paper withBorder radius="sm" px="md" py="sm" data-testid={testId}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <div style={{ fontSize: 20, fontWeight: 650, lineHeight: 1.35 }}>{children}</div>
      {hint && (
        <Text size="xs" c="dimmed" mt={2}>
          {hint}
        </Text>
      )}
    </Paper>
  )
}
