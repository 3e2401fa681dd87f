import { Badge, Button, Grid, Group, Menu, Paper, SimpleGrid, Skeleton, Stack, Tabs, Text } from '@mantine/core'
import { IconChevronDown, IconEdit, IconGitMerge, IconHandGrab, IconMessagePlus, IconUserShare, IconWorldUpload } from '@tabler/icons-react'
import { useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams, useSearchParams } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { hasCapability } from '../../../core/auth/permissions'
import { AuditLogList } from '../../shared/AuditLogList'
import { formatDate, formatDateTime } from '../../shared/dates'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { MoneyText } from '../../shared/MoneyText'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiMutation, useApiQuery } from '../../shared/query'
import { useUsers } from '../users/useUsers'
import { AddressesTab } from './AddressesTab'
import { ContactsTab } from './ContactsTab'
import { CUSTOMER_QUERIES, type Customer360 } from './customer.api'
import { FollowUpsTab } from './FollowUpsTab'
import { customerAuditVocabulary, OwnerText, regionText, StageBadge, TagList } from './labels'
import { MergeCustomerModal } from './MergeCustomerModal'
import { CopyCardButton, cardText } from './PasteCard'
import { AssignModal, ReleaseModal } from './OwnershipModals'
import { CustomerArTab } from '../ar/CustomerArTab'
import { CustomerOrdersTab } from '../ar/CustomerOrdersTab'
import { CustomerOpportunitiesTab } from '../opportunity/CustomerOpportunitiesTab'
import { CustomerReceiptsTab } from '../receipt/CustomerReceiptsTab'
import { CustomerShipmentsTab } from '../shipment/CustomerShipmentsTab'

const TABS = ['basic', 'contacts', 'addresses', 'followUps', 'opportunities', 'orders', 'shipments', 'receipts', 'ar', 'audit'] as const
type Tab = (typeof TABS)[number]

