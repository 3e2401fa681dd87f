import type { MethodIn, MethodOut } from '../../app/methods'

/** Names for the print contract's types: aliases of the core's schemas, never copies. */
export { PRINT_TYPES, TEMPLATE_PAPERS, type PrintType, type TemplatePaper } from '../../../core/print/print.enums'
export type RenderIn = MethodIn<'print.render'>
export type BatchIn = MethodIn<'print.batch'>
export type PdfFile = MethodOut<'print.render'>
export type TemplateOut = MethodOut<'printTemplate.get'>
export type Template = TemplateOut['template']
