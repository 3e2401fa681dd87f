import { ActionIcon, Badge, Button, Group, Menu, Modal, PasswordInput, Select, SimpleGrid, Stack, Switch, Text, TextInput } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconDots, IconKey, IconPencil, IconPlus, IconUserCheck, IconUserOff } from '@tabler/icons-react'
import { useEffect, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useCurrentUser } from '../../app/session'
import { invoke } from '../../app/transport'
import { confirmAction } from '../../shared/confirm'
import { staleConflictOf } from '../../shared/conflict'
import { DataTable, type Column } from '../../shared/DataTable'
import { formatDateTime } from '../../shared/dates'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery, useInvalidate } from '../../shared/query'
import { ROLES, type Role } from '../auth/auth.api'
import type { User } from './users.api'

const ROLE_COLORS: Record<Role, string> = { admin: 'red', owner: 'grape', manager: 'violet', sales: 'kedan', clerk: 'cyan', finance: 'teal' }

/** 用户与角色 (admin): create, edit role and manager, disable/enable, reset password. */
export function UsersPage() {
  const t = useT()
  const me = useCurrentUser()
  const invalidate = useInvalidate()
  const [includeDisabled, setIncludeDisabled] = useState(false)
  const q = useApiQuery('user.list', { includeDisabled })
  const all = useApiQuery('user.list', { includeDisabled: true })
  const users = q.data?.items ?? []
  const nameOf = (id: number | null) => (id == null ? null : (all.data?.items.find((u) => u.id === id)?.displayName ?? `#${id}`))
  const [editing, setEditing] = useState<User | 'new' | null>(null)
  const [resetting, setResetting] = useState<User | null>(null)

  const toggle = async (u: User) => {
    const disabling = !u.disabled
    const ok = await confirmAction({
      title: disabling ? t('users.disable') : t('users.enable'),
      message: disabling ? t('users.disableConfirm', { name: u.displayName }) : t('users.enableConfirm', { name: u.displayName }),
      confirmLabel: disabling ? t('users.disable') : t('users.enable'),
      danger: disabling,
    })
    if (!ok) return
    try {
      await invoke('user.disable', { id: u.id, version: u.version, disabled: disabling })
      await invalidate(['user.'])
      notifySuccess(disabling ? t('users.disabledDone', { name: u.displayName }) : t('users.enabledDone', { name: u.displayName }))
    } catch (e) {
      notifyError(e)
    }
  }

  const columns: Column<User>[] = [
    {
      key: 'displayName',
      title: t('users.displayName'),
      render: (u) => (
        <Text size="sm" fw={500}>
          {u.displayName}
          {u.id === me.id && (
            <Text span size="xs" c="dimmed">
              {t('users.you')}
            </Text>
          )}
        </Text>
      ),
    },
    { key: 'username', title: t('users.username'), nowrap: true, render: (u) => <Text size="sm" ff="monospace">{u.username}</Text> },
    {
      key: 'role',
      title: t('users.role'),
      nowrap: true,
      render: (u) => (
        <Badge variant="light" color={ROLE_COLORS[u.role]}>
          {t(`role.${u.role}`)}
        </Badge>
      ),
    },
    { key: 'manager', title: t('users.manager'), nowrap: true, render: (u) => nameOf(u.managerId) ?? <Text size="sm" c="dimmed">—</Text> },
    {
      key: 'status',
      title: t('users.status'),
      nowrap: true,
      render: (u) =>
        u.disabled ? (
          <Badge color="gray" variant="outline">
            {t('users.disabled')}
          </Badge>
        ) : u.lockedUntil && u.lockedUntil > new Date().toISOString() ? (
          <Badge color="orange" variant="light">
            {t('users.locked')}
          </Badge>
        ) : (
          <Badge color="teal" variant="dot">
            {t('users.active')}
          </Badge>
        ),
    },
    { key: 'lastLogin', title: t('users.lastLogin'), nowrap: true, render: (u) => <Text size="sm" c="dimmed">{u.lastLoginAt ? formatDateTime(u.lastLoginAt) : t('users.neverLoggedIn')}</Text> },
    {
      key: 'actions',
      title: '',
      align: 'right',
      nowrap: true,
      render: (u) => (
        <Group gap={4} justify="flex-end" wrap="nowrap">
          <Button size="compact-xs" variant="subtle" leftSection={<IconPencil size={13} />} onClick={() => setEditing(u)}>
            {t('users.edit')}
          </Button>
          <Menu position="bottom-end">
            <Menu.Target>
              <ActionIcon variant="subtle" size="sm" aria-label={t('action.more')}>
                <IconDots size={15} />
              </ActionIcon>
            </Menu.Target>
            <Menu.Dropdown>
              <Menu.Item leftSection={<IconKey size={14} />} onClick={() => setResetting(u)}>
                {t('users.resetPassword')}
              </Menu.Item>
              <Menu.Item leftSection={u.disabled ? <IconUserCheck size={14} /> : <IconUserOff size={14} />} color={u.disabled ? undefined : 'red'} onClick={() => toggle(u)} disabled={u.id === me.id}>
                {u.disabled ? t('users.enable') : t('users.disable')}
              </Menu.Item>
            </Menu.Dropdown>
          </Menu>
        </Group>
      ),
    },
  ]

  return (
    <>
      <PageHeader
        title={t('users.title')}
        subtitle={t('users.subtitle')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setEditing('new')} data-testid="user-new">
            {t('users.new')}
          </Button>
        }
      />
      <DataTable
        testId="users-table"
        toolbar={<Switch size="xs" label={t('users.showDisabled')} checked={includeDisabled} onChange={(e) => setIncludeDisabled(e.currentTarget.checked)} />}
        columns={columns}
        rows={q.data?.items}
        rowKey={(u) => u.id}
        total={users.length}
        page={1}
        pageSize={Math.max(users.length, 20)}
        onPageChange={() => undefined}
        loading={q.isLoading}
        fetching={q.isFetching}
        error={q.error}
        onRetry={() => q.refetch()}
        rowAttrs={(u) => ({ 'data-testid': 'user-row', 'data-username': u.username })}
        onRowOpen={(u) => setEditing(u)}
        empty={{ title: t('users.emptyTitle'), description: t('users.emptyDescription') }}
      />
      <UserModal editing={editing} users={all.data?.items ?? []} onClose={() => setEditing(null)} />
      <ResetPasswordModal user={resetting} onClose={() => setResetting(null)} />
    </>
  )
}

