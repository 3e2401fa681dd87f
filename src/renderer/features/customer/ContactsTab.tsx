import { Checkbox, SimpleGrid, Table, TextInput } from '@mantine/core'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { useApiMutation } from '../../shared/query'
import { CrudModal, CrudTab, RowTitle } from './CrudTab'
import { CUSTOMER_QUERIES, type Contact } from './customer.api'

interface Values extends Record<string, unknown> {
  name: string
  title: string
  mobile: string
  phone: string
  email: string
  wechat: string
  isPrimary: boolean
}

const fromContact = (c: Contact | null): Values => ({
  name: c?.name ?? '',
  title: c?.title ?? '',
  mobile: c?.mobile ?? '',
  phone: c?.phone ?? '',
  email: c?.email ?? '',
  wechat: c?.wechat ?? '',
  isPrimary: c?.isPrimary ?? false,
})
const nul = (s: unknown) => (typeof s === 'string' ? (s.trim() === '' ? null : s.trim()) : s)
const toInput = (v: Partial<Values>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'isPrimary' ? x : nul(x)])) as Partial<Omit<Values, 'name'>> & { name?: string }

/** 联系人: list, add, edit, delete, set primary. */
export function ContactsTab({ customerId, contacts }: { customerId: number; contacts: Contact[] }) {
  const t = useT()
  const update = useApiMutation('contact.update', { invalidate: CUSTOMER_QUERIES })
  const remove = useApiMutation('contact.delete', { invalidate: CUSTOMER_QUERIES })

  return (
    <CrudTab
      rows={contacts}
      testIds={{ add: 'contact-add', table: 'contacts-table', row: 'contact-row' }}
      addLabel={t('contact.add')}
      empty={{ title: t('contact.emptyTitle'), description: t('contact.emptyDescription') }}
      head={
        <>
          <Table.Th>{t('contactField.name')}</Table.Th>
          <Table.Th>{t('contactField.title')}</Table.Th>
          <Table.Th>{t('contactField.mobile')}</Table.Th>
          <Table.Th>{t('contactField.phone')}</Table.Th>
          <Table.Th>{t('contactField.email')}</Table.Th>
          <Table.Th>{t('contactField.wechat')}</Table.Th>
        </>
      }
      cells={(c) => (
        <>
          <Table.Td>
            <RowTitle badge={c.isPrimary && t('contact.primary')} badgeColor="kedan">
              {c.name}
            </RowTitle>
          </Table.Td>
          <Table.Td>{c.title}</Table.Td>
          <Table.Td>{c.mobile}</Table.Td>
          <Table.Td>{c.phone}</Table.Td>
          <Table.Td>{c.email}</Table.Td>
          <Table.Td>{c.wechat}</Table.Td>
        </>
      )}
      flag={{ isSet: (c) => c.isPrimary, label: t('contact.setPrimary'), set: (c) => update.mutateAsync({ id: c.id, version: c.version, isPrimary: true }), saved: t('contact.saved') }}
      onDelete={{ name: (c) => c.name, remove: (c) => remove.mutateAsync({ id: c.id, version: c.version }) }}
      modal={(editing, onClose) => <ContactModal customerId={customerId} editing={editing} onClose={onClose} />}
    />
  )
}

function ContactModal({ customerId, editing, onClose }: { customerId: number; editing: Contact | 'new' | null; onClose: () => void }) {
  const t = useT()
  return (
    <CrudModal
      editing={editing}
      onClose={onClose}
      title={{ add: t('contact.add'), edit: t('contact.editTitle') }}
      testId="contact-form"
      toValues={fromContact}
      validate={{ name: (v) => (v.trim() ? null : t('validation.required', { field: t('contactField.name') })) }}
      reload={async (id) => (await invoke('contact.list', { customerId })).items.find((x) => x.id === id)}
      create={(v) => invoke('contact.create', { customerId, ...(toInput(v) as Values) })}
      update={(id, version, changes) => invoke('contact.update', { id, version, ...toInput(changes) })}
      saved={t('contact.saved')}
    >
      {(form, theirs, existing) => (
        <>
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <TextInput label={t('contactField.name')} withAsterisk data-autofocus {...form.getInputProps('name')} description={theirs('name')} />
            <TextInput label={t('contactField.title')} {...form.getInputProps('title')} description={theirs('title')} />
            <TextInput label={t('contactField.mobile')} {...form.getInputProps('mobile')} description={theirs('mobile')} />
            <TextInput label={t('contactField.phone')} {...form.getInputProps('phone')} description={theirs('phone')} />
            <TextInput label={t('contactField.email')} {...form.getInputProps('email')} description={theirs('email')} />
            <TextInput label={t('contactField.wechat')} {...form.getInputProps('wechat')} description={theirs('wechat')} />
          </SimpleGrid>
          <Checkbox label={t('contact.setPrimary')} disabled={existing?.isPrimary} {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
        </>
      )}
    </CrudModal>
  )
}
