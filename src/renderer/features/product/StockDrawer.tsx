import { Alert, Autocomplete, Badge, Button, Drawer, Group, Pagination, Paper, SegmentedControl, SimpleGrid, Skeleton, Stack, Table, Text, TextInput, Title } from '@mantine/core'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { invoke, isApiError } from '../../app/transport'
import { formatDateTime } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { trimQty } from '../order/lineDraft'
import { PRODUCT_QUERIES, type Product } from './product.api'

export const STOCK_ROLES = ['admin', 'manager', 'clerk'] as const

/** 库存: the product's on-hand / reserved / available, a signed adjustment with a reason, and the stock ledger. */
export function StockDrawer({ productId, onClose }: { productId: number | null; onClose: () => void }) {
  const t = useT()
  const { hasRole } = useSession()
  const opened = productId !== null
  const product = useApiQuery('product.get', { id: productId ?? 0 }, { enabled: opened })
  const [page, setPage] = useState(1)
  const moves = useApiQuery('stock.moves', { productId: productId ?? 0, page, pageSize: 15 }, { enabled: opened, keepPrevious: true })
  useEffect(() => setPage(1), [productId])
  const p = product.data

  return (
    <Drawer opened={opened} onClose={onClose} position="right" size={620} title={<Title order={4}>{p ? t('stock.title', { code: p.code, name: p.name }) : t('stock.titleLoading')}</Title>}>
      {product.isLoading ? (
        <Skeleton height={200} />
      ) : product.error || !p ? (
        <ErrorBlock error={product.error} onRetry={() => product.refetch()} />
      ) : (
        <Stack gap="md" data-testid="stock-drawer">
          <SimpleGrid cols={3} spacing="sm">
            <Figure label={t('product.field.onHand')} value={`${trimQty(p.onHand)} ${p.unit}`} testId="stock-onhand" />
            <Figure label={t('product.field.reserved')} value={`${trimQty(p.reserved)} ${p.unit}`} />
            <Figure label={t('product.field.available')} value={`${trimQty(p.available)} ${p.unit}`} warn={p.lowStock} />
          </SimpleGrid>
          {hasRole(...STOCK_ROLES) && <AdjustForm product={p} />}
          <div>
            <Text fw={600} size="sm" mb={6}>
              {t('stock.moves')}
            </Text>
            {moves.error ? (
              <ErrorBlock error={moves.error} onRetry={() => moves.refetch()} />
            ) : (
              <Table fz="sm" verticalSpacing={4} striped data-testid="stock-moves">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t('stock.col.at')}</Table.Th>
                    <Table.Th>{t('stock.col.kind')}</Table.Th>
                    <Table.Th ta="right">{t('stock.col.quantity')}</Table.Th>
                    <Table.Th ta="right">{t('stock.col.after')}</Table.Th>
                    <Table.Th>{t('stock.col.reason')}</Table.Th>
                    <Table.Th>{t('stock.col.user')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {(moves.data?.items ?? []).map((m) => (
                    <Table.Tr key={m.id}>
                      <Table.Td style={{ whiteSpace: 'nowrap' }} fz="xs">
                        {formatDateTime(m.at)}
                      </Table.Td>
                      <Table.Td>
                        <Badge size="sm" variant="light" color={m.kind === 'adjust' ? 'blue' : m.kind === 'ship' ? 'orange' : 'teal'}>
                          {['adjust', 'ship', 'ship_cancel', 'return', 'return_void'].includes(m.kind) ? t(`stock.kind.${m.kind as 'adjust'}`) : m.kind}
                        </Badge>
                      </Table.Td>
                      <Table.Td ta="right" c={m.quantity.startsWith('-') ? 'red' : 'teal'} fw={500}>
                        {m.quantity.startsWith('-') ? trimQty(m.quantity) : `+${trimQty(m.quantity)}`}
                      </Table.Td>
                      <Table.Td ta="right">{trimQty(m.onHandAfter)}</Table.Td>
                      <Table.Td fz="xs">{m.reason ?? (m.refType ? t('stock.ref', { type: m.refType, id: m.refId ?? '' }) : '')}</Table.Td>
                      <Table.Td fz="xs">{m.userName ?? ''}</Table.Td>
                    </Table.Tr>
                  ))}
                  {moves.data && moves.data.items.length === 0 && (
                    <Table.Tr>
                      <Table.Td colSpan={6}>
                        <Text size="sm" c="dimmed" ta="center" py="sm">
                          {t('stock.noMoves')}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  )}
                </Table.Tbody>
              </Table>
            )}
            {(moves.data?.total ?? 0) > 15 && (
              <Group justify="flex-end" mt="xs">
                <Pagination size="sm" total={Math.ceil((moves.data?.total ?? 0) / 15)} value={page} onChange={setPage} />
              </Group>
            )}
          </div>
        </Stack>
      )}
    </Drawer>
  )
}

