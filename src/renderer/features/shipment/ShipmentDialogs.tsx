import { Alert, Autocomplete, Button, Group, Modal, Stack, Text, Textarea, TextInput } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useForm } from '@mantine/form'
import { IconAlertTriangle } from '@tabler/icons-react'
import { useCallback, useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { ConflictAlert, useVersionedEdit } from '../../shared/conflict'
import { todayStr } from '../../shared/dates'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { submitOnCtrlEnter, useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation, useInvalidate } from '../../shared/query'
import { CARRIERS } from './labels'
import { DELIVERY_QUERIES, type Shipment } from './shipment.api'

type ShipmentRef = Pick<Shipment, 'id' | 'number' | 'version' | 'shipDate'>

/**
 * 确认签收: delivery date (today by default, never before the ship date) and who signed.
 * Used in a dialog on the shipment page and inline on the tracking board.
 */
export function ConfirmDeliveryForm({ shipment, onDone, onCancel, compact }: { shipment: ShipmentRef; onDone?: () => void; onCancel?: () => void; compact?: boolean }) {
  const t = useT()
  const confirm = useApiMutation('shipment.confirmDelivered', { invalidate: DELIVERY_QUERIES })
  const form = useForm({
    initialValues: { deliveredOn: todayStr() as string | null, signedBy: '' },
    validate: {
      deliveredOn: (v) => (v ? (v < shipment.shipDate ? t('shipment.deliver.beforeShip', { date: shipment.shipDate }) : null) : t('validation.required', { field: t('shipment.field.deliveredOn') })),
    },
  })
  const submit = form.onSubmit(
    async (v) => {
      try {
        await confirm.mutateAsync({ id: shipment.id, version: shipment.version, deliveredOn: v.deliveredOn!, signedBy: v.signedBy.trim() || null })
        notifySuccess(t('shipment.deliver.done', { number: shipment.number }))
        onDone?.()
      } catch (e) {
        const { placed } = applyServerErrors(form, e, { fields: ['deliveredOn', 'signedBy'] })
        if (!placed) notifyError(e)
      }
    },
    () => focusFirstError(),
  )
  return (
    <form onSubmit={submit} noValidate data-testid="deliver-form">
      <Stack gap="sm">
        <Group grow gap="sm" align="flex-start">
          <DateInput
            label={t('shipment.field.deliveredOn')}
            withAsterisk
            valueFormat="YYYY-MM-DD"
            minDate={shipment.shipDate}
            size={compact ? 'xs' : 'sm'}
            popoverProps={{ withinPortal: !compact }}
            {...form.getInputProps('deliveredOn')}
          />
          <TextInput label={t('shipment.field.signedBy')} placeholder={t('shipment.deliver.signedByPlaceholder')} data-autofocus size={compact ? 'xs' : 'sm'} maxLength={50} {...form.getInputProps('signedBy')} data-testid="deliver-signed-by" />
        </Group>
        <Group justify="flex-end" gap="xs">
          {onCancel && (
            <Button variant="default" size={compact ? 'xs' : 'sm'} onClick={onCancel}>
              {t('action.cancel')}
            </Button>
          )}
          <Button type="submit" color="teal" size={compact ? 'xs' : 'sm'} loading={confirm.isPending} data-testid="deliver-ok">
            {t('shipment.deliver.confirm')}
          </Button>
        </Group>
      </Stack>
    </form>
  )
}

export function ConfirmDeliveryModal({ shipment, onClose }: { shipment: ShipmentRef | null; onClose: () => void }) {
  const t = useT()
  return (
    <Modal opened={!!shipment} onClose={onClose} title={shipment ? t('shipment.deliver.title', { number: shipment.number }) : ''} size={480} data-testid="deliver-modal">
      {shipment && <ConfirmDeliveryForm shipment={shipment} onDone={onClose} onCancel={onClose} />}
    </Modal>
  )
}

interface ShippingValues extends Record<string, unknown> {
  carrier: string
  trackingNo: string
  remark: string
}
const shippingOf = (s: Pick<Shipment, 'carrier' | 'trackingNo' | 'remark'>): ShippingValues => ({ carrier: s.carrier ?? '', trackingNo: s.trackingNo ?? '', remark: s.remark ?? '' })
const nullIfEmpty = (v: Partial<ShippingValues>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, typeof x === 'string' ? x.trim() || null : x]))

