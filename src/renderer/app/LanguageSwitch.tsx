import { ActionIcon, Menu, Tooltip } from '@mantine/core'
import { IconCheck, IconLanguage } from '@tabler/icons-react'
import { LOCALES, useI18n } from './i18n/i18n'

export function LanguageSwitch() {
  const { locale, setLocale, t } = useI18n()
  return (
    <Menu position="bottom-end" width={140}>
      <Menu.Target>
        <Tooltip label={t('app.language')}>
          <ActionIcon variant="subtle" color="gray" aria-label={t('app.language')} data-testid="language-switch">
            <IconLanguage size={18} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        {LOCALES.map((l) => (
          <Menu.Item key={l.value} onClick={() => setLocale(l.value)} rightSection={l.value === locale ? <IconCheck size={14} /> : null}>
            {l.label}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  )
}