function Figure({ label, value, warn, testId }: { label: string; value: string; warn?: boolean; testId?: string }) {
  return (
    <Paper withBorder radius="sm" p="xs">
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={600} size="lg" c={warn ? 'red' : undefined} data-testid={testId}>
        {value}
      </Text>
    </Paper>
  )
}

function AdjustForm({ product }: { product: Product }) {
  const t = useT()
  const invalidate = useInvalidate()
  const [dir, setDir] = useState<'in' | 'out'>('in')
  const [qty, setQty] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<{ qty?: string; reason?: string }>({})
  const [busy, setBusy] = useState(false)
  const [refused, setRefused] = useState<string | null>(null)
  const presets = dir === 'in' ? [t('stock.reason.purchase'), t('stock.reason.countUp'), t('stock.reason.returnIn')] : [t('stock.reason.countDown'), t('stock.reason.damage'), t('stock.reason.sample')]

  const submit = async () => {
    const q = qty.trim()
    const e: typeof errors = {}
    if (!/^\d{1,12}(\.\d{1,3})?$/.test(q) || Number(q) === 0) e.qty = t('stock.error.qty')
    if (!reason.trim()) e.reason = t('stock.error.reason')
    setErrors(e)
    if (Object.keys(e).length) return
    setBusy(true)
    setRefused(null)
    try {
      const p = await invoke('stock.adjust', { productId: product.id, quantity: dir === 'out' ? `-${q}` : q, reason: reason.trim(), version: product.version })
      await invalidate(PRODUCT_QUERIES)
      notifySuccess(t('stock.adjusted', { code: p.code, onHand: `${trimQty(p.onHand)}${p.unit}` }))
      setQty('')
      setReason('')
    } catch (err) {
      if (isApiError(err, 'BUSINESS_RULE') || isApiError(err, 'CONFLICT')) {
        setRefused(err.message)
        if (isApiError(err, 'CONFLICT')) void invalidate(PRODUCT_QUERIES)
      } else notifyError(err)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Paper withBorder radius="sm" p="sm" bg="var(--mantine-color-gray-0)">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        data-testid="stock-adjust"
      >
        <Text fw={600} size="sm" mb={6}>
          {t('stock.adjust')}
        </Text>
        {refused && (
          <Alert color="red" variant="light" py={6} mb="xs" data-testid="stock-refused">
            {refused}
          </Alert>
        )}
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <SegmentedControl
            mt={24}
            size="xs"
            value={dir}
            onChange={(v) => setDir(v as 'in' | 'out')}
            data={[
              { value: 'in', label: t('stock.in') },
              { value: 'out', label: t('stock.out') },
            ]}
          />
          <TextInput label={t('stock.quantity', { unit: product.unit })} w={120} inputMode="decimal" value={qty} onChange={(e) => setQty(e.currentTarget.value)} error={errors.qty} data-testid="stock-qty" styles={{ input: { textAlign: 'right' } }} />
          <Autocomplete label={t('stock.reasonLabel')} style={{ flex: 1 }} data={presets} value={reason} onChange={setReason} error={errors.reason} data-testid="stock-reason" />
          <Button mt={24} type="submit" loading={busy} data-testid="stock-submit">
            {t('stock.submit')}
          </Button>
        </Group>
      </form>
    </Paper>
  )
}
