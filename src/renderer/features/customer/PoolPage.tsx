import { Button, Group, TextInput } from '@mantine/core'
import { useDebouncedValue } from '@mantine/hooks'
import { IconHandGrab, IconSearch, IconUserShare } from '@tabler/icons-react'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { DataTable, pagedQueryProps, useTableState } from '../../shared/DataTable'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { CUSTOMER_QUERIES, type Customer } from './customer.api'
import { AssignModal, versionsOf } from './OwnershipModals'
import { useCustomerColumns } from './useCustomerColumns'
import type { MethodIn } from '../../app/methods'

/** 公海: customers without an owner; anyone may 领取, managers may 分配. */
export function PoolPage() {
  const t = useT()
  const me = useCurrentUser()
  const navigate = useNavigate()
  const table = useTableState<NonNullable<MethodIn<'customer.search'>['sort']>>({ storageKey: 'pool' })
  const [input, setInput] = useState('')
  const [q] = useDebouncedValue(input.trim(), 300)
  const search = useApiQuery('customer.search', { pool: true, query: q || undefined, page: table.page, pageSize: table.pageSize, sort: table.sort }, { keepPrevious: true })
  const claim = useApiMutation('customer.claim', { invalidate: CUSTOMER_QUERIES })
  const [claiming, setClaiming] = useState<number | null>(null)
  const canAssign = me.role === 'admin' || me.role === 'manager'
  const [selected, setSelected] = useState<Set<string | number>>(new Set())
  const [assignIds, setAssignIds] = useState<number[] | null>(null)

  const doClaim = async (c: Customer) => {
    setClaiming(c.id)
    try {
      await claim.mutateAsync({ id: c.id, version: c.version })
      notifySuccess(t('customer.pool.claimed', { name: c.name }))
    } catch (e) {
      notifyError(e)
    } finally {
      setClaiming(null)
    }
  }

  const columns = useCustomerColumns(
    (c) => (
      <Button size="compact-xs" variant="light" leftSection={<IconHandGrab size={14} />} loading={claiming === c.id} onClick={() => doClaim(c)} data-testid="claim">
        {t('customer.pool.claim')}
      </Button>
    ),
    { hideOwner: true },
  )

  return (
    <>
      <PageHeader title={t('customer.pool.title')} subtitle={t('customer.pool.subtitle')} />
      <DataTable
        testId="pool-table"
        toolbar={
          <Group gap="xs">
            <TextInput
              w={340}
              size="xs"
              autoFocus
              leftSection={<IconSearch size={14} />}
              placeholder={t('customer.list.searchPlaceholder')}
              aria-label={t('customer.list.searchLabel')}
              value={input}
              onChange={(e) => {
                setInput(e.currentTarget.value)
                table.setPage(1)
              }}
            />
          </Group>
        }
        columns={columns}
        {...pagedQueryProps(search)}
        rowKey={(c) => c.id}
        {...table.tableProps}
        onRowOpen={(c) => navigate(`/customers/${c.id}`)}
        rowAttrs={(c) => ({ 'data-testid': 'pool-row', 'data-code': c.code })}
        selection={canAssign ? { selected, onChange: setSelected } : undefined}
        batchActions={
          <Button size="compact-xs" variant="light" leftSection={<IconUserShare size={14} />} onClick={() => setAssignIds([...selected].map(Number))}>
            {t('customer.list.assign')}
          </Button>
        }
        empty={q ? { title: t('customer.list.noMatchTitle'), description: t('customer.list.noMatchDescription') } : { title: t('customer.pool.emptyTitle'), description: t('customer.pool.emptyDescription') }}
      />
      <AssignModal ids={assignIds} versions={versionsOf(search.data?.items)} onClose={() => setAssignIds(null)} onDone={() => setSelected(new Set())} />
    </>
  )
}
