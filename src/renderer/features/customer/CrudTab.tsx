import { ActionIcon, Badge, Button, Group, Modal, Stack, Table, Text, Tooltip } from '@mantine/core'
import { useForm, type FormValidateInput, type UseFormReturnType } from '@mantine/form'
import { IconEdit, IconPlus, IconStar, IconTrash } from '@tabler/icons-react'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import { useT } from '../../app/i18n/i18n'
import { confirmDelete } from '../../shared/confirm'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { EmptyBlock } from '../../shared/EmptyBlock'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useInvalidate } from '../../shared/query'
import { CUSTOMER_QUERIES } from './customer.api'

interface SubRecord {
  id: number
  version: number
}

/** The first cell of a row: the record's name, and a badge when it is the primary / default one. */
export function RowTitle({ children, badge, badgeColor }: { children: ReactNode; badge: ReactNode | false; badgeColor?: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={500}>
        {children}
      </Text>
      {badge && (
        <Badge size="xs" color={badgeColor} variant="light">
          {badge}
        </Badge>
      )}
    </Group>
  )
}

/**
 * A tab of a customer's sub-records (contacts, addresses): the add button, the table (or an empty state) with
 * 设为主要/默认 (for those that are not), edit and delete on every row, and the dialog `modal` renders.
 */
export function CrudTab<R extends SubRecord>({
  rows,
  testIds,
  addLabel,
  empty,
  head,
  cells,
  flag,
  onDelete,
  modal,
}: {
  rows: R[]
  testIds: { add: string; table: string; row: string }
  addLabel: string
  empty: { title: string; description: string }
  /** the header cells but the last (the actions) */
  head: ReactNode
  /** a row's cells but the last (the actions) */
  cells: (row: R) => ReactNode
  /** the primary / default flag: whether a row has it, the action's label, and how a row gets it */
  flag: { isSet: (row: R) => boolean; label: string; set: (row: R) => Promise<unknown>; saved: string }
  /** what the delete confirmation names, and the delete */
  onDelete: { name: (row: R) => string; remove: (row: R) => Promise<unknown> }
  modal: (editing: R | 'new' | null, onClose: () => void) => ReactNode
}) {
  const t = useT()
  const [editing, setEditing] = useState<R | 'new' | null>(null)

  const setFlag = async (r: R) => {
    try {
      await flag.set(r)
      notifySuccess(flag.saved)
    } catch (e) {
      notifyError(e)
    }
  }
  const del = async (r: R) => {
    if (!(await confirmDelete(onDelete.name(r)))) return
    try {
      await onDelete.remove(r)
      notifySuccess(t('common.deleted'))
    } catch (e) {
      notifyError(e)
    }
  }

  return (
    <Stack gap="sm">
      <Group justify="flex-end">
        <Button size="xs" leftSection={<IconPlus size={14} />} onClick={() => setEditing('new')} data-testid={testIds.add}>
          {addLabel}
        </Button>
      </Group>
      {rows.length === 0 ? (
        <EmptyBlock title={empty.title} description={empty.description} />
      ) : (
        <Table fz="sm" verticalSpacing={6} highlightOnHover withTableBorder data-testid={testIds.table}>
          <Table.Thead>
            <Table.Tr>
              {head}
              <Table.Th w={110} />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((r) => (
              <Table.Tr key={r.id} data-testid={testIds.row}>
                {cells(r)}
                <Table.Td>
                  <Group gap={2} justify="flex-end" wrap="nowrap">
                    {!flag.isSet(r) && (
                      <Tooltip label={flag.label}>
                        <ActionIcon variant="subtle" size="sm" onClick={() => setFlag(r)} aria-label={flag.label}>
                          <IconStar size={15} />
                        </ActionIcon>
                      </Tooltip>
                    )}
                    <Tooltip label={t('action.edit')}>
                      <ActionIcon variant="subtle" size="sm" onClick={() => setEditing(r)} aria-label={t('action.edit')}>
                        <IconEdit size={15} />
                      </ActionIcon>
                    </Tooltip>
                    <Tooltip label={t('action.delete')}>
                      <ActionIcon variant="subtle" color="red" size="sm" onClick={() => del(r)} aria-label={t('action.delete')}>
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
      {modal(editing, () => setEditing(null))}
    </Stack>
  )
}

/**
 * The add / edit dialog of a customer's sub-record: a new one is created whole; an edit sends only the changed
 * fields with the version, and a stale version offers reload / overwrite (`useVersionedEdit`). VALIDATION errors go
 * onto the fields.
 */
export function CrudModal<V extends Record<string, unknown>, R extends SubRecord>({
  editing,
  onClose,
  title,
  testId,
  toValues,
  validate,
  reload,
  create,
  update,
  saved,
  children,
}: {
  editing: R | 'new' | null
  onClose: () => void
  title: { add: string; edit: string }
  testId: string
  /** the form's values of a record (of none: empty) */
  toValues: (row: R | null) => V
  validate: FormValidateInput<V>
  /** the record as it is now on the server (undefined: gone) */
  reload: (id: number) => Promise<R | undefined>
  create: (values: V) => Promise<unknown>
  update: (id: number, version: number, changes: Partial<V>) => Promise<unknown>
  saved: string
  children: (form: UseFormReturnType<V>, theirs: (field: keyof V & string) => ReactNode, existing: R | null) => ReactNode
}) {
  const t = useT()
  const invalidate = useInvalidate()
  const [busy, setBusy] = useState(false)
  const form = useForm<V>({ initialValues: toValues(null), validate })
  const existing = editing && editing !== 'new' ? editing : null
  const load = useCallback(async () => {
    const r = await reload(existing!.id)
    if (!r) throw new Error(t('error.NOT_FOUND'))
    return { values: toValues(r), version: r.version }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [existing?.id, reload, t])
  const versioned = useVersionedEdit(form, load)
  useEffect(() => {
    if (editing) versioned.init(toValues(existing), existing?.version ?? 0)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing])

  const send = async (changes: Partial<V>, version: number) => {
    await update(existing!.id, version, changes)
  }
  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      try {
        if (existing) {
          const changes = versioned.changes()
          if (Object.keys(changes).length) await send(changes, versioned.version!)
        } else {
          await create(v)
        }
        await invalidate(CUSTOMER_QUERIES)
        notifySuccess(saved)
        onClose()
      } catch (e) {
        if (versioned.catchConflict(e)) return
        const { placed } = applyServerErrors(form, e, { fields: Object.keys(toValues(null)) })
        if (placed) focusFirstError()
        else notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <Modal opened={!!editing} onClose={onClose} title={existing ? title.edit : title.add} size={560}>
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
                notifySuccess(saved)
                onClose()
              })
              .catch(notifyError)
          }
        />
      )}
      <form onSubmit={submit} noValidate data-testid={testId}>
        <Stack gap="sm">
          {children(form, versioned.theirs, existing)}
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
