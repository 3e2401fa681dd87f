import { Button, Group, Modal, Stack, Text, Textarea, UnstyledButton } from '@mantine/core'
import { DateInput } from '@mantine/dates'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { addDays, todayStr } from '../../shared/dates'
import { submitOnCtrlEnter, useSaveHotkey } from '../../shared/hotkeys'
import { formatFen } from '../../shared/money'
import { notifyError, notifySuccess } from '../../shared/notify'
import { useApiMutation } from '../../shared/query'

export interface DunningTarget {
  customerId: number
  customerName: string
  overdueFen: number
  maxDaysOverdue?: number
}

/** 催款: logs a dunning follow-up (followUp.create type 'dunning') with the next follow-up date. */
export function DunningModal({ target, onClose }: { target: DunningTarget | null; onClose: () => void }) {
  const t = useT()
  const create = useApiMutation('followUp.create', { invalidate: ['followUp.', 'ar.', 'customer.'] })
  const today = todayStr()
  const [content, setContent] = useState('')
  const [next, setNext] = useState<string | null>(addDays(today, 3))
  const [error, setError] = useState<string | null>(null)
  useEffect(() => {
    if (target) {
      setContent(
        target.maxDaysOverdue
          ? t('dunning.defaultContentDays', { amount: formatFen(target.overdueFen), days: target.maxDaysOverdue })
          : t('dunning.defaultContent', { amount: formatFen(target.overdueFen) }),
      )
      setNext(addDays(todayStr(), 3))
      setError(null)
    }
  }, [target, t])
  const save = async () => {
    if (!target) return
    if (!content.trim()) {
      setError(t('validation.required', { field: t('dunning.content') }))
      return
    }
    try {
      await create.mutateAsync({ customerId: target.customerId, type: 'dunning', content: content.trim(), nextFollowUpOn: next || null })
      notifySuccess(t('dunning.saved', { name: target.customerName }))
      onClose()
    } catch (e) {
      notifyError(e)
    }
  }
  useSaveHotkey(() => void save(), !!target)
  const presets = [
    { label: t('common.tomorrow'), value: addDays(today, 1) },
    { label: t('common.inDays', { days: 3 }), value: addDays(today, 3) },
    { label: t('common.nextWeek'), value: addDays(today, 7) },
    { label: t('common.inDays', { days: 15 }), value: addDays(today, 15) },
  ]
  return (
    <Modal opened={!!target} onClose={onClose} title={target ? t('dunning.title', { name: target.customerName }) : ''} size={520} data-testid="dunning-modal">
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
        noValidate
      >
        <Stack gap="sm">
          <Textarea
            label={t('dunning.content')}
            withAsterisk
            autosize
            minRows={3}
            maxRows={8}
            data-autofocus
            value={content}
            error={error}
            onChange={(e) => {
              setContent(e.currentTarget.value)
              setError(null)
            }}
            onKeyDown={submitOnCtrlEnter}
            onFocus={(e) => {
              // carry on typing after the prefilled sentence
              const el = e.currentTarget
              el.setSelectionRange(el.value.length, el.value.length)
            }}
            data-testid="dunning-content"
          />
          <div>
            <DateInput label={t('dunning.next')} valueFormat="YYYY-MM-DD" clearable minDate={today} value={next} onChange={setNext} popoverProps={{ withinPortal: true }} />
            <Group gap={6} mt={6}>
              {presets.map((p) => (
                <UnstyledButton
                  key={p.value}
                  type="button"
                  onClick={() => setNext(p.value)}
                  px={8}
                  py={2}
                  fz="xs"
                  style={{ borderRadius: 4, border: '1px solid var(--mantine-color-default-border)', background: next === p.value ? 'var(--mantine-primary-color-light)' : undefined }}
                >
                  {p.label}
                </UnstyledButton>
              ))}
            </Group>
          </div>
          <Group justify="space-between">
            <Text size="xs" c="dimmed">
              {t('hotkey.submit')}
            </Text>
            <Group gap="xs">
              <Button variant="default" onClick={onClose}>
                {t('action.cancel')}
              </Button>
              <Button type="submit" color="orange" loading={create.isPending} data-testid="dunning-save">
                {t('dunning.save')}
              </Button>
            </Group>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
