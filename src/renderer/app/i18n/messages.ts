import { appMessages } from '../app.messages'
import { sharedMessages } from '../../shared/shared.messages'
import { authMessages } from '../../features/auth/auth.messages'
import { customerMessages } from '../../features/customer/customer.messages'
import { usersMessages } from '../../features/users/users.messages'
import { settingsMessages } from '../../features/settings/settings.messages'

/** Every dictionary, merged per locale. A new feature adds its `<feature>.messages.ts` here. */
export const messages = {
  'zh-CN': {
    ...appMessages['zh-CN'],
    ...sharedMessages['zh-CN'],
    ...authMessages['zh-CN'],
    ...customerMessages['zh-CN'],
    ...usersMessages['zh-CN'],
    ...settingsMessages['zh-CN'],
  },
  'en-US': {
    ...appMessages['en-US'],
    ...sharedMessages['en-US'],
    ...authMessages['en-US'],
    ...customerMessages['en-US'],
    ...usersMessages['en-US'],
    ...settingsMessages['en-US'],
  },
}

export type MessageKey = keyof (typeof messages)['zh-CN']
