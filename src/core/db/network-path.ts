import { execFileSync } from 'node:child_process'

/**
 * SQLite's file locking is not safe on a network share (SMB/CIFS, NFS): two PCs opening the same kedan.db there can
 * corrupt it. A data folder on a UNC path (\\server\share\…, //server/share/…, \\?\UNC\server\…) or on a mapped
 * network drive (Z: → \\server\share) is refused with a message explaining host mode instead.
 *
 * `mappedDrives`: the drive letters mapped to network shares (on Windows read from `net use`; injected in tests).
 */
export function networkShareProblem(dataDir: string, opts: { platform?: NodeJS.Platform; mappedDrives?: string[] } = {}): string | null {
  const platform = opts.platform ?? process.platform
  const p = dataDir.trim()
  const unc = /^(\\\\|\/\/)(\?\\UNC\\|[^\\/?.][^\\/]*[\\/])/i.test(p) && !/^\\\\[?.]\\(?!UNC\\)/i.test(p)
  let where: string | null = unc ? p : null
  if (!where && platform === 'win32') {
    const drive = /^([a-z]):/i.exec(p)?.[1]?.toUpperCase()
    const mapped = opts.mappedDrives ?? mappedNetworkDrives()
    if (drive && mapped.map((d) => d.toUpperCase().replace(':', '')).includes(drive)) where = `${drive}:`
  }
  if (!where) return null
  return (
    `数据文件夹 ${p} 位于网络共享上（${where}）。SQLite 数据库放在网络共享上时文件锁不可靠，多台电脑同时使用会损坏数据，所以客单不在网络共享上打开数据库。` +
    `多台电脑共用数据请用“主机模式”：在一台电脑上把数据放在本机磁盘并选择“局域网主机”，其他电脑选择“局域网客户端”连接这台主机。 / ` +
    `The data folder ${p} is on a network share (${where}). SQLite's file locking is not safe on a network share and two PCs using it at once can corrupt the data, so Kedan does not open a database there. ` +
    `To share the data between PCs, use host mode: keep the data on one PC's local disk, run that PC as the LAN host, and connect the others as LAN clients.`
  )
}

/** Drive letters mapped to network shares on Windows (`net use`), [] elsewhere or when it cannot be read. */
export function mappedNetworkDrives(): string[] {
  if (process.platform !== 'win32') return []
  try {
    const out = execFileSync('net', ['use'], { encoding: 'utf8', timeout: 5000, windowsHide: true })
    return parseNetUse(out)
  } catch {
    return []
  }
}

/** The drive letters in `net use` output (lines like `OK           Z:        \\server\share   Microsoft Windows Network`). */
export function parseNetUse(out: string): string[] {
  const drives = new Set<string>()
  for (const line of out.split(/\r?\n/)) {
    const m = /(?:^|\s)([A-Z]):\s+\\\\\S+/i.exec(line)
    if (m) drives.add(m[1]!.toUpperCase())
  }
  return [...drives]
}
