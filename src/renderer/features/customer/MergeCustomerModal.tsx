import { Alert, Anchor, Badge, Button, Group, Loader, Modal, Paper, Radio, ScrollArea, SimpleGrid, Skeleton, Stack, Table, Text, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconAlertTriangle, IconArrowRight, IconCircleCheck, IconGitMerge, IconSearch } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { hasMessage, useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { CUSTOMER_QUERIES, type Customer, type Customer360, type DuplicateReason } from './customer.api'
import { OwnerText, ReasonBadges } from './labels'

/** The tables customer.merge moves, in the order people think of them (src/core/customer/customer.refs.ts). */
const MOVED_ORDER = ['contacts', 'shipping_addresses', 'follow_ups', 'opportunities', 'quotes', 'sales_orders', 'shipments', 'sales_returns', 'invoices', 'receipts']

/** A merge changes the owner of every document of the other customer: refetch all of them. */
const MERGE_QUERIES = [...CUSTOMER_QUERIES, 'order.', 'quote.', 'opportunity.', 'shipment.', 'return.', 'invoice.', 'receipt.', 'ar.', 'tracking.']

interface Candidate {
  id: number
  code: string
  name: string
  ownerName: string | null
  reasons?: DuplicateReason[]
  visible: boolean
}

type Step = { kind: 'pick' } | { kind: 'preview'; sourceId: number } | { kind: 'done'; source: { name: string; code: string }; moved: Record<string, number> }

/**
 * 合并客户: another customer (a duplicate) is merged INTO `targetId`, which is kept.
 * Pick the other one (duplicates found by customer.checkDuplicates first, or search) → see what moves →
 * confirm naming both → customer.merge → how many records moved. Admin and manager only (the core checks).
 */
export function MergeCustomerModal({
  targetId,
  sourceId,
  onClose,
  onMerged,
}: {
  /** the customer that is kept; null = closed */
  targetId: number | null
  /** preselected customer to merge in (from the duplicate warning) */
  sourceId?: number | null
  onClose: () => void
  onMerged?: (target: Customer) => void
}) {
  const t = useT()
  return (
    <Modal opened={targetId !== null} onClose={onClose} title={t('merge.title')} size={680} data-testid="merge-modal">
      {targetId !== null && <MergeBody key={`${targetId}-${sourceId ?? ''}`} targetId={targetId} sourceId={sourceId ?? null} onClose={onClose} onMerged={onMerged} />}
    </Modal>
  )
}

function MergeBody({ targetId, sourceId, onClose, onMerged }: { targetId: number; sourceId: number | null; onClose: () => void; onMerged?: (target: Customer) => void }) {
  const t = useT()
  const target = useApiQuery('customer.get', { id: targetId })
  const [step, setStep] = useState<Step>(sourceId ? { kind: 'preview', sourceId } : { kind: 'pick' })
  const [picked, setPicked] = useState<string | null>(sourceId ? String(sourceId) : null)

  if (target.isLoading) return <Skeleton height={160} />
  if (target.error || !target.data) return <ErrorBlock error={target.error} onRetry={() => target.refetch()} />
  const c = target.data

  if (step.kind === 'done') return <MergeDone target={c} source={step.source} moved={step.moved} onClose={onClose} />
  if (step.kind === 'preview')
    return (
      <MergePreview
        target={c}
        sourceId={step.sourceId}
        onBack={() => setStep({ kind: 'pick' })}
        onMerged={(r, source) => {
          setStep({ kind: 'done', source, moved: r.moved })
          onMerged?.(r.target)
        }}
      />
    )
  return (
    <Stack gap="sm">
      <Text size="sm">{t('merge.intro', { name: c.name })}</Text>
      <Radio.Group value={picked} onChange={setPicked} name="merge-source">
        <Stack gap="md">
          <DuplicateCandidates target={c} />
          <SearchCandidates targetId={c.id} />
        </Stack>
      </Radio.Group>
      <Group justify="flex-end" gap="xs" mt="xs">
        <Button variant="default" onClick={onClose}>
          {t('action.cancel')}
        </Button>
        <Button disabled={!picked} rightSection={<IconArrowRight size={16} />} onClick={() => picked && setStep({ kind: 'preview', sourceId: Number(picked) })} data-testid="merge-next">
          {t('merge.next')}
        </Button>
      </Group>
    </Stack>
  )
}

/** The customers customer.checkDuplicates finds for this one (same name, USCC or phone). */
function DuplicateCandidates({ target }: { target: Customer360 }) {
  const t = useT()
  const phones = [target.phone, ...target.contacts.flatMap((x) => [x.mobile, x.phone])].filter((p): p is string => !!p).slice(0, 50)
  const dups = useApiQuery('customer.checkDuplicates', { name: target.name, uscc: target.uscc, phones, excludeId: target.id })
  // only customers the user may see can be merged (others come back as 已存在于 <owner> 名下, without an id)
  const visibleDups = (dups.data?.items ?? []).flatMap((m) => (m.visible ? [m] : []))
  return (
    <div>
      <Text size="sm" fw={600} mb={6}>
        {t('merge.duplicates')}
      </Text>
      {dups.isLoading ? (
        <Skeleton height={48} />
      ) : visibleDups.length ? (
        <Stack gap={6} data-testid="merge-duplicates">
          {visibleDups.map((m) => (
            <CandidateCard key={m.id} c={m} />
          ))}
        </Stack>
      ) : (
        <Text size="sm" c="dimmed">
          {t('merge.noDuplicates')}
        </Text>
      )}
    </div>
  )
}

function SearchCandidates({ targetId }: { targetId: number }) {
  const t = useT()
  const [input, setInput] = useState('')
  const [query] = useDebouncedValue(input.trim(), 250)
  const search = useApiQuery('customer.search', { query, page: 1, pageSize: 8 }, { enabled: query.length > 0, keepPrevious: true })
  const items = (search.data?.items ?? []).filter((x) => x.id !== targetId)
  return (
    <div>
      <TextInput
        label={t('merge.search')}
        placeholder={t('merge.searchPlaceholder')}
        leftSection={<IconSearch size={14} />}
        rightSection={search.isFetching ? <Loader size={14} /> : null}
        value={input}
        onChange={(e) => setInput(e.currentTarget.value)}
        data-testid="merge-search"
        data-autofocus
      />
      {query && search.data && (
        <ScrollArea.Autosize mah={240} mt={6}>
          {items.length ? (
            <Stack gap={6} data-testid="merge-results">
              {items.map((x) => (
                <CandidateCard key={x.id} c={{ ...x, visible: true }} />
              ))}
            </Stack>
          ) : (
            <Text size="sm" c="dimmed" py={4}>
              {t('merge.searchEmpty')}
            </Text>
          )}
        </ScrollArea.Autosize>
      )}
    </div>
  )
}

function CandidateCard({ c }: { c: Candidate }) {
  const t = useT()
  return (
    <Radio.Card value={String(c.id)} radius="sm" px="sm" py={6} disabled={!c.visible} data-testid="merge-candidate" data-code={c.code} style={c.visible ? undefined : { opacity: 0.6 }}>
      <Group wrap="nowrap" gap="sm">
        <Radio.Indicator size="sm" disabled={!c.visible} />
        <div style={{ minWidth: 0, flex: 1 }}>
          <Group gap={6} wrap="nowrap">
            <Text size="sm" fw={600} truncate>
              {c.name}
            </Text>
            <Text size="xs" c="dimmed" ff="monospace">
              {c.code}
            </Text>
          </Group>
          <Group gap={6} mt={2}>
            {c.reasons && <ReasonBadges reasons={c.reasons} />}
            <Text size="xs" c="dimmed">
              {c.ownerName ? t('dup.owner', { name: c.ownerName }) : t('dup.pool')}
            </Text>
          </Group>
        </div>
        {!c.visible && (
          <Badge size="sm" color="gray" variant="light">
            {t('dup.notVisible')}
          </Badge>
        )}
      </Group>
    </Radio.Card>
  )
}

/** What the merge will do: both customers side by side, the records that move, and the one way on. */
function MergePreview({
  target,
  sourceId,
  onBack,
  onMerged,
}: {
  target: Customer360
  sourceId: number
  onBack: () => void
  onMerged: (r: { target: Customer; moved: Record<string, number> }, source: { name: string; code: string }) => void
}) {
  const t = useT()
  const invalidate = useInvalidate()
  const [busy, setBusy] = useState(false)
  const source = useApiQuery('customer.get', { id: sourceId })
  const counts = useDocumentCounts(sourceId)

  if (source.isLoading) return <Skeleton height={220} />
  if (source.error || !source.data)
    return (
      <Stack>
        <ErrorBlock error={source.error} onRetry={() => source.refetch()} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onBack}>
            {t('merge.back')}
          </Button>
        </Group>
      </Stack>
    )
  const s = source.data
  const names = (list: string[]) => (list.length ? list.slice(0, 4).join('、') + (list.length > 4 ? ' …' : '') : null)
  const rows: [string, number | undefined, ReactNode][] = [
    ['contacts', s.contacts.length, names(s.contacts.map((x) => x.name + (x.mobile ? ` ${x.mobile}` : '')))],
    ['shipping_addresses', s.addresses.length, names(s.addresses.map((x) => x.address))],
    ['follow_ups', counts.follow_ups, null],
    ['opportunities', counts.opportunities, null],
    ['quotes', counts.quotes, null],
    ['sales_orders', counts.sales_orders, null],
    ['shipments', counts.shipments, null],
    ['sales_returns', counts.sales_returns, null],
    ['invoices', counts.invoices, null],
    ['receipts', counts.receipts, null],
  ]

  const submit = async () => {
    const ok = await confirmAction({
      title: t('merge.confirmTitle'),
      message: (
        <Stack gap={6} data-testid="merge-confirm">
          <Text size="sm" fw={600}>
            {t('merge.confirmText', { source: s.name, sourceCode: s.code, target: target.name, targetCode: target.code })}
          </Text>
          <Text size="sm">{t('merge.confirmHint', { source: s.name, target: target.name })}</Text>
        </Stack>
      ),
      confirmLabel: t('merge.confirmOk'),
      danger: true,
    })
    if (!ok) return
    setBusy(true)
    try {
      const r = await invoke('customer.merge', { targetId: target.id, sourceId: s.id, targetVersion: target.version, sourceVersion: s.version })
      const total = Object.values(r.moved).reduce((a, b) => a + b, 0)
      notifySuccess(t('merge.notify', { count: total }))
      onMerged(r, { name: s.name, code: s.code })
      await invalidate(MERGE_QUERIES)
    } catch (e) {
      notifyError(e)
    } finally {
      setBusy(false)
    }
  }

  return (
    <Stack gap="sm" data-testid="merge-preview">
      <SimpleGrid cols={2} spacing="sm">
        <Side label={t('merge.retired')} color="orange" c={s} testId="merge-source" />
        <Side label={t('merge.kept')} color="teal" c={target} testId="merge-target" />
      </SimpleGrid>
      <Text size="sm">{t('merge.willMove', { source: s.name, target: target.name })}</Text>
      <Table withTableBorder verticalSpacing={4} fz="sm" data-testid="merge-moves">
        <Table.Tbody>
          {rows.map(([key, n, detail]) => (
            <Table.Tr key={key} data-key={key} c={n === 0 ? 'dimmed' : undefined}>
              <Table.Td w={120}>{tableLabel(t, key)}</Table.Td>
              <Table.Td w={60} ta="right" ff="monospace">
                {n === undefined ? <Loader size={12} /> : n < 0 ? '—' : n}
              </Table.Td>
              <Table.Td>
                <Text size="xs" c="dimmed" lineClamp={1}>
                  {detail}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text size="xs" c="dimmed">
        {t('merge.fill')}
      </Text>
      <Alert color="orange" variant="light" icon={<IconAlertTriangle size={18} />} py="xs">
        {t('merge.warning', { source: s.name })}
      </Alert>
      <Group justify="space-between" mt="xs">
        <Anchor component="button" type="button" size="sm" onClick={onBack} data-testid="merge-back">
          {t('merge.back')}
        </Anchor>
        <Button color="red" leftSection={<IconGitMerge size={16} />} onClick={() => void submit()} loading={busy} data-testid="merge-submit">
          {t('merge.submit')}
        </Button>
      </Group>
    </Stack>
  )
}

function Side({ label, color, c, testId }: { label: string; color: string; c: Customer360; testId: string }) {
  const t = useT()
  return (
    <Paper withBorder radius="sm" p="sm" data-testid={testId}>
      <Badge size="sm" variant="light" color={color} mb={6}>
        {label}
      </Badge>
      <Text fw={600} size="sm" lineClamp={2}>
        {c.name}
      </Text>
      <Text size="xs" c="dimmed" ff="monospace">
        {c.code}
      </Text>
      <Group gap={6} mt={4} wrap="nowrap">
        <Text size="xs" c="dimmed">
          {t('customer.360.owner')}
        </Text>
        <OwnerText ownerId={c.ownerId} ownerName={c.ownerName} />
      </Group>
      {c.phone && (
        <Text size="xs" c="dimmed" mt={2}>
          {t('field.phone')} {c.phone}
        </Text>
      )}
    </Paper>
  )
}

function MergeDone({ target, source, moved, onClose }: { target: Customer360; source: { name: string; code: string }; moved: Record<string, number>; onClose: () => void }) {
  const t = useT()
  const keys = [...MOVED_ORDER.filter((k) => k in moved), ...Object.keys(moved).filter((k) => !MOVED_ORDER.includes(k))].filter((k) => (moved[k] ?? 0) > 0)
  const total = keys.reduce((a, k) => a + (moved[k] ?? 0), 0)
  return (
    <Stack gap="sm" data-testid="merge-result">
      <Alert color="teal" icon={<IconCircleCheck size={18} />} title={t('merge.doneTitle')}>
        {total > 0 ? t('merge.doneText', { source: source.name, target: target.name, count: total }) : t('merge.nothingMoved', { source: source.name, target: target.name })}
        {total > 0 && (
          <Group gap="xs" mt="xs">
            {keys.map((k) => (
              <Badge key={k} variant="light" color="teal" data-testid="merge-moved" data-key={k}>
                {tableLabel(t, k)} {moved[k]}
              </Badge>
            ))}
          </Group>
        )}
      </Alert>
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus data-testid="merge-close">
          {t('merge.close')}
        </Button>
      </Group>
    </Stack>
  )
}

function tableLabel(t: ReturnType<typeof useT>, key: string): string {
  const k = `merge.table.${key}`
  return hasMessage(k) ? t(k) : key
}

/**
 * How many follow-ups and documents the other customer has (each list's total). -1 when a list could not be read
 * (a role that may not see it); undefined while loading.
 */
function useDocumentCounts(customerId: number): Record<string, number | undefined> {
  const one = { page: 1, pageSize: 1 }
  const total = (q: { data?: { total: number }; error: unknown }) => (q.error ? -1 : q.data?.total)
  return {
    follow_ups: total(useApiQuery('followUp.list', { customerId, ...one })),
    opportunities: total(useApiQuery('opportunity.search', { customerId, ...one })),
    quotes: total(useApiQuery('quote.search', { customerId, latestOnly: false, ...one })),
    sales_orders: total(useApiQuery('order.search', { customerId, ...one })),
    shipments: total(useApiQuery('shipment.search', { customerId, ...one })),
    sales_returns: total(useApiQuery('return.search', { customerId, ...one })),
    invoices: total(useApiQuery('invoice.search', { customerId, ...one })),
    receipts: total(useApiQuery('receipt.search', { customerId, ...one })),
  }
}
