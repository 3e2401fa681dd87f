import { Group, Text } from '@mantine/core'
import type { ReactNode } from 'react'
import { amountInWords } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { formatFen } from '../../shared/money'
import classes from './LineGrid.module.css'

/** 合计 / 税额 / 不含税 in figures and 人民币大写 — the running totals under a line grid and on a document page. */
export function TotalsBar({ totalFen, taxFen, netFen, lines, extra }: { totalFen: number; taxFen: number; netFen: number; lines?: number; extra?: ReactNode }) {
  const t = useT()
  return (
    <div className={classes.totals} data-testid="totals">
      <Group gap={6} wrap="nowrap" align="baseline">
        <Text size="sm" c="dimmed">
          {t('totals.total')}
        </Text>
        <Text size="lg" className={classes.totalFigure} data-testid="total-amount">
          {formatFen(totalFen)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" align="baseline">
        <Text size="sm" c="dimmed">
          {t('totals.tax')}
        </Text>
        <Text size="sm" className={classes.totalFigure} data-testid="total-tax">
          {formatFen(taxFen)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" align="baseline">
        <Text size="sm" c="dimmed">
          {t('totals.net')}
        </Text>
        <Text size="sm" className={classes.totalFigure}>
          {formatFen(netFen)}
        </Text>
      </Group>
      <Group gap={6} wrap="nowrap" align="baseline" style={{ minWidth: 0 }}>
        <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
          {t('totals.words')}
        </Text>
        <Text size="sm" className={classes.words} data-testid="total-words">
          {amountInWords(totalFen)}
        </Text>
      </Group>
      {lines !== undefined && (
        <Text size="xs" c="dimmed" ml="auto">
          {t('totals.lines', { n: lines })}
        </Text>
      )}
      {extra}
    </div>
  )
}
