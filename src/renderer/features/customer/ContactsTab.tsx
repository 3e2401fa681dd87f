import { ActionIcon, Badge, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Table, Text, TextInput, Tooltip } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconEdit, IconPlus, IconStar, IconTrash } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { confirmDelete } from '../../shared/confirm'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { EmptyBlock } from '../../shared/EmptyBlock'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation, useInvalidate } from '../../shared/query'
import { CUSTOMER_QUERIES, type Contact } from './customer.types'

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
  const [editing, setEditing] = useState<Contact | 'new' | null>(null)
  const update = useApiMutation('contact.update', { invalidate: CUSTOMER_QUERIES })
  const remove = useApiMutation('contact.delete', { invalidate: CUSTOMER_QUERIES })

  const setPrimary = async (c: Contact) => {
    try {
      await update.mutateAsync({ id: c.id, version: c.version, isPrimary: true })
      notifySuccess(t('contact.saved'))
    } catch (e) {
      notifyError(e)
    }
  }
  const del = async (c: Contact) => {
    if (!(await confirmDelete(c.name))) return
    try {
      await remove.mutateAsync({ id: c.id })
      notifySuccess(t('common.deleted'))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="contact-add">
          {t('contact.add')}
        </Button>
      </Group>
      {contacts.length === 0 ? (
        <EmptyBlock title={t('contact.emptyTitle')} description={t('contact.emptyDescription')} />
      ) : (
        <Table fz="sm" verticalSpacing={6} highlightOnHover withTableBorder data-testid="contacts-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('contactField.name')}</Table.Th>
              <Table.Th>{t('contactField.title')}</Table.Th>
              <Table.Th>{t('contactField.mobile')}</Table.Th>
              <Table.Th>{t('contactField.phone')}</Table.Th>
              <Table.Th>{t('contactField.email')}</Table.Th>
              <Table.Th>{t('contactField.wechat')}</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {contacts.map((c) => (
              <Table.Tr key={c.id} data-testid="contact-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {c.name}
                    </Text>
                    {c.isPrimary && (
                      <Badge size="xs" color="kedan" variant="light">
                        {t('contact.primary')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{c.title}</Table.Td>
                <Table.Td>{c.mobile}</Table.Td>
                <Table.Td>{c.phone}</Table.Td>
                <Table.Td>{c.email}</Table.Td>
                <Table.Td>{c.wechat}</Table.Td>
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    {!c.isPrimary && (
                      <Tooltip label={t('contact.setPrimary')}>
                        <ActionIcon variant="subtle" size="sm" onClick={() => setPrimary(c)} aria-label={t('contact.setPrimary')}>
                          <IconStar size={15} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Tooltip label={t('action.edit')}>
                      <ActionIcon variant="subtle" size="sm" onClick={() => setEditing(c)} aria-label={t('action.edit')}>
                        <IconEdit size={15} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('action.delete')}>
                      <ActionIcon variant="subtle" color="red" size="sm" onClick={() => del(c)} aria-label={t('action.delete')}>
                        <IconTrash size={15} />
                      </ActionIcon>
                    </Tooltip>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <ContactModal customerId={customerId} editing={editing} onClose={() => setEditing(null)} />
    </Stack>
  )
}

function ContactModal({ customerId, editing, onClose }: { customerId: number; editing: Contact | 'new' | null; onClose: () => void }) {
  const t = useT()
  const invalidate = useInvalidate()
  const [busy, setBusy] = useState(false)
  const form = useForm<Values>({
    initialValues: fromContact(null),
    validate: { name: (v) => (v.trim() ? null : t('validation.required', { field: t('contactField.name') })) },
  })
  const existing = editing && editing !== 'new' ? editing : null
  const load = useCallback(async () => {
    const list = await invoke('contact.list', { customerId })
    const c = list.items.find((x) => x.id === existing?.id)
    if (!c) throw new Error(t('error.NOT_FOUND'))
    return { values: fromContact(c), version: c.version }
  }, [customerId, existing?.id, t])
  const versioned = useVersionedEdit(form, load)
  useEffect(() => {
    if (editing) versioned.init(fromContact(existing), existing?.version ?? 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing])

  const send = async (changes: Partial<Values>, version: number) => {
    await invoke('contact.update', { id: existing!.id, version, ...toInput(changes) })
  }
  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      try {
        if (existing) {
          const changes = versioned.changes()
          if (Object.keys(changes).length) await send(changes, versioned.version!)
        } else {
          await invoke('contact.create', { customerId, ...(toInput(v) as Values) })
        }
        await invalidate(CUSTOMER_QUERIES)
        notifySuccess(t('contact.saved'))
        onClose()
      } catch (e) {
        if (versioned.catchConflict(e)) return
        const { placed } = applyServerErrors(form, e, { fields: Object.keys(fromContact(null)) })
        if (placed) focusFirstError()
        else notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <Modal opened={!!editing} onClose={onClose} title={existing ? t('contact.editTitle') : t('contact.add')} size={560}>
      {versioned.conflict && (
        <ConflictAlert
          conflict={versioned.conflict}
          busy={versioned.busy}
          onReload={() => void versioned.reload().catch(notifyError)}
          onOverwrite={() =>
            void versioned
              .overwrite(async (c, v) => {
                await send(c, v)
                await invalidate(CUSTOMER_QUERIES)
                notifySuccess(t('contact.saved'))
                onClose()
              })
              .catch(notifyError)
          }
        />
      )}
      <form onSubmit={submit} noValidate data-testid="contact-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <TextInput label={t('contactField.name')} withAsterisk data-autofocus {...form.getInputProps('name')} description={versioned.theirs('name')} />
            <TextInput label={t('contactField.title')} {...form.getInputProps('title')} description={versioned.theirs('title')} />
            <TextInput label={t('contactField.mobile')} {...form.getInputProps('mobile')} description={versioned.theirs('mobile')} />
            <TextInput label={t('contactField.phone')} {...form.getInputProps('phone')} description={versioned.theirs('phone')} />
            <TextInput label={t('contactField.email')} {...form.getInputProps('email')} description={versioned.theirs('email')} />
            <TextInput label={t('contactField.wechat')} {...form.getInputProps('wechat')} description={versioned.theirs('wechat')} />
          </SimpleGrid>
          <Checkbox label={t('contact.setPrimary')} disabled={existing?.isPrimary} {...form.getInputProps('isPrimary', { type: 'checkbox' })} />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('action.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
