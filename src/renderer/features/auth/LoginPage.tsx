import { Alert, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { useDocumentTitle } from '@mantine/hooks'
import { IconAlertCircle } from '@tabler/icons-react'
import { useState } from 'react'
import { useLocation, useNavigate } from 'react-router-dom'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { invoke, isApiError } from '../../app/transport'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifySuccess } from '../../shared/notify'
import { AuthLayout } from './AuthLayout'

export function LoginPage() {
  const t = useT()
  const { signIn, state, companyName } = useSession()
  const navigate = useNavigate()
  const location = useLocation()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  useDocumentTitle(`${t('login.title')} · 客单`)
  const lastUser = localStorage.getItem('kedan.lastUsername') ?? ''
  const form = useForm({
    initialValues: { username: lastUser, password: '' },
    validate: {
      username: (v) => (v.trim() ? null : t('validation.required', { field: t('login.username') })),
      password: (v) => (v ? null : t('validation.required', { field: t('login.password') })),
    },
  })
  const expired = state.phase === 'anonymous' && state.expired

  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      setError(null)
      try {
        const r = await invoke('auth.login', { username: v.username.trim(), password: v.password })
        localStorage.setItem('kedan.lastUsername', v.username.trim())
        signIn(r)
        // keyed: the note follows a language switch made while it is up
        notifySuccess({ key: 'login.welcome', vars: { name: r.user.displayName } })
        const from = (location.state as { from?: string } | null)?.from
        navigate(from && from !== '/login' ? from : '/', { replace: true })
      } catch (e) {
        const { placed } = applyServerErrors(form, e, { fields: ['username', 'password'] })
        if (!placed) setError(isApiError(e) ? e.message : String(e))
        form.setFieldValue('password', '')
        focusFirstError()
        if (!placed) requestAnimationFrame(() => document.querySelector<HTMLInputElement>('input[name="password"]')?.focus())
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <AuthLayout>
      <form onSubmit={submit} noValidate data-testid="login-form">
        <Stack gap="sm">
          <div>
            <Title order={3}>{t('login.title')}</Title>
            <Text size="sm" c="dimmed" mt={4}>
              {companyName ?? t('login.subtitle')}
            </Text>
          </div>
          {expired && !error && (
            <Alert color="orange" variant="light" py={8}>
              {t('login.expired')}
            </Alert>
          )}
          {error && (
            <Alert color="red" variant="light" icon={<IconAlertCircle size={16} />} title={t('login.failed')} py={8} data-testid="login-error">
              {error}
            </Alert>
          )}
          <TextInput label={t('login.username')} name="username" autoComplete="username" autoFocus={!lastUser} {...form.getInputProps('username')} />
          <PasswordInput label={t('login.password')} name="password" autoComplete="current-password" autoFocus={!!lastUser} {...form.getInputProps('password')} />
          <Button type="submit" loading={busy} fullWidth mt="xs">
            {t('login.submit')}
          </Button>
        </Stack>
      </form>
    </AuthLayout>
  )
}
