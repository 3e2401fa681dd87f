/**
 * The server's messages in the UI's language. The core sends every error as a stable key + params besides
 * the text (src/core/i18n); the renderer renders it from the same catalogs (plain data, nothing of the core's
 * runtime), so a message shows in the language chosen here. The generic key `error.text` (a message not yet
 * keyed) and keys this build does not know fall back to the server's text, which already follows the
 * language the call was made in.
 */
import { coreMessages, formatMessage, hasCoreMessage, type MessageParams, type MessageRef } from '../../../core/i18n/i18n'
import { getLocale, type Locale } from './i18n'

export function serverText(key: string | undefined, params: Record<string, unknown> | undefined, locale: Locale = getLocale()): string | null {
  if (!key || key === 'error.text' || !hasCoreMessage(key)) return null
  const render = (k: string, p: MessageParams | undefined): string =>
    formatMessage((coreMessages[locale] as Record<string, string>)[k] ?? k, p, (ref: MessageRef) => render(ref.key, ref.params))
  return render(key, params as MessageParams | undefined)
}
