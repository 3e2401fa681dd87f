import { Alert, Box, Button, FileButton, Group, Image, Paper, SimpleGrid, Skeleton, Stack, TagsInput, Text, TextInput, Title } from '@mantine/core'
import { useForm } from '@mantine/form'
import { IconDeviceFloppy, IconLock, IconPhoto } from '@tabler/icons-react'
import { useEffect, useRef, useState } from 'react'
import { useT } from '../../app/i18n/i18n'
import { useSession } from '../../app/session'
import { ConflictAlert } from '../../shared/conflict'
import { ErrorBlock } from '../../shared/EmptyBlock'
import { applyServerErrors, focusFirstError } from '../../shared/formErrors'
import { enterToNextField, useSaveHotkey } from '../../shared/hotkeys'
import { notifyError, notifySuccess } from '../../shared/notify'
import { PageHeader } from '../../shared/PageHeader'
import { useApiQuery } from '../../shared/query'
import type { Settings, SettingsUpdate } from './settings.api'
import { useSettingsSave } from './useSettingsSave'

const MAX_LOGO = 300 * 1024

/** The part of the settings this page edits (业务设置 has the rest). */
type CompanyValues = Pick<Settings, 'company' | 'sources' | 'industries'>
const companyValues = (s: Settings): CompanyValues => ({ company: s.company, sources: s.sources, industries: s.industries })
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b)

/** Only the parts the user changed (so a save, or an overwrite after a conflict, sends nothing else). */
function changesOf(v: CompanyValues, base: Settings): SettingsUpdate {
  const out: SettingsUpdate = {}
  const company = { ...v.company, name: v.company.name.trim() }
  if (!same(company, base.company)) out.company = company
  if (!same(v.sources, base.sources)) out.sources = v.sources
  if (!same(v.industries, base.industries)) out.industries = v.industries
  return out
}