function UserModal({ editing, users, onClose }: { editing: User | 'new' | null; users: User[]; onClose: () => void }) {
  const t = useT()
  const invalidate = useInvalidate()
  const existing = editing && editing !== 'new' ? editing : null
  const [busy, setBusy] = useState(false)
  const form = useForm({
    initialValues: { username: '', displayName: '', password: '', role: 'sales' as Role, managerId: null as string | null },
    validate: {
      username: (v) => (existing || v.trim().length >= 2 ? null : t('validation.minLength', { n: 2 })),
      displayName: (v) => (v.trim() ? null : t('validation.required', { field: t('users.displayName') })),
      password: (v) => (existing || [...v].length >= 8 ? null : t('setup.passwordHint')),
    },
  })
  useEffect(() => {
    // (re)initialise when a user (or "new") is opened
    if (!editing) return
    form.setValues(
      existing
        ? { username: existing.username, displayName: existing.displayName, password: '', role: existing.role, managerId: existing.managerId ? String(existing.managerId) : null }
        : { username: '', displayName: '', password: '', role: 'sales', managerId: null },
    )
    form.clearErrors()
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [editing])
  const managers = users
    .filter((u) => !u.disabled && u.id !== existing?.id && (u.role === 'manager' || u.role === 'admin' || u.role === 'owner'))
    .map((u) => ({ value: String(u.id), label: `${u.displayName}（${t(`role.${u.role}`)}）` }))

  const submit = form.onSubmit(
    async (v) => {
      setBusy(true)
      try {
        const managerId = v.managerId ? Number(v.managerId) : null
        if (existing) {
          await invoke('user.update', { id: existing.id, version: existing.version, displayName: v.displayName.trim(), role: v.role, managerId })
          notifySuccess(t('users.saved'))
        } else {
          await invoke('user.create', { username: v.username.trim(), displayName: v.displayName.trim(), password: v.password, role: v.role, managerId })
          notifySuccess(t('users.created', { name: v.displayName.trim() }))
        }
        await invalidate(['user.'])
        onClose()
      } catch (e) {
        const c = staleConflictOf(e)
        if (c) {
          await invalidate(['user.'])
          notifyError(e)
          return
        }
        const { placed } = applyServerErrors(form, e, { fields: ['username', 'displayName', 'password', 'role', 'managerId'] })
        if (placed) focusFirstError()
        else notifyError(e)
      } finally {
        setBusy(false)
      }
    },
    () => focusFirstError(),
  )

  return (
    <Modal opened={!!editing} onClose={onClose} title={existing ? t('users.editTitle', { name: existing.displayName }) : t('users.createTitle')} size={520}>
      <form onSubmit={submit} noValidate data-testid="user-form">
        <Stack gap="sm">
          <SimpleGrid cols={2} spacing="sm">
            <TextInput label={t('users.displayName')} withAsterisk data-autofocus {...form.getInputProps('displayName')} />
            <TextInput label={t('users.username')} withAsterisk disabled={!!existing} autoComplete="off" {...form.getInputProps('username')} />
          </SimpleGrid>
          {!existing && <PasswordInput label={t('users.password')} description={t('users.passwordHint')} withAsterisk autoComplete="new-password" {...form.getInputProps('password')} />}
          <SimpleGrid cols={2} spacing="sm">
            <Select
              label={t('users.role')}
              allowDeselect={false}
              data={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
              renderOption={({ option }) => (
                <div>
                  <Text size="sm">{option.label}</Text>
                  <Text size="xs" c="dimmed">
                    {t(`users.roleHelp.${option.value as Role}`)}
                  </Text>
                </div>
              )}
              {...form.getInputProps('role')}
              data-testid="user-role"
            />
            <Select label={t('users.manager')} placeholder={t('users.managerNone')} clearable searchable data={managers} {...form.getInputProps('managerId')} />
          </SimpleGrid>
          <Text size="xs" c="dimmed">
            {t(`users.roleHelp.${form.values.role}`)}
          </Text>
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" loading={busy} data-testid="user-save">
              {t('action.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}

function ResetPasswordModal({ user, onClose }: { user: User | null; onClose: () => void }) {
  const t = useT()
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)
  const submit = async (e: React.FormEvent) => {
    e.preventDefault()
    if (!user) return
    if ([...password].length < 8) return setError(t('setup.passwordHint'))
    setBusy(true)
    try {
      await invoke('user.resetPassword', { id: user.id, password })
      notifySuccess(t('users.resetDone'))
      setPassword('')
      onClose()
    } catch (err) {
      notifyError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <Modal opened={!!user} onClose={onClose} title={user ? t('users.resetTitle', { name: user.displayName }) : ''} size="sm">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label={t('users.newPassword')}
            description={t('setup.passwordHint')}
            data-autofocus
            autoComplete="new-password"
            value={password}
            error={error}
            onChange={(e) => {
              setPassword(e.currentTarget.value)
              setError(null)
            }}
          />
          <Group justify="flex-end" gap="xs">
            <Button variant="default" onClick={onClose}>
              {t('action.cancel')}
            </Button>
            <Button type="submit" loading={busy}>
              {t('users.resetPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  )
}
