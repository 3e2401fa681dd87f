import { Button, Group, Input, Modal, SegmentedControl, Stack, Text, Textarea, UnstyledButton } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { addDays, todayStr } from '../../shared/dates'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { submitOnCtrlEnter, useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'
import { CUSTOMER_QUERIES, MANUAL_FOLLOW_UP_TYPES, type FollowUp } from './customer.api'

interface Values {
  type: (typeof MANUAL_FOLLOW_UP_TYPES)[number]
  content: string
  nextFollowUpOn: string | null
}

/**
 * Quick follow-up entry: type, content, next follow-up date (with 今天/明天/3 天后/下周 one-click presets).
 * Ctrl+Enter or Ctrl+S saves. Used on the 360 page, from a list row and from 我的待跟进.
 */
export function FollowUpForm({ customerId, onSaved, onCancel, autoFocus = true }: { customerId: number; onSaved?: (f: FollowUp) => void; onCancel?: () => void; autoFocus?: boolean }) {
  const t = useT()
  const create = useApiMutation('followUp.create', { invalidate: CUSTOMER_QUERIES })
  const [busy, setBusy] = useState(false)
  const form = useForm<Values>({
    initialValues: { type: 'call', content: '', nextFollowUpOn: null },
    validate: { content: (v) => (v.trim() ? null : t('validation.required', { field: t('followUp.content') })) },
  })
  const today = todayStr()
  const presets = [
    { label: t('common.today'), value: today },
    { label: t('common.tomorrow'), value: addDays(today, 1) },
    { label: t('common.inDays', { days: 3 }), value: addDays(today, 3) },
    { label: t('common.nextWeek'), value: addDays(today, 7) },
  ]

  const submit = form.onSubmit(
    async (v) => {
      if (busy) return
      setBusy(true)
      try {
        const saved = await create.mutateAsync({ customerId, type: v.type, content: v.content.trim(), nextFollowUpOn: v.nextFollowUpOn || null })
        notifySuccess(t('followUp.saved'))
        form.reset()
        onSaved?.(saved)
      } catch (e) {
        const { placed } = applyServerErrors(form, e, { fields: ['type', 'content', 'nextFollowUpOn'] })
        if (placed) focusFirstError()
        else notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )
  useSaveHotkey(() => void submit())

  return (
    <form onSubmit={submit} onKeyDown={submitOnCtrlEnter} noValidate data-testid="follow-up-form">
      <Stack gap="sm">
        <div>
          <Input.Label id="fu-type-label" mb={4}>
            {t('followUp.type')}
          </Input.Label>
          <SegmentedControl
            aria-labelledby="fu-type-label"
            size="xs"
            fullWidth
            data={MANUAL_FOLLOW_UP_TYPES.map((v) => ({ value: v, label: t(`followUpType.${v}`) }))}
            {...form.getInputProps('type')}
          />
        </div>
        <Textarea
          label={t('followUp.content')}
          placeholder={t('followUp.contentPlaceholder')}
          autosize
          minRows={3}
          maxRows={8}
          withAsterisk
          data-autofocus={autoFocus || undefined}
          autoFocus={autoFocus}
          {...form.getInputProps('content')}
        />
        <div>
          <DateInput
            label={t('followUp.next')}
            placeholder={t('followUp.nextPlaceholder')}
            valueFormat="YYYY-MM-DD"
            clearable
            minDate={today}
            popoverProps={{ withinPortal: true }}
            {...form.getInputProps('nextFollowUpOn')}
          />
          <Group gap={6} mt={6}>
            {presets.map((p) => (
              <UnstyledButton
                key={p.label}
                type="button"
                onClick={() => form.setFieldValue('nextFollowUpOn', p.value)}
                px={8}
                py={2}
                fz="xs"
                data-testid={`next-preset-${p.value === today ? 'today' : p.value}`}
                style={{
                  borderRadius: 4,
                  border: '1px solid var(--mantine-color-default-border)',
                  background: form.values.nextFollowUpOn === p.value ? 'var(--mantine-primary-color-light)' : undefined,
                }}
              >
                {p.label}
              </UnstyledButton>
            ))}
          </Group>
        </div>
        <Group justify="space-between" mt={4}>
          <Text size="xs" c="dimmed">
            {t('hotkey.submit')}
          </Text>
          <Group gap="xs">
            {onCancel && (
              <Button variant="default" onClick={onCancel}>
                {t('action.cancel')}
              </Button>
            )}
            <Button type="submit" loading={busy} data-testid="follow-up-save">
              {t('action.save')}
            </Button>
          </Group>
        </Group>
      </Stack>
    </form>
  )
}

/** The follow-up form in a dialog (from a list row or 我的待跟进). Esc closes. */
export function QuickFollowUpModal({ target, onClose }: { target: { id: number; name: string } | null; onClose: () => void }) {
  const t = useT()
  return (
    <Modal opened={!!target} onClose={onClose} title={target ? t('followUp.titleFor', { name: target.name }) : ''} size={520} data-testid="follow-up-modal">
      {target && <FollowUpForm customerId={target.id} onSaved={onClose} onCancel={onClose} />}
    </Modal>
  )
}
