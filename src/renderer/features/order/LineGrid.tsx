import { ActionIcon, Box, Text, Tooltip } from '@mantine/core'
import { IconAlertTriangle, IconHistory, IconTrash } from '@tabler/icons-react'
import { flushSync } from 'react-dom'
import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef, useState, type Dispatch, type KeyboardEvent, type SetStateAction } from 'react'
import { toMilli } from '../../../core/money/money'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { formatFen } from '../../shared/money'
import type { Product } from '../product/product.api'
import { TAX_RATES } from '../product/product.api'
import classes from './LineGrid.module.css'
import { blankLine, cleanNumber, GRID_COLUMNS, isBlank, lineCalc, priceError, replay, sanitizeNumber, trimPrice, trimQty, type DraftLine, type GridColumn, type ProductRef } from './lineDraft'
import { LineInfo } from './LineInfo'
import { ProductCell } from './ProductCell'
import type { PickVia, SearchPickerHandle } from './SearchPicker'

export interface LineGridHandle {
  /**
   * Focus a cell; row -1 = the first line without a product (or the trailing blank line).
   * `typeahead` (keys typed before the cell had the focus, '\n' for Enter) is typed into the product cell.
   */
  focus: (row: number, col?: GridColumn, typeahead?: string) => void
  /** a product pick is waiting for the server */
  busy: () => boolean
}

export interface LineGridProps {
  lines: DraftLine[]
  setLines: Dispatch<SetStateAction<DraftLine[]>>
  priceIncludesTax: boolean
  /** for the customer's last price; null = not chosen yet */
  customerId: number | null
  /** `${row}.${field}` → message, from the client check or the server's `lines.N.field` issues */
  errors?: Record<string, string>
  onErrorsChange?: (errors: Record<string, string>) => void
  /** Enter on the empty product cell of the last line: leave the grid (e.g. to the save button) */
  onExit?: () => void
  testId?: string
}

export function toProductRef(p: Product): ProductRef {
  return { id: p.id, code: p.code, name: p.name, spec: p.spec, unit: p.unit, salePrice: p.salePrice, taxRate: p.taxRate, available: p.available }
}

/**
 * The document line grid (订单 / 报价单): a spreadsheet you drive with the keyboard.
 * Enter moves to the next cell; from the last cell of a line it goes to the next line, which is created
 * when needed. ↑/↓ move between lines, Ctrl+Delete removes a line. In the product cell you type a code,
 * a name or pinyin initials and pick with ↑/↓ + Enter; the price then comes from the customer's last
 * price (shown below the grid) or the product's price. Amounts are computed live with the core's money module.
 */
