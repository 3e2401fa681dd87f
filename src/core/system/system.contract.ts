import { z } from 'zod'
import { defineMethod } from '../contract/method'
import type { Registry } from '../contract/registry'

/** Describes every method: name, input as inlined JSON Schema, roles allowed. */
export function systemMethods(registry: Registry) {
  return [
    defineMethod({
      name: 'system.methods',
      access: 'authenticated',
      write: false,
      input: z.object({}).optional(),
      output: z.object({
        items: z.array(z.object({ name: z.string(), summary: z.string().optional(), inputSchema: z.unknown(), roles: z.union([z.array(z.string()), z.literal('public'), z.literal('authenticated')]) })),
      }),
      handler() {
        return {
          items: registry.list().map((m) => ({
            name: m.name,
            summary: m.summary,
            inputSchema: z.toJSONSchema(m.input, { io: 'input', unrepresentable: 'any', reused: 'inline' }),
            roles: Array.isArray(m.access) ? [...m.access] : (m.access as 'public' | 'authenticated'),
          })),
        }
      },
    }),
  ]
}
