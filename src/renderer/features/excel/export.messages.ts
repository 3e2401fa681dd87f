import { defineMessages } from '../../app/i18n/define'

/** The export toolbar (issue 13): its own dictionary beside the import's. */
export const exportMessages = defineMessages(
  {
    'export.button': '导出 Excel',
    'export.lines': '导出明细',
    'export.returns': '导出退货单',
    'export.stock': '导出库存',
    'export.contacts': '导出联系人',
    'export.title': '导出 Excel',
    'export.preparing': '正在准备…',
    'export.progress': '已写入 {rows} / {total} 行',
    'export.downloading': '正在下载文件…',
    'export.done': '已导出 {file}（{rows} 行）',
    'export.failed': '导出失败：{message}',
    'export.background': '在后台继续',
    'export.full': '导出全部数据',
    'export.fullHint': '每张表一个工作表（不含登录会话和密码），供迁出或审计。数据多时需要几分钟。',
  },
  {
    'export.button': 'Export to Excel',
    'export.lines': 'Export lines',
    'export.returns': 'Export returns',
    'export.stock': 'Export stock',
    'export.contacts': 'Export contacts',
    'export.title': 'Export to Excel',
    'export.preparing': 'Preparing…',
    'export.progress': '{rows} of {total} rows written',
    'export.downloading': 'Downloading the file…',
    'export.done': 'Exported {file} ({rows} rows)',
    'export.failed': 'Export failed: {message}',
    'export.background': 'Continue in background',
    'export.full': 'Export all data',
    'export.fullHint': 'One sheet per table (without sessions or passwords), for moving out or an audit. Takes a few minutes with much data.',
  },
)
