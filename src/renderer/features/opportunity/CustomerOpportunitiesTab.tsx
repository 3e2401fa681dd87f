import { Anchor, Button, Group, Table, Text } from '@mantine/core'
import { IconFileDollar, IconPlus } from '@tabler/icons-react'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { SELLER_ROLES } from '../order/roles'
import { EmptyBlock, ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { useApiQuery } from '../../shared/query'
import { OppStageBadge } from './labels'
import { OpportunityModal, type OpportunityTarget } from './OpportunityModal'

/** The 商机 tab of the customer 360 page: this customer's opportunities, with totals; new / edit in place. */
export function CustomerOpportunitiesTab({ customer }: { customer: { id: number; code: string; name: string } }) {
  const t = useT()
  const q = useApiQuery('opportunity.search', { customerId: customer.id, page: 1, pageSize: 100 })
  const [modal, setModal] = useState<OpportunityTarget>(null)
  const seller = useSession().hasRole(...SELLER_ROLES)
  const items = q.data?.items ?? []
  return (
    <div data-testid="customer-opportunities">
      <Group justify="space-between" mb="sm">
        <Text size="sm" c="dimmed">
          {q.data ? (
            <>
              {t('opp.tab.count', { n: q.data.total })} <MoneyText fen={q.data.totals.amountFen} size="sm" c="dark" fw={600} /> · {t('opp.weighted')} <MoneyText fen={q.data.totals.weightedFen} size="sm" c="dark" />
            </>
          ) : null}
        </Text>
        {seller && (
          <Group gap="xs">
            <Button size="xs" variant="default" component={Link} to={`/quotes/new?customerId=${customer.id}`} leftSection={<IconFileDollar size={14} />}>
              {t('opp.tab.newQuote')}
            </Button>
            <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setModal({ mode: 'new', customer })} data-testid="customer-opp-new">
              {t('opp.new')}
            </Button>
          </Group>
        )}
      </Group>
      {q.error ? (
        <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
      ) : !q.isLoading && items.length === 0 ? (
        <EmptyBlock title={t('opp.tab.emptyTitle')} description={t('opp.tab.emptyDescription')} />
      ) : (
        <Table fz="sm" verticalSpacing={6} highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('opp.field.title')}</Table.Th>
              <Table.Th>{t('opp.field.stage')}</Table.Th>
              <Table.Th ta="right">{t('opp.field.amount')}</Table.Th>
              <Table.Th ta="right">{t('opp.field.probability')}</Table.Th>
              <Table.Th>{t('opp.field.expectedCloseOn')}</Table.Th>
              <Table.Th>{t('opp.field.owner')}</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((o) => (
              <Table.Tr key={o.id} style={{ cursor: 'pointer' }} onClick={() => setModal({ mode: 'edit', opportunity: o })} data-testid="customer-opp-row">
                <Table.Td fw={500}>{o.title}</Table.Td>
                <Table.Td>
                  <OppStageBadge stage={o.stage} size="sm" />
                  {o.lostReason && (
                    <Text size="xs" c="dimmed">
                      {o.lostReason}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  <MoneyText fen={o.amountFen} size="sm" />
                </Table.Td>
                <Table.Td ta="right">{o.probability}%</Table.Td>
                <Table.Td>{o.expectedCloseOn ?? '—'}</Table.Td>
                <Table.Td>{o.ownerName ?? '—'}</Table.Td>
                <Table.Td ta="right" onClick={(e) => e.stopPropagation()}>
                  {seller && o.stage !== 'won' && o.stage !== 'lost' && (
                    <Anchor component={Link} to={`/quotes/new?customerId=${customer.id}&opportunityId=${o.id}`} size="xs">
                      {t('opp.tab.quote')}
                    </Anchor>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <OpportunityModal target={modal} onClose={() => setModal(null)} />
    </div>
  )
}
