import { Button, PasswordInput, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDocumentTitle } from '@mantine/hooks'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { invoke } from '../../app/transport'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifyError, notifySuccess } from '../../shared/notify'
import { AuthLayout } from './AuthLayout'

/** First run: the company and the first administrator (auth.setup), then straight into the app. */
export function SetupPage() {
  const t = useT()
  const { signIn, state } = useSession()
  // another computer than the host: the host's one-time setup code is needed (src/core/auth/setup-code.ts)
  const needsCode = 'status' in state && state.status.setupCodeRequired === true
  const navigate = useNavigate()
  const [busy, setBusy] = useState(false)
  useDocumentTitle(`${t('setup.title')} · 客单`)
  const form = useForm({
    initialValues: { companyName: '', displayName: '', username: 'admin', password: '', confirm: '', setupCode: '' },
    validate: {
      setupCode: (v) => (!needsCode || v.trim() ? null : t('validation.required', { field: t('setup.code') })),
      companyName: (v) => (v.trim() ? null : t('validation.required', { field: t('setup.companyName') })),
      displayName: (v) => (v.trim() ? null : t('validation.required', { field: t('setup.displayName') })),
      username: (v) => (v.trim().length >= 2 ? null : t('validation.minLength', { n: 2 })),
      password: (v) => ([...v].length >= 8 ? null : t('setup.passwordHint')),
      confirm: (v, values) => (v === values.password ? null : t('setup.mismatch')),
    },
  })

  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      try {
        const r = await invoke('auth.setup', {
          companyName: v.companyName.trim(),
          displayName: v.displayName.trim(),
          username: v.username.trim(),
          password: v.password,
          ...(needsCode ? { setupCode: v.setupCode.trim() } : {}),
        })
        signIn(r)
        notifySuccess(t('setup.done'))
        navigate('/customers', { replace: true })
      } catch (e) {
        const { unplaced, placed } = applyServerErrors(form, e, { fields: ['companyName', 'displayName', 'username', 'password', 'setupCode'] })
        if (placed) focusFirstError()
        if (!placed || unplaced.length) notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <AuthLayout width={480}>
      <form onSubmit={submit} noValidate data-testid="setup-form">
        <Stack gap="sm">
          <div>
            <Title order={3}>{t('setup.title')}</Title>
            <Text size="sm" c="dimmed" mt={4}>
              {t('setup.subtitle')}
            </Text>
          </div>
          {needsCode && (
            <TextInput
              label={t('setup.code')}
              description={t('setup.codeHint')}
              placeholder="ABCD-EFGH-JKMN"
              withAsterisk
              autoComplete="off"
              data-autofocus
              autoFocus
              {...form.getInputProps('setupCode')}
            />
          )}
          <TextInput label={t('setup.companyName')} placeholder={t('setup.companyNamePlaceholder')} withAsterisk data-autofocus={!needsCode} autoFocus={!needsCode} {...form.getInputProps('companyName')} />
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('setup.displayName')} placeholder={t('setup.displayNamePlaceholder')} withAsterisk {...form.getInputProps('displayName')} />
            <TextInput label={t('setup.username')} withAsterisk autoComplete="username" {...form.getInputProps('username')} />
          </SimpleGrid>
          <SimpleGrid cols={2} spacing="sm">
            <PasswordInput label={t('setup.password')} placeholder={t('setup.passwordHint')} withAsterisk autoComplete="new-password" {...form.getInputProps('password')} />
            <PasswordInput label={t('setup.confirmPassword')} withAsterisk autoComplete="new-password" {...form.getInputProps('confirm')} />
          </SimpleGrid>
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t('setup.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
