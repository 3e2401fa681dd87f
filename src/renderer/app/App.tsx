import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/charts/styles.css'
import '@mantine/notifications/styles.css'
import './global.css'
import 'dayjs/locale/zh-cn'
import { MantineProvider } from '@mantine/core'
import { DatesProvider } from '@mantine/dates'
import { ModalsProvider } from '@mantine/modals'
import { Notifications } from '@mantine/notifications'
import { QueryClientProvider } from '@tanstack/react-query'
import { useState } from 'react'
import { HashRouter } from 'react-router-dom'
import { DesktopModeGate } from '../features/desktop/DesktopModeGate'
import { createQueryClient } from '../shared/query'
import { RefetchOnLocale } from './i18n/RefetchOnLocale'
import { I18nProvider, useI18n } from './i18n/i18n'
import { AppRoutes } from './routes'
import { SessionProvider } from './session'
import { theme } from './theme'

function LocalizedProviders({ children }: { children: React.ReactNode }) {
  const { locale, t } = useI18n()
  return (
    <DatesProvider settings={{ locale: locale === 'zh-CN' ? 'zh-cn' : 'en', firstDayOfWeek: 1 }}>
      <ModalsProvider labels={{ confirm: t('action.confirm'), cancel: t('action.cancel') }}>
        <Notifications position="bottom-right" limit={4} zIndex={1000} />
        {children}
      </ModalsProvider>
    </DatesProvider>
  )
}

/**
 * The renderer root. HashRouter, so the same build works from file:// in Electron and from the HTTP host.
 */
export function App() {
  const [queryClient] = useState(createQueryClient)
  return (
    <MantineProvider theme={theme} defaultColorScheme="light">
      <I18nProvider>
        <LocalizedProviders>
          <DesktopModeGate>
            <QueryClientProvider client={queryClient}>
              <RefetchOnLocale />
              <HashRouter>
                <SessionProvider>
                  <AppRoutes />
                </SessionProvider>
              </HashRouter>
            </QueryClientProvider>
          </DesktopModeGate>
        </LocalizedProviders>
      </I18nProvider>
    </MantineProvider>
  )
}
