import { z } from 'zod'
import { defineMethod } from '../contract/method'
import { can } from '../auth/permissions'
import type { Registry } from '../contract/registry'

/** Describes every method: name, input as inlined JSON Schema, roles allowed. */
export function systemMethods(registry: Registry) {
  return [
    defineMethod({
      name: 'system.methods',
      ...can('read'),
      write: false,
      input: z.object({}).optional(),
      output: z.object({
        items: z.array(
          z.object({
            name: z.string(),
            summary: z.string().optional(),
            inputSchema: z.unknown(),
            roles: z.union([z.array(z.string()), z.literal('public'), z.literal('authenticated')]),
            /** the capability of DOMAIN.md's role table the method exercises (src/core/auth/permissions.ts) */
            capability: z.string().nullable(),
            /** capabilities that admit more roles for some fields only */
            alsoFor: z.array(z.string()),
            /** per-field rules of methods that mix fields: a capability, 'never' or 'assignee' */
            fields: z.record(z.string(), z.string()),
          }),
        ),
      }),
      handler() {
        return {
          items: registry.list().map((m) => ({
            name: m.name,
            summary: m.summary,
            inputSchema: z.toJSONSchema(m.input, { io: 'input', unrepresentable: 'any', reused: 'inline' }),
            roles: Array.isArray(m.access) ? [...m.access] : (m.access as 'public' | 'authenticated'),
            capability: m.capability ?? null,
            alsoFor: [...(m.alsoFor ?? [])],
            fields: { ...(m.fields ?? {}) },
          })),
        }
      },
    }),
  ]
}