/** 客户 360°: header with the key facts and actions, tabs for details, contacts, addresses, follow-ups and the log. */
export function Customer360Page() {
  const t = useT()
  const me = useCurrentUser()
  const navigate = useNavigate()
  const id = Number(useParams().id)
  const [params, setParams] = useSearchParams()
  const tab: Tab = TABS.includes(params.get('tab') as Tab) ? (params.get('tab') as Tab) : 'basic'
  const [focusFollowUp, setFocusFollowUp] = useState(false)
  const setTab = (v: string | null) => setParams((p) => ({ ...Object.fromEntries(p), tab: v ?? 'basic' }), { replace: true })
  const q = useApiQuery('customer.get', { id })
  const { byId } = useUsers({ includeDisabled: true })
  const claim = useApiMutation('customer.claim', { invalidate: CUSTOMER_QUERIES })
  const [release, setRelease] = useState<{ id: number; name: string; version: number } | null>(null)
  const [assign, setAssign] = useState<number[] | null>(null)
  const [merging, setMerging] = useState(false)

  if (q.isLoading)
    return (
      <Stack gap="sm">
        <Skeleton height={40} width="40%" />
        <Skeleton height={70} />
        <Skeleton height={300} />
      </Stack>
    )
  if (q.error || !q.data) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  const c: Customer360 = q.data
  // what the role may do here comes from the role table (core/auth/permissions.ts); the core refuses the rest
  const isManager = hasCapability(me.role, 'ownerAssign')
  const canRelease = c.ownerId !== null && hasCapability(me.role, 'ownerRelease') && (me.role !== 'sales' || c.ownerId === me.id)
  const canEdit = hasCapability(me.role, 'customerEdit') || hasCapability(me.role, 'credit')
  const canFollowUp = hasCapability(me.role, 'followUps')
  const canClaim = c.ownerId === null && hasCapability(me.role, 'ownerClaim')

  const doClaim = async () => {
    try {
      await claim.mutateAsync({ id: c.id, version: c.version })
      notifySuccess(t('customer.pool.claimed', { name: c.name }))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <>
      <PageHeader
        crumbs={[{ label: t('customer.list.title'), to: '/customers' }, { label: c.code }]}
        title={c.name}
        documentTitle={c.name}
        extra={
          <>
            <StageBadge stage={c.stage} />
            <Text size="sm" c="dimmed" ff="monospace">
              {c.code}
            </Text>
          </>
        }
        actions={
          <>
            <CopyCardButton text={customerCardText(c)} />
            {canFollowUp && (
              <Button
                variant="light"
                leftSection={<IconMessagePlus size={16} />}
                onClick={() => {
                  setFocusFollowUp(true)
                  setTab('followUps')
                }}
                data-testid="customer-follow-up"
              >
                {t('customer.360.followUp')}
              </Button>
            )}
            {canEdit && (
              <Button component={Link} to={`/customers/${c.id}/edit`} leftSection={<IconEdit size={16} />} data-testid="customer-edit">
                {t('customer.360.edit')}
              </Button>
            )}
            {canClaim && (
              <Button variant="light" color="violet" leftSection={<IconHandGrab size={16} />} onClick={doClaim} loading={claim.isPending} data-testid="customer-claim">
                {t('customer.360.claim')}
              </Button>
            )}
            {(canRelease || isManager) && (
              <Menu position="bottom-end">
                <Menu.Target>
                  <Button variant="default" rightSection={<IconChevronDown size={14} />} data-testid="customer-more">
                    {t('action.more')}
                  </Button>
                </Menu.Target>
                <Menu.Dropdown>
                  {canRelease && (
                    <Menu.Item leftSection={<IconWorldUpload size={14} />} color="orange" onClick={() => setRelease({ id: c.id, name: c.name, version: c.version })} data-testid="customer-release">
                      {t('customer.360.release')}
                    </Menu.Item>
                  )}
                  {isManager && (
                    <Menu.Item leftSection={<IconUserShare size={14} />} onClick={() => setAssign([c.id])} data-testid="customer-assign">
                      {t('customer.360.assign')}
                    </Menu.Item>
                  )}
                  {isManager && (
                    <Menu.Item leftSection={<IconGitMerge size={14} />} onClick={() => setMerging(true)} data-testid="customer-merge">
                      {t('merge.action')}
                    </Menu.Item>
                  )}
                </Menu.Dropdown>
              </Menu>
            )}
          </>
        }
      />
      <Paper withBorder radius="sm" px="md" py="xs" mb="sm">
        <SimpleGrid cols={{ base: 3, lg: 6 }} spacing="md" verticalSpacing={6}>
          <Fact label={t('customer.360.owner')}>
            <OwnerText ownerId={c.ownerId} ownerName={c.ownerName} />
          </Fact>
          <Fact label={t('field.primaryContact')}>{c.primaryContact ? `${c.primaryContact.name}${c.primaryContact.mobile ? ` ${c.primaryContact.mobile}` : ''}` : null}</Fact>
          <Fact label={t('field.phone')}>{c.phone}</Fact>
          <Fact label={t('customer.360.creditLimit')}>
            <MoneyText fen={c.creditLimitFen} size="sm" fw={500} />
          </Fact>
          <Fact label={t('customer.360.paymentTerm')}>{t('customer.360.days', { days: c.paymentTermDays })}</Fact>
          <Fact label={t('customer.360.lastFollowUp')}>{c.lastFollowUpAt ? formatDate(c.lastFollowUpAt) : t('customer.list.never')}</Fact>
        </SimpleGrid>
      </Paper>
      <Paper withBorder radius="sm" p={0}>
        <Tabs value={tab} onChange={setTab} keepMounted={false}>
          <Tabs.List px="sm">
            <Tabs.Tab value="basic">{t('customer.360.tabs.basic')}</Tabs.Tab>
            <Tabs.Tab value="contacts" rightSection={<CountBadge n={c.contacts.length} />}>
              {t('customer.360.tabs.contacts')}
            </Tabs.Tab>
            <Tabs.Tab value="addresses" rightSection={<CountBadge n={c.addresses.length} />}>
              {t('customer.360.tabs.addresses')}
            </Tabs.Tab>
            <Tabs.Tab value="followUps" data-testid="tab-follow-ups">
              {t('customer.360.tabs.followUps')}
            </Tabs.Tab>
            <Tabs.Tab value="opportunities" data-testid="tab-opportunities">
              {t('opp.tab.title')}
            </Tabs.Tab>
            <Tabs.Tab value="orders" data-testid="tab-orders">
              {t('customerTabs.orders')}
            </Tabs.Tab>
            <Tabs.Tab value="shipments" data-testid="tab-shipments">
              {t('customerTabs.shipments')}
            </Tabs.Tab>
            <Tabs.Tab value="receipts" data-testid="tab-receipts">
              {t('customerTabs.receipts')}
            </Tabs.Tab>
            <Tabs.Tab value="ar" data-testid="tab-ar">
              {t('customerTabs.ar')}
            </Tabs.Tab>
            <Tabs.Tab value="audit" data-testid="tab-audit">
              {t('customer.360.tabs.audit')}
            </Tabs.Tab>
          </Tabs.List>
          <Tabs.Panel value="basic" p="md">
            <BasicInfo c={c} />
          </Tabs.Panel>
          <Tabs.Panel value="contacts" p="md">
            <ContactsTab customerId={c.id} contacts={c.contacts} />
          </Tabs.Panel>
          <Tabs.Panel value="addresses" p="md">
            <AddressesTab customerId={c.id} addresses={c.addresses} />
          </Tabs.Panel>
          <Tabs.Panel value="followUps" p="md">
            <FollowUpsTab customerId={c.id} autoFocus={focusFollowUp} />
          </Tabs.Panel>
          <Tabs.Panel value="opportunities" p="md">
            <CustomerOpportunitiesTab customer={c} />
          </Tabs.Panel>
          <Tabs.Panel value="orders" p="md">
            <CustomerOrdersTab customerId={c.id} />
          </Tabs.Panel>
          <Tabs.Panel value="shipments" p="md">
            <CustomerShipmentsTab customerId={c.id} />
          </Tabs.Panel>
          <Tabs.Panel value="receipts" p="md">
            <CustomerReceiptsTab customerId={c.id} />
          </Tabs.Panel>
          <Tabs.Panel value="ar" p="md">
            <CustomerArTab customerId={c.id} customerName={c.name} />
          </Tabs.Panel>
          <Tabs.Panel value="audit" p="md">
            <AuditLogList entity="customer" entityId={c.id} vocabulary={customerAuditVocabulary(t, (uid) => byId.get(uid)?.displayName)} />
          </Tabs.Panel>
        </Tabs>
      </Paper>
      <ReleaseModal target={release} onClose={() => setRelease(null)} onDone={() => (me.role === 'sales' ? navigate('/customers') : undefined)} />
      <AssignModal ids={assign} versions={{ [c.id]: c.version }} onClose={() => setAssign(null)} />
      <MergeCustomerModal targetId={merging ? c.id : null} onClose={() => setMerging(false)} />
    </>
  )
}

function CountBadge({ n }: { n: number }) {
  return n > 0 ? (
    <Badge size="xs" variant="light" color="gray" circle>
      {n}
    </Badge>
  ) : null
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div style={{ minWidth: 0 }}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" truncate>
        {children ?? '—'}
      </Text>
    </div>
  )
}

