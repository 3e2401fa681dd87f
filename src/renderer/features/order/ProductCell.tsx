import { Text } from '@mantine/core'
import type { KeyboardEvent } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import type { Product } from '../product/product.api'
import classes from './LineGrid.module.css'
import { trimPrice, trimQty, type DraftLine } from './lineDraft'
import { SearchPicker, type PickVia, type SearchPickerHandle } from './SearchPicker'

const PRODUCT_COLS = '90px 1fr 110px 44px 80px 70px'

/** The product cell of a grid line: type a code, barcode, name or pinyin initials; the list shows price and stock. */
export function ProductCell(props: {
  line: DraftLine
  row: number
  /** the trailing line gets the placeholder */
  last: boolean
  error?: string
  onPick: (p: Product, via: PickVia, typeahead: string) => void
  handleRef: (h: SearchPickerHandle | null) => void
  onKeyDown: (e: KeyboardEvent<HTMLElement>) => void
  onFocus: () => void
}) {
  const t = useT()
  const { line, row, last, error, onPick, handleRef, onKeyDown, onFocus } = props
  return (
    <SearchPicker<Product>
      selectedText={line.product ? `${line.product.code}  ${line.product.name}` : ''}
      search={(q) => invoke('product.search', { query: q || undefined, active: true, page: 1, pageSize: 20 }).then((r) => r.items)}
      exact={(q, items) => items.find((p) => p.code.toLowerCase() === q.toLowerCase() || (!!p.barcode && p.barcode === q))}
      itemKey={(p) => p.id}
      dropdownWidth={640}
      columns={PRODUCT_COLS}
      header={
        <>
          <span>{t('grid.pick.code')}</span>
          <span>{t('grid.pick.name')}</span>
          <span>{t('grid.spec')}</span>
          <span>{t('grid.unit')}</span>
          <span style={{ textAlign: 'right' }}>{t('grid.pick.price')}</span>
          <span style={{ textAlign: 'right' }}>{t('grid.pick.available')}</span>
        </>
      }
      renderItem={(p) => (
        <>
          <Text span ff="monospace" size="xs" className={classes.ellipsis}>
            {p.code}
          </Text>
          <span className={classes.ellipsis}>{p.name}</span>
          <Text span size="xs" c="dimmed" className={classes.ellipsis}>
            {p.spec ?? ''}
          </Text>
          <Text span size="xs">
            {p.unit}
          </Text>
          <Text span size="xs" ta="right">
            {trimPrice(p.salePrice)}
          </Text>
          <Text span size="xs" ta="right" c={p.lowStock || Number(p.available) <= 0 ? 'red' : 'dimmed'}>
            {trimQty(p.available)}
          </Text>
        </>
      )}
      onPick={onPick}
      handleRef={handleRef}
      onKeyDown={onKeyDown}
      onFocus={onFocus}
      testId="cell-product"
      inputProps={{
        variant: 'unstyled',
        classNames: { input: classes.cellInput },
        placeholder: last ? t('grid.productPlaceholder') : undefined,
        'data-row': row,
        'data-col': 'product',
        'aria-label': `${t('grid.product')} ${row + 1}`,
        'aria-invalid': error ? true : undefined,
        title: error,
      }}
    />
  )
}
