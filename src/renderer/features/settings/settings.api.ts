import type { MethodIn, MethodOut } from '../../app/methods'

/** Names for the settings contract's types: aliases of the core's schemas (src/core/settings), never copies. */
export { DOC_TYPES, DATE_PARTS, SEPARATORS, type DocType, type DatePart, type Separator } from '../../../core/settings/settings.enums'
export type Settings = MethodOut<'settings.get'>
export type CompanyInfo = Settings['company']
/** How a number is built: prefix + date part + (separator, only with a date part) + serial padded to `digits`. */
export type NumberPattern = Settings['numbering']['SO']
export type SettingsUpdate = MethodIn<'settings.update'>
