import { useHotkeys } from '@mantine/hooks'
import { useEffect, useRef } from 'react'

/**
 * Ctrl+S (⌘S) saves the form on screen, also while the cursor is inside an input.
 * The latest handler is used, so callers need not memoise it.
 */
export function useSaveHotkey(handler: () => void, enabled = true) {
  const ref = useRef(handler)
  useEffect(() => {
    ref.current = handler
  })
  useHotkeys(enabled ? [['mod+S', () => ref.current(), { preventDefault: true }]] : [], [])
}

/** On a <form> (or a field in it): Ctrl+Enter submits the form. */
export function submitOnCtrlEnter(e: React.KeyboardEvent<HTMLElement>) {
  if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
    e.preventDefault()
    ;(e.currentTarget as HTMLElement).closest('form')?.requestSubmit()
  }
}

/**
 * Enter moves to the next field, as in the desktop accounting programs people know (回车跳格).
 * Put on a <form onKeyDown>. Textareas, buttons, and inputs whose own handler used the key
 * (an open dropdown choosing an option, a tags input adding a tag) are left alone; so is anything
 * inside `[data-enter-submits]`.
 */
export function enterToNextField(e: React.KeyboardEvent<HTMLFormElement>) {
  if (e.key !== 'Enter' || e.ctrlKey || e.metaKey || e.altKey || e.shiftKey || e.defaultPrevented) return
  const el = e.target as HTMLElement
  if (el.tagName !== 'INPUT' || el.closest('[data-enter-submits]')) return
  e.preventDefault()
  // what Tab would visit: inputs (of a radio group only the checked one), textareas, the submit button
  const fields = Array.from(
    e.currentTarget.querySelectorAll<HTMLElement>(
      'input:not([type="hidden"]):not([type="radio"]):not([disabled]):not([tabindex="-1"]), input[type="radio"]:checked:not([disabled]), textarea:not([disabled]), button[type="submit"]',
    ),
  ).filter((x) => x.offsetParent !== null)
  const i = fields.indexOf(el)
  const next = fields[i + 1]
  if (next) {
    next.focus()
    if (next instanceof HTMLInputElement) next.select()
  }
}
