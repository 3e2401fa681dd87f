import { Checkbox, SimpleGrid, Table, Textarea, TextInput } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { useApiMutation } from '../../shared/query'
import { CrudModal, CrudTab, RowTitle } from './CrudTab'
import { CUSTOMER_QUERIES, type ShippingAddress } from './customer.api'

interface Values extends Record<string, unknown> {
  receiver: string
  phone: string
  address: string
  isDefault: boolean
}

const fromAddress = (a: ShippingAddress | null): Values => ({ receiver: a?.receiver ?? '', phone: a?.phone ?? '', address: a?.address ?? '', isDefault: a?.isDefault ?? false })
const toInput = (v: Partial<Values>) =>
  Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? (x.trim() === '' && k === 'phone' ? null : x.trim()) : x])) as Partial<Values>

/** 收货地址: list, add, edit, delete, set default. */
export function AddressesTab({ customerId, addresses }: { customerId: number; addresses: ShippingAddress[] }) {
  const t = useT()
  const update = useApiMutation('address.update', { invalidate: CUSTOMER_QUERIES })
  const remove = useApiMutation('address.delete', { invalidate: CUSTOMER_QUERIES })

  return (
    <CrudTab
      rows={addresses}
      testIds={{ add: 'address-add', table: 'addresses-table', row: 'address-row' }}
      addLabel={t('address.add')}
      empty={{ title: t('address.emptyTitle'), description: t('address.emptyDescription') }}
      head={
        <>
          <Table.Th w={140}>{t('addressField.receiver')}</Table.Th>
          <Table.Th w={150}>{t('addressField.phone')}</Table.Th>
          <Table.Th>{t('addressField.address')}</Table.Th>
        </>
      }
      cells={(a) => (
        <>
          <Table.Td>
            <RowTitle badge={a.isDefault && t('address.default')}>{a.receiver}</RowTitle>
          </Table.Td>
          <Table.Td>{a.phone}</Table.Td>
          <Table.Td>{a.address}</Table.Td>
        </>
      )}
      flag={{ isSet: (a) => a.isDefault, label: t('address.setDefault'), set: (a) => update.mutateAsync({ id: a.id, version: a.version, isDefault: true }), saved: t('address.saved') }}
      onDelete={{ name: (a) => a.address, remove: (a) => remove.mutateAsync({ id: a.id, version: a.version }) }}
      modal={(editing, onClose) => <AddressModal customerId={customerId} editing={editing} onClose={onClose} />}
    />
  )
}

function AddressModal({ customerId, editing, onClose }: { customerId: number; editing: ShippingAddress | 'new' | null; onClose: () => void }) {
  const t = useT()
  return (
    <CrudModal
      editing={editing}
      onClose={onClose}
      title={{ add: t('address.add'), edit: t('address.editTitle') }}
      testId="address-form"
      toValues={fromAddress}
      validate={{
        receiver: (v) => (v.trim() ? null : t('validation.required', { field: t('addressField.receiver') })),
        address: (v) => (v.trim() ? null : t('validation.required', { field: t('addressField.address') })),
      }}
      reload={async (id) => (await invoke('address.list', { customerId })).items.find((x) => x.id === id)}
      create={(v) => invoke('address.create', { customerId, ...(toInput(v) as Values) })}
      update={(id, version, changes) => invoke('address.update', { id, version, ...toInput(changes) })}
      saved={t('address.saved')}
    >
      {(form, theirs, existing) => (
        <>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <TextInput label={t('addressField.receiver')} withAsterisk data-autofocus {...form.getInputProps('receiver')} description={theirs('receiver')} />
            <TextInput label={t('addressField.phone')} {...form.getInputProps('phone')} description={theirs('phone')} />
          </SimpleGrid>
          <Textarea label={t('addressField.address')} withAsterisk autosize minRows={2} {...form.getInputProps('address')} description={theirs('address')} />
          <Checkbox label={t('address.setDefault')} disabled={existing?.isDefault} {...form.getInputProps('isDefault', { type: 'checkbox' })} />
        </>
      )}
    </CrudModal>
  )
}
