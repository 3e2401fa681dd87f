import { Button, Group, Modal, PasswordInput, Stack } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { invoke } from '../../app/transport'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifyError, notifySuccess } from '../../shared/notify'

export function ChangePasswordModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { oldPassword: '', newPassword: '', confirm: '' },
    validate: {
      oldPassword: (v) => (v ? null : t('validation.required', { field: t('password.old') })),
      newPassword: (v) => ([...v].length >= 8 ? null : t('setup.passwordHint')),
      confirm: (v, values) => (v === values.newPassword ? null : t('setup.mismatch')),
    },
  })
  const close = () => {
    form.reset()
    onClose()
  }
  const submit = form.onSubmit(async (v) => {
    setBusy(true)
    try {
      await invoke('auth.changePassword', { oldPassword: v.oldPassword, newPassword: v.newPassword })
      notifySuccess(t('password.changed'))
      close()
    } catch (e) {
      const { placed } = applyServerErrors(form, e, { fields: ['oldPassword', 'newPassword'] })
      if (placed) focusFirstError()
      else notifyError(e)
    } finally {
      setBusy(false)
    }
  }, () => focusFirstError())
  return (
    <Modal opened={opened} onClose={close} title={t('password.title')} size="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput label={t('password.old')} data-autofocus autoComplete="current-password" {...form.getInputProps('oldPassword')} />
          <PasswordInput label={t('password.new')} description={t('setup.passwordHint')} autoComplete="new-password" {...form.getInputProps('newPassword')} />
          <PasswordInput label={t('password.confirm')} autoComplete="new-password" {...form.getInputProps('confirm')} />
          <Group justify="flex-end" gap="xs" mt="xs">
            <Button variant="default" onClick={close}>
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