export const LineGrid = forwardRef<LineGridHandle, LineGridProps>(function LineGrid(props, ref) {
  const t = useT()
  const { lines, setLines, priceIncludesTax, customerId, errors = {} } = props
  const gridRef = useRef<HTMLDivElement>(null)
  const pendingFocus = useRef<{ row: number; col: GridColumn; select?: boolean; typeahead?: string } | null>(null)
  const pickers = useRef(new Map<number, SearchPickerHandle>())
  const [activeRow, setActiveRow] = useState(0)
  const customerRef = useRef(customerId)
  customerRef.current = customerId

  // there is always one blank line at the end to type into
  useEffect(() => {
    const last = lines[lines.length - 1]
    if (!last || !isBlank(last)) setLines((ls) => [...ls, blankLine()])
  }, [lines, setLines])

  const focusNow = (row: number, col: GridColumn, select = true, typeahead?: string) => {
    const el = gridRef.current?.querySelector<HTMLElement>(`[data-row="${row}"][data-col="${col}"]`)
    if (!el) return false
    el.focus()
    if (el instanceof HTMLInputElement) {
      if (select) el.select()
      else el.setSelectionRange(el.value.length, el.value.length)
    }
    if (typeahead && col === 'product') pickers.current.get(row)?.type(typeahead)
    return true
  }
  const focusCell = (row: number, col: GridColumn, opts: { select?: boolean; typeahead?: string } = {}) => {
    if (!focusNow(row, col, opts.select ?? true, opts.typeahead)) pendingFocus.current = { row, col, ...opts }
  }
  useLayoutEffect(() => {
    const p = pendingFocus.current
    if (p && focusNow(p.row, p.col, p.select ?? true, p.typeahead)) pendingFocus.current = null
  })

  useImperativeHandle(ref, () => ({
    busy: () => [...pickers.current.values()].some((p) => p.busy()) || pendingFocus.current?.typeahead !== undefined,
    focus(row, col = 'product', typeahead) {
      const first = lines.findIndex((l) => !l.product)
      const r = row >= 0 ? row : first < 0 ? lines.length - 1 : first
      focusCell(r, col, { typeahead })
    },
  }))

  const clearError = (row: number, col: string) => {
    const k = `${row}.${col}`
    if (errors[k] && props.onErrorsChange) {
      const n = { ...errors }
      delete n[k]
      props.onErrorsChange(n)
    }
  }

  const update = (key: string, patch: Partial<DraftLine> | ((l: DraftLine) => Partial<DraftLine>)) =>
    setLines((ls) => ls.map((l) => (l.key === key ? { ...l, ...(typeof patch === 'function' ? patch(l) : patch) } : l)))

  /** the customer's last price for a line's product; a price the user typed meanwhile is kept */
  const lookUpLastPrice = (key: string, productId: number) => {
    const cid = customerRef.current
    if (!cid) return update(key, { lastPrice: undefined })
    invoke('product.lastPrice', { customerId: cid, productId })
      .then((lp) => {
        update(key, (l) => {
          if (l.product?.id !== productId) return {}
          if (!lp || l.priceTouched) return { lastPrice: lp }
          return { lastPrice: lp, unitPrice: trimPrice(lp.unitPrice), discountPct: lp.discountPct === '0' ? '' : lp.discountPct }
        })
      })
      .catch(() => update(key, { lastPrice: undefined }))
  }

  // a different customer: the last prices of lines whose price nobody typed are looked up again
  const lastCustomer = useRef(customerId)
  useEffect(() => {
    if (lastCustomer.current === customerId) return
    lastCustomer.current = customerId
    for (const l of lines) if (l.product && !l.priceTouched) lookUpLastPrice(l.key, l.product.id)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [customerId])

  const pickProduct = (row: number, line: DraftLine, p: Product, via: PickVia, typeahead: string) => {
    const ref = toProductRef(p)
    // keys typed while the pick waited for the server go on into the next cells, as if they had had the focus
    const ahead = replay(typeahead)
    // drawn at once (not on React's next turn) and the focus moved right away, so the next key a fast
    // typist presses lands in the next cell with its new value, never back in the product box
    flushSync(() => {
      update(line.key, {
        product: ref,
        unitPrice: trimPrice(p.salePrice),
        taxRate: p.taxRate,
        quantity: line.quantity.trim() ? line.quantity : '1',
        discountPct: '',
        lastPrice: undefined,
        priceTouched: false,
        ...ahead.patch,
      })
      if (ahead.overflow !== null) setLines((ls) => (ls.length <= row + 1 ? [...ls, blankLine()] : ls))
    })
    clearError(row, 'product')
    lookUpLastPrice(line.key, p.id)
    if (ahead.overflow !== null) return focusCell(row + 1, 'product', { typeahead: ahead.overflow })
    if (via !== 'tab' || typeahead) focusCell(row, ahead.col, { select: !ahead.typedInCol })
  }

  const next = (row: number, col: GridColumn) => {
    const i = GRID_COLUMNS.indexOf(col)
    if (i < GRID_COLUMNS.length - 1) return focusCell(row, GRID_COLUMNS[i + 1]!)
    if (row + 1 >= lines.length) setLines((ls) => [...ls, blankLine()])
    focusCell(row + 1, 'product')
  }

  const removeLine = (row: number) => {
    setLines((ls) => {
      const n = ls.filter((_, i) => i !== row)
      return n.length ? n : [blankLine()]
    })
    focusCell(Math.max(0, Math.min(row, lines.length - 2)), 'product')
  }

  const onCellKey = (e: KeyboardEvent<HTMLElement>, row: number, col: GridColumn) => {
    if (e.defaultPrevented || e.nativeEvent.isComposing) return
    const line = lines[row]
    if (e.key === 'Enter' && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault()
      if (e.shiftKey) {
        // Shift+Enter goes back one cell
        const i = GRID_COLUMNS.indexOf(col)
        if (i > 0) focusCell(row, GRID_COLUMNS[i - 1]!)
        else if (row > 0) focusCell(row - 1, GRID_COLUMNS[GRID_COLUMNS.length - 1]!)
        return
      }
      if (col === 'product' && !line?.product) {
        // an empty product cell: on the last line this leaves the grid, elsewhere nothing to confirm
        if (row === lines.length - 1 && lines.some((l) => l.product)) props.onExit?.()
        return
      }
      next(row, col)
      return
    }
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && col !== 'taxRate' && !e.altKey) {
      e.preventDefault()
      const r = e.key === 'ArrowDown' ? row + 1 : row - 1
      if (r >= 0 && r < lines.length) focusCell(r, col)
      return
    }
    if (e.key === 'Delete' && e.ctrlKey) {
      e.preventDefault()
      removeLine(row)
    }
  }

  const overStock = (l: DraftLine) => {
    if (!l.product?.available || !/^\d+(\.\d+)?$/.test(cleanNumber(l.quantity))) return false
    return toMilli(cleanNumber(l.quantity)) > toMilli(l.product.available)
  }

  return (
    <Box className={classes.wrap} data-testid={props.testId ?? 'line-grid'}>
      <div ref={gridRef}>
        <table className={classes.grid}>
          <colgroup>
            <col style={{ width: 40 }} />
            <col style={{ width: '26%' }} />
            <col style={{ width: 110 }} />
            <col style={{ width: 50 }} />
            <col style={{ width: 90 }} />
            <col style={{ width: 100 }} />
            <col style={{ width: 70 }} />
            <col style={{ width: 68 }} />
            <col style={{ width: 116 }} />
            <col style={{ width: 96 }} />
            <col />
            <col style={{ width: 34 }} />
          </colgroup>
          <thead>
            <tr>
              <th className={classes.rowNo}>{t('grid.no')}</th>
              <th>{t('grid.product')}</th>
              <th>{t('grid.spec')}</th>
              <th>{t('grid.unit')}</th>
              <th className={classes.num}>{t('grid.quantity')}</th>
              <th className={classes.num}>{priceIncludesTax ? t('grid.priceInclTax') : t('grid.priceExclTax')}</th>
              <th className={classes.num}>{t('grid.taxRate')}</th>
              <th className={classes.num}>{t('grid.discount')}</th>
              <th className={classes.num}>{t('grid.amount')}</th>
              <th className={classes.num}>{t('grid.tax')}</th>
              <th>{t('grid.remark')}</th>
              <th aria-label={t('grid.delete')} />
            </tr>
          </thead>
          <tbody>
            {lines.map((l, row) => {
              const m = lineCalc(l, priceIncludesTax)
              const err = (col: string) => errors[`${row}.${col}`]
              const cellProps = (col: GridColumn) => ({
                'data-row': row,
                'data-col': col,
                'aria-label': `${t(`grid.${col === 'discountPct' ? 'discount' : col}` as 'grid.product')} ${row + 1}`,
                'aria-invalid': err(col) ? true : undefined,
                title: err(col),
                onKeyDown: (e: KeyboardEvent<HTMLElement>) => onCellKey(e, row, col),
                onFocus: (e: { currentTarget: HTMLElement }) => {
                  setActiveRow(row)
                  if (e.currentTarget instanceof HTMLInputElement) e.currentTarget.select()
                },
              })
              const numInput = (col: 'quantity' | 'unitPrice' | 'discountPct', onValue?: (v: string) => Partial<DraftLine>) => (
                <input
                  className={classes.cellInput}
                  data-num
                  inputMode="decimal"
                  autoComplete="off"
                  value={l[col]}
                  onChange={(e) => {
                    const v = sanitizeNumber(e.currentTarget.value)
                    update(l.key, { [col]: v, ...(onValue?.(v) ?? {}) })
                    clearError(row, col)
                  }}
                  onBlur={() => {
                    if (col === 'quantity' && l.quantity) update(l.key, { quantity: trimQty(cleanNumber(l.quantity)) })
                    if (col === 'unitPrice' && l.unitPrice && !priceError(l.unitPrice)) update(l.key, { unitPrice: trimPrice(cleanNumber(l.unitPrice)) })
                  }}
                  {...cellProps(col)}
                  data-testid={`cell-${col}`}
                />
              )
              return (
                <tr key={l.key} data-active={row === activeRow || undefined} data-testid="grid-row">
                  <td className={classes.rowNo}>{row + 1}</td>
                  <td data-invalid={err('product') ? true : undefined}>
                    <ProductCell
                      line={l}
                      row={row}
                      last={row === lines.length - 1}
                      error={err('product')}
                      onPick={(p, via, ahead) => pickProduct(row, l, p, via, ahead)}
                      handleRef={(h: SearchPickerHandle | null) => {
                        if (h) pickers.current.set(row, h)
                        else pickers.current.delete(row)
                      }}
                      onKeyDown={(e) => onCellKey(e, row, 'product')}
                      onFocus={() => setActiveRow(row)}
                    />
                  </td>
                  <td className={classes.static} title={l.product?.spec ?? undefined}>
                    <Text span size="xs" c="dimmed">
                      {l.product?.spec ?? ''}
                    </Text>
                  </td>
                  <td className={classes.static}>{l.product?.unit ?? ''}</td>
                  <td data-invalid={err('quantity') ? true : undefined} style={{ position: 'relative' }}>
                    {numInput('quantity')}
                    {overStock(l) && (
                      <Tooltip label={t('grid.overStock', { available: trimQty(l.product!.available!), unit: l.product!.unit })}>
                        <IconAlertTriangle size={12} color="var(--mantine-color-orange-6)" style={{ position: 'absolute', left: 3, top: 3 }} data-testid="over-stock" />
                      </Tooltip>
                    )}
                  </td>
                  <td data-invalid={err('unitPrice') ? true : undefined} style={{ position: 'relative' }}>
                    {numInput('unitPrice', () => ({ priceTouched: true }))}
                    {l.lastPrice && cleanNumber(l.unitPrice) && trimPrice(l.lastPrice.unitPrice) === trimPrice(cleanNumber(l.unitPrice)) && (
                      <Tooltip label={t('grid.lastPriceUsed', { number: l.lastPrice.orderNumber, date: l.lastPrice.orderDate })}>
                        <IconHistory size={12} color="var(--mantine-color-teal-6)" style={{ position: 'absolute', left: 3, top: 3 }} data-testid="last-price-mark" />
                      </Tooltip>
                    )}
                  </td>
                  <td>
                    <select
                      className={classes.cellSelect}
                      value={String(l.taxRate)}
                      onChange={(e) => update(l.key, { taxRate: Number(e.currentTarget.value) })}
                      style={{ textAlign: 'right' }}
                      {...cellProps('taxRate')}
                      data-testid="cell-taxRate"
                    >
                      {TAX_RATES.map((r) => (
                        <option key={r} value={r}>
                          {r}%
                        </option>
                      ))}
                    </select>
                  </td>
                  <td data-invalid={err('discountPct') ? true : undefined}>{numInput('discountPct')}</td>
                  <td className={classes.amount} data-testid="line-amount">
                    {m ? formatFen(m.amountFen, { symbol: false }) : ''}
                  </td>
                  <td className={classes.amount}>
                    <Text span size="xs" c="dimmed">
                      {m ? formatFen(m.taxFen, { symbol: false }) : ''}
                    </Text>
                  </td>
                  <td>
                    <input
                      className={classes.cellInput}
                      autoComplete="off"
                      maxLength={200}
                      value={l.remark}
                      onChange={(e) => update(l.key, { remark: e.currentTarget.value })}
                      {...cellProps('remark')}
                      data-testid="cell-remark"
                    />
                  </td>
                  <td style={{ textAlign: 'center' }}>
                    {!isBlank(l) && (
                      <ActionIcon className={classes.del} size="sm" variant="subtle" color="red" tabIndex={-1} aria-label={t('grid.delete')} onClick={() => removeLine(row)}>
                        <IconTrash size={14} />
                      </ActionIcon>
                    )}
                  </td>
                </tr>
              )
            })}
          </tbody>
        </table>
      </div>
      <LineInfo line={lines[activeRow]} priceIncludesTax={priceIncludesTax} customerId={customerId} errors={errors} />
    </Box>
  )
})
