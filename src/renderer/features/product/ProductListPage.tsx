import { Badge, Button, Checkbox, Group, Select, Text } from '@mantine/core'
import { IconBuildingWarehouse, IconEdit, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { DataTable, pagedQueryProps, type Column } from '../../shared/DataTable'
import { ListToolbar } from '../../shared/ListToolbar'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import { useListState } from '../../shared/useListState'
import { trimPrice, trimQty } from '../order/lineDraft'
import { ProductFormModal } from './ProductFormModal'
import type { Product } from './product.api'
import { STOCK_ROLES, StockDrawer } from './StockDrawer'
import { ExportButton } from '../excel/ExportButton'

/**
 * 商品与库存: server-paged, found by code / name / pinyin initials / barcode, filtered by category,
 * low stock and status; stock columns 在库 / 占用 / 可用; create and edit, adjust stock, see the ledger.
 */
export function ProductListPage() {
  const t = useT()
  const { hasRole } = useSession()
  const canEdit = hasRole(...STOCK_ROLES)
  const list = useListState({ storageKey: 'products' })
  const { params, table, q, setParam } = list
  const category = params.get('category')
  const low = params.get('low') === '1'
  const status = params.get('status') ?? 'active'
  const [editing, setEditing] = useState<'new' | Product | null>(null)
  const [stockId, setStockId] = useState<number | null>(null)

  const categories = useApiQuery('product.categories', {}, { staleTime: 60_000 })
  const search = useApiQuery(
    'product.search',
    { query: q || undefined, category: category ?? undefined, lowStock: low || undefined, active: status === 'all' ? undefined : status === 'active', page: table.page, pageSize: table.pageSize },
    { keepPrevious: true },
  )

  const qty = (v: string, p: Product, strong?: boolean) => (
    <Text span size="sm" fw={strong ? 600 : undefined} c={strong && p.lowStock ? 'red' : undefined} ff="var(--kedan-font-numeric)">
      {trimQty(v)}
    </Text>
  )
  const columns: Column<Product>[] = [
    { key: 'code', title: t('product.field.code'), nowrap: true, width: 130, render: (p) => <Text span ff="monospace" size="sm">{p.code}</Text> },
    {
      key: 'name',
      title: t('product.field.name'),
      render: (p) => (
        <div>
          <Text span size="sm" fw={500}>
            {p.name}
          </Text>
          {!p.active && (
            <Badge ml={6} size="xs" color="gray" variant="outline">
              {t('product.inactive')}
            </Badge>
          )}
          {p.spec && (
            <Text size="xs" c="dimmed">
              {p.spec}
            </Text>
          )}
        </div>
      ),
    },
    { key: 'category', title: t('product.field.category'), nowrap: true, render: (p) => p.category ?? <Text span c="dimmed">—</Text> },
    { key: 'unit', title: t('product.field.unit'), nowrap: true, width: 60, render: (p) => p.unit },
    {
      key: 'price',
      title: t('product.field.salePrice'),
      align: 'right',
      nowrap: true,
      render: (p) => (
        <Text span size="sm" ff="var(--kedan-font-numeric)">
          {trimPrice(p.salePrice)}
          <Text span size="10px" c="dimmed" ml={4}>
            {p.priceIncludesTax ? t('product.inclTax') : t('product.exclTax')}
          </Text>
        </Text>
      ),
    },
    { key: 'tax', title: t('product.field.taxRate'), align: 'right', nowrap: true, width: 60, render: (p) => `${p.taxRate}%` },
    { key: 'onHand', title: t('product.field.onHand'), align: 'right', nowrap: true, render: (p) => qty(p.onHand, p) },
    { key: 'reserved', title: t('product.field.reserved'), align: 'right', nowrap: true, render: (p) => qty(p.reserved, p) },
    {
      key: 'available',
      title: t('product.field.available'),
      align: 'right',
      nowrap: true,
      render: (p) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          {p.lowStock && (
            <Badge size="xs" color="red" variant="light">
              {t('product.low')}
            </Badge>
          )}
          {qty(p.available, p, true)}
        </Group>
      ),
    },
    {
      key: 'actions',
      title: '',
      nowrap: true,
      width: 150,
      render: (p) => (
        <Group gap={2} wrap="nowrap" justify="flex-end">
          {canEdit && (
            <Button size="compact-xs" variant="subtle" leftSection={<IconEdit size={13} />} onClick={() => setEditing(p)} data-testid="product-edit">
              {t('action.edit')}
            </Button>
          )}
          <Button size="compact-xs" variant="subtle" leftSection={<IconBuildingWarehouse size={13} />} onClick={() => setStockId(p.id)} data-testid="product-stock">
            {t('product.stock')}
          </Button>
        </Group>
      ),
    },
  ]
  const filtered = !!(q || category || low || status !== 'active')

  return (
    <>
      <PageHeader
        title={t('product.list.title')}
        actions={
          canEdit && (
            <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="product-new">
              {t('product.list.new')}
            </Button>
          )
        }
      />
      <DataTable
        testId="product-table"
        toolbar={
          <ListToolbar
            list={list}
            search={{ tableTestId: 'product-table', w: 320, placeholder: t('product.list.searchPlaceholder'), testId: 'product-search' }}
            filtered={filtered}
            resetLabel={t('order.list.reset')}
          >
            <Select size="xs" w={150} placeholder={t('product.list.categoryAll')} aria-label={t('product.field.category')} data={categories.data?.items ?? []} value={category} onChange={(v) => setParam('category', v)} clearable searchable />
            <Select
              size="xs"
              w={110}
              aria-label={t('product.field.active')}
              allowDeselect={false}
              data={[
                { value: 'active', label: t('product.list.activeOnly') },
                { value: 'inactive', label: t('product.list.inactiveOnly') },
                { value: 'all', label: t('common.all') },
              ]}
              value={status}
              onChange={(v) => setParam('status', v === 'active' ? null : v)}
            />
            <Checkbox size="xs" label={t('product.list.lowOnly')} checked={low} onChange={(e) => setParam('low', e.currentTarget.checked ? '1' : null)} data-testid="filter-low" />
            <ExportButton list="products" filters={{ query: q || undefined, category: category ?? undefined, lowStock: low || undefined, active: status === 'all' ? undefined : status === 'active' }} />
            <ExportButton list="stock" filters={{ query: q || undefined, lowStock: low || undefined }} label={t('export.stock')} />
          </ListToolbar>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(p) => p.id}
        {...table.tableProps}
        sort={undefined}
        onSortChange={undefined}
        onRowOpen={(p) => setStockId(p.id)}
        rowAttrs={(p) => ({ 'data-testid': 'product-row', 'data-code': p.code })}
        empty={
          filtered
            ? { title: t('product.list.noMatchTitle'), description: t('product.list.noMatchDescription') }
            : {
                title: t('product.list.emptyTitle'),
                description: t('product.list.emptyDescription'),
                action: canEdit ? (
                  <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')}>
                    {t('product.list.new')}
                  </Button>
                ) : undefined,
              }
        }
      />
      <ProductFormModal target={editing} onClose={() => setEditing(null)} />
      <StockDrawer productId={stockId} onClose={() => setStockId(null)} />
    </>
  )
}