function BasicInfo({ c }: { c: Customer360 }) {
  const t = useT()
  const rows: [string, ReactNode][] = [
    [t('field.name'), c.name],
    [t('field.shortName'), c.shortName],
    [t('field.code'), c.code],
    [t('field.kind'), c.kind === 'person' ? t('kind.person') : t('kind.company')],
    [t('field.uscc'), c.uscc],
    [t('field.phone'), c.phone],
    [t('field.industry'), c.industry],
    [t('field.size'), c.size],
    [t('field.source'), c.source],
    [t('field.region'), regionText(c)],
    [t('field.address'), c.address],
    [t('field.stage'), <StageBadge key="s" stage={c.stage} />],
    [t('field.ownerId'), <OwnerText key="o" ownerId={c.ownerId} ownerName={c.ownerName} />],
    [t('field.creditLimitFen'), <MoneyText key="m" fen={c.creditLimitFen} size="sm" />],
    [t('field.paymentTermDays'), String(c.paymentTermDays)],
    [t('field.tags'), c.tags.length ? <TagList key="t" tags={c.tags} max={20} /> : null],
  ]
  return (
    <Stack gap="md">
      <Grid gap={0} component="dl" className="kedan-descriptions" m={0} data-testid="customer-basic">
        {rows.map(([label, value], i) => (
          <Grid.Col key={i} span={{ base: 12, sm: 6, lg: 4 }} py={6} pr="md">
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Text component="dt" w={120} style={{ flexShrink: 0 }}>
                {label}
              </Text>
              <Text component="dd" size="sm" style={{ minWidth: 0 }}>
                {value === null || value === '' ? <Text span c="dimmed">—</Text> : value}
              </Text>
            </Group>
          </Grid.Col>
        ))}
        <Grid.Col span={12} py={6}>
          <Group gap="sm" wrap="nowrap" align="flex-start">
            <Text component="dt" w={120} style={{ flexShrink: 0 }}>
              {t('field.remark')}
            </Text>
            <Text component="dd" size="sm" style={{ whiteSpace: 'pre-wrap' }} data-testid="customer-remark">
              {c.remark ?? <Text span c="dimmed">—</Text>}
            </Text>
          </Group>
        </Grid.Col>
      </Grid>
      <Text size="xs" c="dimmed">
        {t('customer.360.created', { when: formatDateTime(c.createdAt) })} · {t('customer.360.updated', { who: c.updatedByName ?? '—', when: formatDateTime(c.updatedAt) })}
      </Text>
    </Stack>
  )
}

/** 复制名片: name, primary contact (title, mobile), phone, and the address with its region (北京市 once, not twice) */
function customerCardText(c: Customer360): string {
  const contact = c.contacts.find((x) => x.isPrimary) ?? c.contacts[0]
  const region = [c.province, c.city, c.district].filter((x, i, all): x is string => !!x && all.indexOf(x) === i).join('')
  const address = region + (c.address ?? '')
  return cardText({ name: c.name, contactName: contact?.name, contactTitle: contact?.title, mobile: contact?.mobile, phone: c.phone ?? contact?.phone, address })
}