/** 修改物流信息: carrier, tracking number, remark; versioned, a conflict keeps what was typed. */
export function EditShippingModal({ shipment, opened, onClose }: { shipment: Shipment; opened: boolean; onClose: () => void }) {
  const t = useT()
  const invalidate = useInvalidate()
  const [busy, setBusy] = useState(false)
  const form = useForm<ShippingValues>({ initialValues: shippingOf(shipment) })
  const load = useCallback(async () => {
    const s = await invoke('shipment.get', { id: shipment.id })
    return { values: shippingOf(s), version: s.version }
  }, [shipment.id])
  const versioned = useVersionedEdit(form, load)
  useEffect(() => {
    if (opened) versioned.init(shippingOf(shipment), shipment.version)
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [opened])
  const send = async (changes: Partial<ShippingValues>, version: number) => {
    await invoke('shipment.update', { id: shipment.id, version, ...nullIfEmpty(changes) })
    await invalidate(DELIVERY_QUERIES)
    notifySuccess(t('shipment.edit.saved'))
    onClose()
  }
  const submit = form.onSubmit(async () => {
    if (busy) return
    setBusy(true)
    try {
      const changes = versioned.changes()
      if (Object.keys(changes).length) await send(changes, versioned.version!)
      else onClose()
    } catch (e) {
      if (versioned.catchConflict(e)) return
      const { placed } = applyServerErrors(form, e, { fields: ['carrier', 'trackingNo', 'remark'] })
      if (placed) focusFirstError()
      else notifyError(e)
    } finally {
      setBusy(false)
    }
  })
  useSaveHotkey(() => void submit(), opened)
  return (
    <Modal opened={opened} onClose={onClose} title={t('shipment.edit.title', { number: shipment.number })} size={520} data-testid="shipping-modal">
      {versioned.conflict && (
        <ConflictAlert
          conflict={versioned.conflict}
          busy={versioned.busy}
          onReload={() => void versioned.reload().catch(notifyError)}
          onOverwrite={() => void versioned.overwrite(send).catch(notifyError)}
        />
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Group grow gap="sm" align="flex-start">
            <Autocomplete label={t('shipment.field.carrier')} data={CARRIERS} data-autofocus maxLength={50} {...form.getInputProps('carrier')} description={versioned.theirs('carrier')} data-testid="edit-carrier" />
            <TextInput label={t('shipment.field.trackingNo')} maxLength={60} {...form.getInputProps('trackingNo')} description={versioned.theirs('trackingNo')} data-testid="edit-tracking" />
          </Group>
          <Textarea label={t('shipment.field.remark')} autosize minRows={2} maxLength={1000} onKeyDown={submitOnCtrlEnter} {...form.getInputProps('remark')} description={versioned.theirs('remark')} />
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('hotkey.save')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('action.cancel')}
              </Button>
              <Button type="submit" loading={busy} data-testid="shipping-save">
                {t('action.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

/**
 * 作废 with a reason; used for shipments and receipts. The dialog itself is the confirmation:
 * it says what will happen and the red button names the action.
 */
export function CancelWithReasonModal({
  opened,
  title,
  warning,
  confirmLabel,
  onClose,
  onConfirm,
}: {
  opened: boolean
  title: string
  warning: string
  confirmLabel: string
  onClose: () => void
  onConfirm: (reason: string) => Promise<void>
}) {
  const t = useT()
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  useEffect(() => {
    if (opened) {
      setReason('')
      setError(null)
    }
  }, [opened])
  const submit = async () => {
    if (!reason.trim()) {
      setError(t('validation.required', { field: t('delivery.cancelReason') }))
      return
    }
    setBusy(true)
    try {
      await onConfirm(reason.trim())
      onClose()
    } catch (e) {
      notifyError(e)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={opened} onClose={onClose} title={title} size={480} data-testid="cancel-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
        noValidate
      >
        <Stack gap="sm">
          <Alert color="red" variant="light" icon={<IconAlertTriangle size={18} />}>
            {warning}
          </Alert>
          <Textarea
            label={t('delivery.cancelReason')}
            withAsterisk
            autosize
            minRows={2}
            maxLength={500}
            data-autofocus
            value={reason}
            error={error}
            onChange={(e) => {
              setReason(e.currentTarget.value)
              setError(null)
            }}
            onKeyDown={submitOnCtrlEnter}
            data-testid="cancel-reason"
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('delivery.keep')}
            </Button>
            <Button type="submit" color="red" loading={busy} data-testid="cancel-ok">
              {confirmLabel}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
