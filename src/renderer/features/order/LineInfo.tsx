import { Badge, Text } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import { formatFen } from '../../shared/money'
import classes from './LineGrid.module.css'
import { lineCalc, trimPrice, trimQty, type DraftLine } from './lineDraft'

/** Under the line grid: the first error, or the active line's product, standard and last price, stock and net amount. */
export function LineInfo({ line: active, priceIncludesTax, customerId, errors }: { line: DraftLine | undefined; priceIncludesTax: boolean; customerId: number | null; errors: Record<string, string> }) {
  const t = useT()
  const activeCalc = active ? lineCalc(active, priceIncludesTax) : null
  const firstError = Object.entries(errors)[0]
  return (
    <div className={classes.info} data-testid="line-info">
      {firstError ? (
        <Text size="xs" c="red" fw={500} data-testid="grid-error">
          {t('grid.errorAt', { row: Number(firstError[0].split('.')[0]) + 1, message: firstError[1] })}
        </Text>
      ) : active?.product ? (
        <>
          <span>
            <b>{active.product.code}</b> {active.product.name}
            {active.product.spec ? ` · ${active.product.spec}` : ''}
          </span>
          <span>{t('grid.info.standard', { price: trimPrice(active.product.salePrice) })}</span>
          {active.lastPrice ? (
            <Badge size="sm" variant="light" color="teal" data-testid="last-price">
              {t('grid.info.last', { price: trimPrice(active.lastPrice.unitPrice), number: active.lastPrice.orderNumber, date: active.lastPrice.orderDate })}
              {active.lastPrice.discountPct !== '0' ? t('grid.info.lastDiscount', { pct: active.lastPrice.discountPct }) : ''}
            </Badge>
          ) : active.lastPrice === null ? (
            <span data-testid="last-price-none">{t('grid.info.firstTime')}</span>
          ) : !customerId ? (
            <span>{t('grid.info.noCustomer')}</span>
          ) : null}
          {active.product.available !== undefined && <span>{t('grid.info.available', { qty: trimQty(active.product.available), unit: active.product.unit })}</span>}
          {activeCalc && <span>{t('grid.info.net', { net: formatFen(activeCalc.netFen) })}</span>}
        </>
      ) : (
        <span>{t('grid.info.keys')}</span>
      )}
    </div>
  )
}
