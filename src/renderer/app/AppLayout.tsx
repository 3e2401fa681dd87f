import { ActionIcon, AppShell, Avatar, Badge, Group, Menu, NavLink, ScrollArea, Text, TextInput, ThemeIcon, Tooltip, UnstyledButton } from '@mantine/core'
import { useDisclosure, useHotkeys, useLocalStorage } from '@mantine/hooks'
import { IconAddressBook, IconChevronDown, IconKey, IconLayoutSidebarLeftCollapse, IconLayoutSidebarLeftExpand, IconLogout, IconSearch } from '@tabler/icons-react'
import { useRef, useState } from 'react'
import { Outlet, useLocation, useNavigate } from 'react-router-dom'
import { ChangePasswordModal } from '../features/auth/ChangePasswordModal'
import { useApiQuery } from '../shared/query'
import { useT } from './i18n/i18n'
import { LanguageSwitch } from './LanguageSwitch'
import { isDesktop } from '../features/desktop/desktop.api'
import { claimsPath, NAV, type NavItem, type NavSection } from './nav'
import { useCurrentUser, useSession } from './session'
import { notifySuccess } from '../shared/notify'

/** The signed-in frame: header (brand, quick search, language, account) and the left navigation. */
export function AppLayout() {
  const t = useT()
  const user = useCurrentUser()
  const { signOut, companyName } = useSession()
  const navigate = useNavigate()
  const [collapsed, setCollapsed] = useLocalStorage({ key: 'kedan.navCollapsed', defaultValue: false })
  const [pwOpen, pw] = useDisclosure(false)
  const [quick, setQuick] = useState('')
  const quickRef = useRef<HTMLInputElement>(null)
  // Ctrl+K / F3: jump to the customer search from anywhere
  useHotkeys([
    ['mod+K', () => quickRef.current?.focus()],
    ['F3', () => quickRef.current?.focus()],
  ])

  return (
    <AppShell header={{ height: 48 }} navbar={{ width: collapsed ? 56 : 200, breakpoint: 0 }} padding="md">
      <AppShell.Header px="sm" style={{ background: 'var(--mantine-color-body)' }}>
        <Group h="100%" justify="space-between" wrap="nowrap" gap="sm">
          <Group gap="xs" wrap="nowrap" style={{ minWidth: 0 }}>
            <ThemeIcon size={28} radius="sm">
              <IconAddressBook size={18} />
            </ThemeIcon>
            <Text fw={700} size="md" style={{ whiteSpace: 'nowrap' }}>
              {t('app.fullName')}
            </Text>
            {companyName && (
              <Text size="sm" c="dimmed" truncate maw={260} data-testid="company-name">
                {companyName}
              </Text>
            )}
          </Group>
          <Group gap="xs" wrap="nowrap">
            <form
              onSubmit={(e) => {
                e.preventDefault()
                const q = quick.trim()
                navigate(q ? `/customers?q=${encodeURIComponent(q)}` : '/customers')
                setQuick('')
                quickRef.current?.blur()
              }}
            >
              <TextInput
                ref={quickRef}
                size="xs"
                w={280}
                leftSection={<IconSearch size={14} />}
                placeholder={t('header.search')}
                aria-label={t('customer.list.searchLabel')}
                data-testid="header-search"
                rightSection={<Text size="10px" c="dimmed">Ctrl+K</Text>}
                rightSectionWidth={48}
                value={quick}
                onChange={(e) => setQuick(e.currentTarget.value)}
              />
            </form>
            <LanguageSwitch />
            <Menu position="bottom-end" width={180}>
              <Menu.Target>
                <UnstyledButton data-testid="user-menu" aria-label={t('user.menu')} px={6} py={4} style={{ borderRadius: 4 }}>
                  <Group gap={6} wrap="nowrap">
                    <Avatar size={26} radius="xl" color="kedan">
                      {avatarText(user.displayName)}
                    </Avatar>
                    <div style={{ lineHeight: 1.1 }}>
                      <Text size="sm" fw={500}>
                        {user.displayName}
                      </Text>
                      <Text size="10px" c="dimmed">
                        {t(`role.${user.role}`)}
                      </Text>
                    </div>
                    <IconChevronDown size={14} />
                  </Group>
                </UnstyledButton>
              </Menu.Target>
              <Menu.Dropdown>
                <Menu.Label>{user.username}</Menu.Label>
                <Menu.Item leftSection={<IconKey size={14} />} onClick={pw.open}>
                  {t('user.changePassword')}
                </Menu.Item>
                <Menu.Item
                  leftSection={<IconLogout size={14} />}
                  color="red"
                  data-testid="logout"
                  onClick={async () => {
                    await signOut()
                    notifySuccess(t('user.loggedOut'))
                    navigate('/login', { replace: true })
                  }}
                >
                  {t('user.logout')}
                </Menu.Item>
              </Menu.Dropdown>
            </Menu>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar>
        <AppShell.Section grow component={ScrollArea} p={6}>
          <nav aria-label="main">
            {NAV.map((s) => (
              <NavSectionView key={s.label} section={s} collapsed={collapsed} />
            ))}
          </nav>
        </AppShell.Section>
        <AppShell.Section p={6} style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <Tooltip label={collapsed ? t('nav.expand') : t('nav.collapse')} position="right">
            <ActionIcon variant="subtle" color="gray" onClick={() => setCollapsed(!collapsed)} aria-label={collapsed ? t('nav.expand') : t('nav.collapse')}>
              {collapsed ? <IconLayoutSidebarLeftExpand size={18} /> : <IconLayoutSidebarLeftCollapse size={18} />}
            </ActionIcon>
          </Tooltip>
        </AppShell.Section>
      </AppShell.Navbar>
      <AppShell.Main>
        <Outlet />
      </AppShell.Main>
      <ChangePasswordModal opened={pwOpen} onClose={pw.close} />
    </AppShell>
  )
}

