import type { AnyMethod } from './method'

/** The one registry of methods. A duplicate name is an error at start. */
export class Registry {
  private readonly methods = new Map<string, AnyMethod>()

  add(...defs: AnyMethod[]): this {
    for (const def of defs) {
      if (this.methods.has(def.name)) throw new Error(`duplicate method name: ${def.name}`)
      this.methods.set(def.name, def)
    }
    return this
  }

  get(name: string): AnyMethod | undefined {
    return this.methods.get(name)
  }

  list(): AnyMethod[] {
    return [...this.methods.values()].sort((a, b) => a.name.localeCompare(b.name))
  }
}
