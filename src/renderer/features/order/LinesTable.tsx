import { Table, Text } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import { MoneyText } from '../../shared/MoneyText'
import { trimPrice, trimQty } from './lineDraft'
import type { LineOut, OrderLineOut } from './order.api'

/** Saved document lines, read-only (order page, quote page, earlier quote revisions). */
export function LinesTable({ lines, withShipping }: { lines: (LineOut | OrderLineOut)[]; withShipping?: boolean }) {
  const t = useT()
  return (
    <Table.ScrollContainer minWidth={900} type="native">
      <Table fz="sm" verticalSpacing={6} horizontalSpacing="sm" withColumnBorders={false} striped={false} data-testid="lines-table">
        <Table.Thead>
          <Table.Tr>
            <Table.Th w={40} ta="center">
              {t('grid.no')}
            </Table.Th>
            <Table.Th w={120}>{t('grid.pick.code')}</Table.Th>
            <Table.Th>{t('grid.pick.name')}</Table.Th>
            <Table.Th>{t('grid.spec')}</Table.Th>
            <Table.Th w={50}>{t('grid.unit')}</Table.Th>
            <Table.Th ta="right">{t('grid.quantity')}</Table.Th>
            {withShipping && <Table.Th ta="right">{t('grid.shipped')}</Table.Th>}
            {withShipping && <Table.Th ta="right">{t('grid.open')}</Table.Th>}
            <Table.Th ta="right">{t('grid.price')}</Table.Th>
            <Table.Th ta="right">{t('grid.taxRate')}</Table.Th>
            <Table.Th ta="right">{t('grid.discount')}</Table.Th>
            <Table.Th ta="right">{t('grid.amount')}</Table.Th>
            <Table.Th ta="right">{t('grid.tax')}</Table.Th>
            <Table.Th>{t('grid.remark')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {lines.map((l) => {
            const s = 'shipped' in l ? l : null
            return (
              <Table.Tr key={l.id} data-testid="line-row">
                <Table.Td ta="center" c="dimmed">
                  {l.lineNo}
                </Table.Td>
                <Table.Td ff="monospace" fz="xs">
                  {l.productCode}
                </Table.Td>
                <Table.Td>{l.productName}</Table.Td>
                <Table.Td c="dimmed" fz="xs">
                  {l.spec ?? ''}
                </Table.Td>
                <Table.Td>{l.unit}</Table.Td>
                <Table.Td ta="right">{trimQty(l.quantity)}</Table.Td>
                {withShipping && <Table.Td ta="right">{s ? trimQty(s.shipped) : ''}</Table.Td>}
                {withShipping && (
                  <Table.Td ta="right" fw={s && Number(s.open) > 0 ? 600 : undefined} c={s && Number(s.open) > 0 ? undefined : 'dimmed'}>
                    {s ? trimQty(s.open) : ''}
                  </Table.Td>
                )}
                <Table.Td ta="right">{trimPrice(l.unitPrice)}</Table.Td>
                <Table.Td ta="right">{l.taxRate}%</Table.Td>
                <Table.Td ta="right">{l.discountPct !== '0' ? `${l.discountPct}%` : ''}</Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={l.amountFen} size="sm" />
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={l.taxFen} size="xs" c="dimmed" />
                </Table.Td>
                <Table.Td>
                  <Text size="xs" c="dimmed" lineClamp={2}>
                    {l.remark ?? ''}
                  </Text>
                </Table.Td>
              </Table.Tr>
            )
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  )
}
