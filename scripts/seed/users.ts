import { makeUserRow } from '../../src/core/auth/auth.service'
import type { Role } from '../../src/core/contract/types'
import { inserter, iso, type SeedContext, type SeedStep, type SeedUser } from './context'

export const SEED_ADMIN = { username: 'admin', password: 'admin-2026', displayName: '系统管理员' }
export const SEED_PASSWORD = 'kedan123'
export const SEED_COMPANY = '杭州客单示例贸易有限公司'

/** three sales teams (a manager and four salespeople each), plus owner, finance and clerks */
const TEAMS: { manager: [string, string]; sales: [string, string][] }[] = [
  { manager: ['wangqiang', '王强'], sales: [['zhangwei', '张伟'], ['lina', '李娜'], ['zhaolei', '赵磊'], ['sunli', '孙丽']] },
  { manager: ['liuyang', '刘洋'], sales: [['zhoujie', '周杰'], ['wuting', '吴婷'], ['zhenghao', '郑浩'], ['huangmin', '黄敏']] },
  { manager: ['chenjing', '陈静'], sales: [['xuhang', '徐航'], ['hexin', '何欣'], ['gaopeng', '高鹏'], ['linxue', '林雪']] },
]
const OTHERS: [string, string, Role][] = [
  ['laoban', '钱老板', 'owner'],
  ['caiwu', '马会计', 'finance'],
  ['wenyuan', '杨文员', 'clerk'],
  ['gendan', '郭跟单', 'clerk'],
]

/** First-run setup when needed (through the dispatcher), then the team; users that exist are reused. */
export const usersStep: SeedStep = {
  name: 'users',
  async run(ctx: SeedContext) {
    const status = await ctx.core.dispatch<{ needsSetup: boolean }>('auth.status')
    if (status.ok && status.data.needsSetup) {
      const r = await ctx.core.dispatch('auth.setup', { companyName: SEED_COMPANY, ...SEED_ADMIN })
      if (!r.ok) throw new Error(`setup failed: ${r.error.message}`)
    }
    const find = ctx.db.prepare('SELECT id, username, displayName, role, managerId FROM users WHERE username = ?')
    const insert = inserter(ctx.db, 'users', [
      'username', 'displayName', 'role', 'managerId', 'passwordHash', 'passwordSalt', 'disabled', 'failedLogins', 'createdAt', 'updatedAt', 'version',
    ])
    const now = iso(ctx.now)
    let created = 0
    const ensure = async (username: string, displayName: string, role: Role, managerId: number | null): Promise<SeedUser> => {
      const found = find.get(username) as SeedUser | undefined
      if (found) return found
      const row = await makeUserRow(now, { username, password: SEED_PASSWORD, displayName, role, managerId })
      created++
      return { id: insert(row), username, displayName, role, managerId }
    }
    const users: SeedUser[] = []
    const admin = ctx.db.prepare("SELECT id, username, displayName, role, managerId FROM users WHERE role = 'admin' AND disabled = 0 ORDER BY id LIMIT 1").get() as SeedUser | undefined
    if (admin) users.push(admin)
    for (const team of TEAMS) {
      const m = await ensure(team.manager[0], team.manager[1], 'manager', null)
      users.push(m)
      for (const [u, d] of team.sales) users.push(await ensure(u, d, 'sales', m.id))
    }
    for (const [u, d, role] of OTHERS) users.push(await ensure(u, d, role, null))
    ctx.users = users
    return `${created} users created (${users.length} in the team), password ${SEED_PASSWORD}; admin ${SEED_ADMIN.username}/${SEED_ADMIN.password} if set up by the seed`
  },
}
