import { Box, Center, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core'
import { IconAddressBook } from '@tabler/icons-react'
import type { ReactNode } from 'react'
import { useT } from '../../app/i18n/i18n'
import { LanguageSwitch } from '../../app/LanguageSwitch'

/** The frame of the sign-in and setup screens. */
export function AuthLayout({ children, width = 420 }: { children: ReactNode; width?: number }) {
  const t = useT()
  return (
    <Box mih="100vh" bg="var(--mantine-color-gray-1)" style={{ display: 'flex', flexDirection: 'column' }}>
      <Group justify="flex-end" p="sm">
        <LanguageSwitch />
      </Group>
      <Center style={{ flex: 1 }} pb={60}>
        <Stack w={width} gap="md">
          <Group gap="sm" justify="center">
            <ThemeIcon size={40} radius="md" variant="filled">
              <IconAddressBook size={24} />
            </ThemeIcon>
            <Stack gap={0}>
              <Title order={2} fw={700} lh={1.1}>
                {t('app.fullName')}
              </Title>
              <Text size="xs" c="dimmed">
                {t('auth.tagline')}
              </Text>
            </Stack>
          </Group>
          <Paper withBorder shadow="sm" radius="md" p="xl">
            {children}
          </Paper>
        </Stack>
      </Center>
    </Box>
  )
}