function isActive(pathname: string, to: string): boolean {
  if (to === '/customers') return pathname === '/customers' || (/^\/customers\/(\d+|new)/.test(pathname))
  return claimsPath(pathname, to)
}

function NavSectionView({ section, collapsed }: { section: NavSection; collapsed: boolean }) {
  const t = useT()
  const { hasRole } = useSession()
  const { pathname } = useLocation()
  const navigate = useNavigate()
  const items = (section.items ?? []).filter((i) => (!i.roles || hasRole(...i.roles)) && (!i.desktopOnly || isDesktop()))
  const Icon = section.icon
  if (section.to) {
    const link = (
      <NavLink
        label={collapsed ? undefined : t(section.label)}
        leftSection={<Icon size={18} stroke={1.6} />}
        active={isActive(pathname, section.to)}
        onClick={(e) => {
          e.preventDefault()
          navigate(section.to!)
        }}
        href={`#${section.to}`}
        data-coming-soon={section.comingSoon || undefined}
        data-testid={`nav-${section.to.slice(1)}`}
        rightSection={!collapsed && section.comingSoon ? <Badge size="xs" variant="outline" color="gray">{t('nav.soon')}</Badge> : undefined}
        py={6}
        style={{ borderRadius: 4 }}
      />
    )
    return collapsed ? (
      <Tooltip label={t(section.label)} position="right">
        {link}
      </Tooltip>
    ) : (
      link
    )
  }
  if (collapsed) {
    return (
      <>
        {items.map((i) => (
          <Tooltip key={i.to} label={t(i.label)} position="right">
            <NavLink leftSection={<i.icon size={18} stroke={1.6} />} active={isActive(pathname, i.to)} href={`#${i.to}`} onClick={(e) => { e.preventDefault(); navigate(i.to) }} py={6} style={{ borderRadius: 4 }} />
          </Tooltip>
        ))}
      </>
    )
  }
  return (
    <NavLink label={t(section.label)} leftSection={<Icon size={18} stroke={1.6} />} defaultOpened childrenOffset={18} py={6} style={{ borderRadius: 4 }}>
      {items.map((i) => (
        <NavItemLink key={i.to} item={i} active={isActive(pathname, i.to)} />
      ))}
    </NavLink>
  )
}

function NavItemLink({ item, active }: { item: NavItem; active: boolean }) {
  const t = useT()
  const navigate = useNavigate()
  const due = useApiQuery('followUp.due', { page: 1, pageSize: 1 }, { enabled: item.to === '/customers/due', refetchInterval: 5 * 60_000 })
  const count = item.to === '/customers/due' ? (due.data?.total ?? 0) : 0
  return (
    <NavLink
      label={t(item.label)}
      href={`#${item.to}`}
      onClick={(e) => {
        e.preventDefault()
        navigate(item.to)
      }}
      active={active}
      data-testid={item.testId}
      rightSection={
        count > 0 ? (
          <Badge size="xs" color="red" variant="filled" circle={count < 10} data-testid="due-count">
            {count}
          </Badge>
        ) : undefined
      }
      py={5}
      style={{ borderRadius: 4 }}
    />
  )
}

/** A Chinese name shows its first character (the surname); a Latin name its initials. */
function avatarText(name: string): string {
  const n = name.trim()
  if (/^[\u4e00-\u9fa5]/.test(n)) return n.slice(0, 1)
  return n
    .split(/\s+/)
    .map((w) => w[0] ?? '')
    .join('')
    .slice(0, 2)
    .toUpperCase()
}
