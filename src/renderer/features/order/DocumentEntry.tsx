import { Alert, Box, Button, Group, Kbd, Loader, Paper, Select, SimpleGrid, Text } from '@mantine/core'
import { IconDeviceFloppy, IconSend } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { ConflictAlert } from '../../shared/conflict'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { notifyError } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { StaleRecordAlert } from '../../shared/recordWatch'
import { CustomerPicker, type CustomerRef } from './CustomerPicker'
import { LineGrid } from './LineGrid'
import { TotalsBar } from './TotalsBar'
import type { DocumentEntryState, EntryDoc, EntryHeader } from './useDocumentEntry'

export interface DocumentEntryProps<H extends EntryHeader, D extends EntryDoc> {
  entry: DocumentEntryState<H, D>
  /** test ids: `${testId}-entry`, `${testId}-save`, `${testId}-submit`, `${testId}-not-editable`, `${testId}-keys` */
  testId: string
  /** '/orders', '/quotes': the list; a document is `${path}/${id}` */
  path: string
  listTitle: string
  newTitle: string
  editTitle: (number: string) => string
  badge: (status: D['status']) => ReactNode
  /** the reason a document in this status is not edited here */
  notEditable: (status: D['status']) => ReactNode
  backLabel: string
  saveLabel: string
  /** shown (with Ctrl+Enter) while the document is new or a draft */
  submitLabel?: string
  customer: { autoFocus: boolean; disabled: boolean; description: ReactNode; onPick: (c: CustomerRef, typeahead: string) => void }
  /** the header fields after the customer and its contact (in a 6-column grid, the customer takes 2) */
  headerFields: ReactNode
  /** under the grid, left of the totals (remark, terms); `width` of the row it takes */
  footerField: ReactNode
  footerWidth: string
  /** Enter on the empty last line of the grid goes here */
  onGridExit: () => void
}

/**
 * A document entry screen (录入订单, 报价单): header with the customer first, the keyboard line grid,
 * a remark or terms field beside the running totals, and the keys. The flow is useDocumentEntry's.
 */
export function DocumentEntry<H extends EntryHeader, D extends EntryDoc>(p: DocumentEntryProps<H, D>) {
  const t = useT()
  const navigate = useNavigate()
  const { entry: e, testId } = p
  const { doc, busy, editable } = e

  if (e.loaded.loading)
    return (
      <Group justify="center" py="xl">
        <Loader size="sm" />
      </Group>
    )
  if (e.loaded.error) return <ErrorBlock error={e.loaded.error} onRetry={() => window.location.reload()} />

  const keys: [ReactNode, string][] = [
    [<Kbd size="xs">Enter</Kbd>, t('order.keys.next')],
    [<><Kbd size="xs">Shift</Kbd>+<Kbd size="xs">Enter</Kbd></>, t('order.keys.prev')],
    [<><Kbd size="xs">↑</Kbd>/<Kbd size="xs">↓</Kbd></>, t('order.keys.rows')],
    [<><Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Del</Kbd></>, t('order.keys.delete')],
    [<><Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">S</Kbd></>, t('order.keys.save')],
    ...(p.submitLabel ? [[<><Kbd size="xs">Ctrl</Kbd>+<Kbd size="xs">Enter</Kbd></>, t('order.keys.submit')] as [ReactNode, string]] : []),
  ]

  return (
    <Box data-testid={`${testId}-entry`}>
      <PageHeader
        title={doc ? p.editTitle(doc.number) : p.newTitle}
        documentTitle={doc?.number ?? p.newTitle}
        extra={doc && p.badge(doc.status)}
        crumbs={[{ label: p.listTitle, to: p.path }, ...(doc ? [{ label: doc.number, to: `${p.path}/${doc.id}` }] : [{ label: p.newTitle }])]}
        actions={
          <>
            <Button variant="default" onClick={() => navigate(doc ? `${p.path}/${doc.id}` : p.path)}>
              {t('action.cancel')}
            </Button>
            <Button
              variant={p.submitLabel ? 'light' : 'filled'}
              leftSection={<IconDeviceFloppy size={16} />}
              loading={busy === 'save'}
              disabled={!editable || busy === 'submit'}
              onClick={() => void e.save(false)}
              data-testid={`${testId}-save`}
              title={t('hotkey.save')}
            >
              {p.saveLabel}
            </Button>
            {p.submitLabel && (!doc || doc.status === 'draft') && (
              <Button leftSection={<IconSend size={16} />} loading={busy === 'submit'} disabled={!editable || busy === 'save'} onClick={() => void e.save(true)} data-testid={`${testId}-submit`} title={t('hotkey.submit')}>
                {p.submitLabel}
              </Button>
            )}
          </>
        }
      />
      {!editable && doc && (
        <Alert color="orange" variant="light" mb="sm" data-testid={`${testId}-not-editable`}>
          {p.notEditable(doc.status)} <Link to={`${p.path}/${doc.id}`}>{p.backLabel}</Link>
        </Alert>
      )}
      {e.watch.change && !e.conflict && (
        <StaleRecordAlert
          change={e.watch.change}
          onReload={() =>
            void e
              .reloadKeepingMine()
              .then(e.watch.acknowledge)
              .catch(notifyError)
          }
        />
      )}
      {e.conflict && <ConflictAlert conflict={e.conflict} onReload={() => void e.reloadKeepingMine().catch(notifyError)} onOverwrite={e.overwrite} />}
      <Paper withBorder radius="sm" p="sm" mb="sm">
        <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="sm" verticalSpacing={6}>
          <Box style={{ gridColumn: 'span 2' }}>
            <CustomerPicker
              value={e.customer}
              inputRef={e.customerInputRef}
              handleRef={e.customerPicker}
              autoFocus={p.customer.autoFocus}
              error={e.headerErrors.customerId}
              disabled={p.customer.disabled}
              description={p.customer.description}
              onPick={p.customer.onPick}
            />
          </Box>
          <Select
            label={t('order.field.contact')}
            data={(e.detail?.contacts ?? []).map((c) => ({ value: String(c.id), label: `${c.name}${c.mobile ? ` ${c.mobile}` : ''}` }))}
            value={e.header.contactId}
            onChange={(v) => e.set('contactId', v)}
            clearable
            disabled={!editable}
            placeholder={e.customer ? t('order.entry.none') : t('order.entry.pickCustomerFirst')}
            error={e.headerErrors.contactId}
            data-testid={`${testId}-contact`}
          />
          {p.headerFields}
        </SimpleGrid>
      </Paper>
      <LineGrid
        ref={e.gridRef}
        lines={e.lines}
        setLines={e.setLines}
        priceIncludesTax={e.header.priceIncludesTax}
        customerId={e.customer?.id ?? null}
        errors={e.lineErrors}
        onErrorsChange={e.setLineErrors}
        onExit={p.onGridExit}
      />
      <Group align="flex-start" gap="sm" mt="sm" wrap="nowrap">
        <Box style={{ flex: `0 0 ${p.footerWidth}` }}>{p.footerField}</Box>
        <Box style={{ flex: 1 }} pt={22}>
          <TotalsBar totalFen={e.totals.totalFen} taxFen={e.totals.taxFen} netFen={e.totals.netFen} lines={e.totals.lines} />
        </Box>
      </Group>
      <Group gap="md" mt="xs" data-testid={`${testId}-keys`}>
        {keys.map(([k, label]) => (
          <Text key={label} size="xs" c="dimmed">
            {k} {label}
          </Text>
        ))}
      </Group>
    </Box>
  )
}