/** 公司信息: letterhead fields and the lists of customer sources and industries (settings.get / settings.update). */
export function CompanySettingsPage() {
  const t = useT()
  const { hasRole, refreshStatus } = useSession()
  const admin = hasRole('admin')
  const q = useApiQuery('settings.get', {})
  const base = useRef<Settings | null>(null)
  const form = useForm<CompanyValues>({
    initialValues: { company: { name: '', address: '', phone: '', bankName: '', bankAccount: '', taxId: '', logo: null }, sources: [], industries: [] },
    validate: { company: { name: (v) => (v.trim() ? null : t('validation.required', { field: t('settings.company.name') })) } },
  })
  const [loaded, setLoaded] = useState(false)
  /** A settings record as the new starting point; `mine` (after a conflict) stays on top of it. */
  const load = (s: Settings, mine?: SettingsUpdate) => {
    base.current = s
    const v = companyValues(s)
    form.setValues({ ...v, ...(mine?.company ? { company: { ...v.company, ...mine.company } } : {}), ...(mine?.sources ? { sources: mine.sources } : {}), ...(mine?.industries ? { industries: mine.industries } : {}) })
    form.resetDirty(v)
  }
  const save = useSettingsSave(load)
  useEffect(() => {
    if (q.data && !loaded) {
      load(q.data)
      setLoaded(true)
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [q.data])

  const failed = (e: unknown) => {
    if (save.catchConflict(e)) return
    const { placed } = applyServerErrors(form, e)
    if (placed) focusFirstError()
    else notifyError(e)
  }
  const saved = () => {
    notifySuccess(t('settings.company.saved'))
    void refreshStatus()
  }
  const submit = form.onSubmit(
    async (v) => {
      const changes = changesOf(v, base.current!)
      if (!Object.keys(changes).length) return notifySuccess(t('settings.business.unchanged'))
      try {
        await save.send(changes, base.current!.version)
        saved()
      } catch (e) {
        failed(e)
      }
    },
    () => focusFirstError(),
  )
  useSaveHotkey(() => void submit(), admin && loaded)

  const pickLogo = (file: File | null) => {
    if (!file) return
    if (file.size > MAX_LOGO) return form.setFieldError('company.logo', t('settings.company.logoTooLarge'))
    const reader = new FileReader()
    reader.onload = () => form.setFieldValue('company.logo', String(reader.result))
    reader.readAsDataURL(file)
  }

  if (q.error) return <ErrorBlock error={q.error} onRetry={() => q.refetch()} />
  return (
    <Box maw={960}>
      <PageHeader
        title={t('settings.company.title')}
        subtitle={t('settings.company.subtitle')}
        actions={
          admin && (
            <Button leftSection={<IconDeviceFloppy size={16} />} loading={save.isPending} onClick={() => void submit()} disabled={!loaded || !!save.conflict} title={t('hotkey.save')} data-testid="settings-save">
              {t('action.save')}
            </Button>
          )
        }
      />
      {!admin && (
        <Alert color="gray" variant="light" icon={<IconLock size={16} />} mb="sm">
          {t('settings.company.readOnly')}
        </Alert>
      )}
      {save.conflict && (
        <ConflictAlert
          conflict={save.conflict}
          busy={save.busy}
          onReload={() => void save.reload().catch(notifyError)}
          onOverwrite={() => void save.overwrite().then(saved, failed)}
        />
      )}
      {!loaded ? (
        <Skeleton height={320} />
      ) : (
        <form onSubmit={submit} onKeyDown={enterToNextField} noValidate data-testid="settings-form">
          <fieldset disabled={!admin} style={{ border: 0, padding: 0, margin: 0 }}>
            <Paper withBorder radius="sm" p="md" mb="sm">
              <Title order={4} mb="xs">
                {t('settings.company.letterhead')}
              </Title>
              <Group align="flex-start" gap="lg" wrap="nowrap">
                <SimpleGrid cols={2} spacing="sm" verticalSpacing="xs" style={{ flex: 1 }}>
                  <TextInput label={t('settings.company.name')} withAsterisk autoFocus {...form.getInputProps('company.name')} style={{ gridColumn: 'span 2' }} />
                  <TextInput label={t('settings.company.address')} {...form.getInputProps('company.address')} style={{ gridColumn: 'span 2' }} />
                  <TextInput label={t('settings.company.phone')} {...form.getInputProps('company.phone')} />
                  <TextInput label={t('settings.company.taxId')} {...form.getInputProps('company.taxId')} />
                  <TextInput label={t('settings.company.bankName')} {...form.getInputProps('company.bankName')} />
                  <TextInput label={t('settings.company.bankAccount')} {...form.getInputProps('company.bankAccount')} />
                </SimpleGrid>
                <Stack gap={6} w={200} align="center">
                  <Text size="sm" fw={500} style={{ alignSelf: 'flex-start' }}>
                    {t('settings.company.logo')}
                  </Text>
                  <Paper withBorder w={200} h={110} radius="sm" style={{ display: 'grid', placeItems: 'center', overflow: 'hidden' }}>
                    {form.values.company.logo ? <Image src={form.values.company.logo} alt="logo" fit="contain" h={100} w={190} /> : <IconPhoto size={32} color="var(--mantine-color-gray-4)" />}
                  </Paper>
                  {admin && (
                    <Group gap={6}>
                      <FileButton onChange={pickLogo} accept="image/png,image/jpeg">
                        {(props) => (
                          <Button size="compact-xs" variant="light" {...props}>
                            {t('settings.company.logoUpload')}
                          </Button>
                        )}
                      </FileButton>
                      {form.values.company.logo && (
                        <Button size="compact-xs" variant="subtle" color="red" onClick={() => form.setFieldValue('company.logo', null)}>
                          {t('settings.company.logoRemove')}
                        </Button>
                      )}
                    </Group>
                  )}
                  <Text size="xs" c={form.errors['company.logo'] ? 'red' : 'dimmed'} ta="center">
                    {form.errors['company.logo'] ?? t('settings.company.logoHint')}
                  </Text>
                </Stack>
              </Group>
            </Paper>
            <Paper withBorder radius="sm" p="md">
              <Title order={4} mb="xs">
                {t('settings.company.lists')}
              </Title>
              <Stack gap="sm">
                <TagsInput label={t('settings.company.sources')} description={t('settings.company.sourcesHint')} {...form.getInputProps('sources')} clearable data-testid="settings-sources" />
                <TagsInput label={t('settings.company.industries')} description={t('settings.company.industriesHint')} {...form.getInputProps('industries')} clearable />
              </Stack>
            </Paper>
          </fieldset>
        </form>
      )}
    </Box>
  )
}
