import { ActionIcon, Badge, Button, Checkbox, Group, Modal, SimpleGrid, Stack, Table, Text, Textarea, TextInput, Tooltip } from '@mantine/core'
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
import { CUSTOMER_QUERIES, type ShippingAddress } from './customer.types'

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
  const [editing, setEditing] = useState<ShippingAddress | 'new' | null>(null)
  const update = useApiMutation('address.update', { invalidate: CUSTOMER_QUERIES })
  const remove = useApiMutation('address.delete', { invalidate: CUSTOMER_QUERIES })

  const setDefault = async (a: ShippingAddress) => {
    try {
      await update.mutateAsync({ id: a.id, version: a.version, isDefault: true })
      notifySuccess(t('address.saved'))
    } catch (e) {
      notifyError(e)
    }
  }
  const del = async (a: ShippingAddress) => {
    if (!(await confirmDelete(a.address))) return
    try {
      await remove.mutateAsync({ id: a.id })
      notifySuccess(t('common.deleted'))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid="address-add">
          {t('address.add')}
        </Button>
      </Group>
      {addresses.length === 0 ? (
        <EmptyBlock title={t('address.emptyTitle')} description={t('address.emptyDescription')} />
      ) : (
        <Table fz="sm" verticalSpacing={6} highlightOnHover withTableBorder data-testid="addresses-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={140}>{t('addressField.receiver')}</Table.Th>
              <Table.Th w={150}>{t('addressField.phone')}</Table.Th>
              <Table.Th>{t('addressField.address')}</Table.Th>
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {addresses.map((a) => (
              <Table.Tr key={a.id} data-testid="address-row">
                <Table.Td>
                  <Group gap={6} wrap="nowrap">
                    <Text size="sm" fw={500}>
                      {a.receiver}
                    </Text>
                    {a.isDefault && (
                      <Badge size="xs" variant="light">
                        {t('address.default')}
                      </Badge>
                    )}
                  </Group>
                </Table.Td>
                <Table.Td>{a.phone}</Table.Td>
                <Table.Td>{a.address}</Table.Td>
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    {!a.isDefault && (
                      <Tooltip label={t('address.setDefault')}>
                        <ActionIcon variant="subtle" size="sm" onClick={() => setDefault(a)} aria-label={t('address.setDefault')}>
                          <IconStar size={15} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Tooltip label={t('action.edit')}>
                      <ActionIcon variant="subtle" size="sm" onClick={() => setEditing(a)} aria-label={t('action.edit')}>
                        <IconEdit size={15} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('action.delete')}>
                      <ActionIcon variant="subtle" color="red" size="sm" onClick={() => del(a)} aria-label={t('action.delete')}>
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
      <AddressModal customerId={customerId} editing={editing} onClose={() => setEditing(null)} />
    </Stack>
  )
}

function AddressModal({ customerId, editing, onClose }: { customerId: number; editing: ShippingAddress | 'new' | null; onClose: () => void }) {
  const t = useT()
  const invalidate = useInvalidate()
  const [busy, setBusy] = useState(false)
  const form = useForm<Values>({
    initialValues: fromAddress(null),
    validate: {
      receiver: (v) => (v.trim() ? null : t('validation.required', { field: t('addressField.receiver') })),
      address: (v) => (v.trim() ? null : t('validation.required', { field: t('addressField.address') })),
    },
  })
  const existing = editing && editing !== 'new' ? editing : null
  const load = useCallback(async () => {
    const list = await invoke('address.list', { customerId })
    const a = list.items.find((x) => x.id === existing?.id)
    if (!a) throw new Error(t('error.NOT_FOUND'))
    return { values: fromAddress(a), version: a.version }
  }, [customerId, existing?.id, t])
  const versioned = useVersionedEdit(form, load)
  useEffect(() => {
    if (editing) versioned.init(fromAddress(existing), existing?.version ?? 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing])

  const send = async (changes: Partial<Values>, version: number) => {
    await invoke('address.update', { id: existing!.id, version, ...toInput(changes) })
  }
  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      try {
        if (existing) {
          const changes = versioned.changes()
          if (Object.keys(changes).length) await send(changes, versioned.version!)
        } else {
          await invoke('address.create', { customerId, ...(toInput(v) as Values) })
        }
        await invalidate(CUSTOMER_QUERIES)
        notifySuccess(t('address.saved'))
        onClose()
      } catch (e) {
        if (versioned.catchConflict(e)) return
        const { placed } = applyServerErrors(form, e, { fields: Object.keys(fromAddress(null)) })
        if (placed) focusFirstError()
        else notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <Modal opened={!!editing} onClose={onClose} title={existing ? t('address.editTitle') : t('address.add')} size={560}>
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
                notifySuccess(t('address.saved'))
                onClose()
              })
              .catch(notifyError)
          }
        />
      )}
      <form onSubmit={submit} noValidate data-testid="address-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs">
            <TextInput label={t('addressField.receiver')} withAsterisk data-autofocus {...form.getInputProps('receiver')} description={versioned.theirs('receiver')} />
            <TextInput label={t('addressField.phone')} {...form.getInputProps('phone')} description={versioned.theirs('phone')} />
          </SimpleGrid>
          <Textarea label={t('addressField.address')} withAsterisk autosize minRows={2} {...form.getInputProps('address')} description={versioned.theirs('address')} />
          <Checkbox label={t('address.setDefault')} disabled={existing?.isDefault} {...form.getInputProps('isDefault', { type: 'checkbox' })} />
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
