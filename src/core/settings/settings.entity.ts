import { EntitySchema } from 'typeorm'
import { col } from '../db/columns'

export interface Setting {
  key: string
  value: string
  updatedAt: string
  updatedByName: string | null
  version: number
}

export const SettingEntity = new EntitySchema<Setting>({
  name: 'Setting',
  tableName: 'settings',
  columns: {
    key: col.str(60, { primary: true }),
    value: col.text(),
    updatedAt: col.ts(),
    updatedByName: col.strNull(50),
    version: col.version(),
  },
})
