import { createTheme, type MantineColorsTuple } from '@mantine/core'

/** A calm office blue: readable on long days, distinct from the red/orange used for warnings. */
const kedan: MantineColorsTuple = ['#e8f1ff', '#d2e0fb', '#a3bff3', '#719cec', '#487ee6', '#2f6be3', '#2062e2', '#1152c9', '#0349b4', '#003fa0']

/** Windows first (Segoe UI for Latin, Microsoft YaHei for Chinese), then macOS and Linux CJK fonts. */
export const FONT_FAMILY =
  '"Segoe UI", "Microsoft YaHei UI", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif'

export const theme = createTheme({
  primaryColor: 'kedan',
  primaryShade: { light: 6, dark: 5 },
  colors: { kedan },
  fontFamily: FONT_FAMILY,
  fontFamilyMonospace: 'Consolas, "Cascadia Mono", "Noto Sans Mono CJK SC", ui-monospace, monospace',
  headings: { fontFamily: FONT_FAMILY, fontWeight: '600', sizes: { h2: { fontSize: '22px', lineHeight: '1.3' }, h3: { fontSize: '18px', lineHeight: '1.35' }, h4: { fontSize: '15px', lineHeight: '1.4' } } },
  // dense desktop type scale: 13 px body text in tables and forms
  fontSizes: { xs: '12px', sm: '13px', md: '14px', lg: '16px', xl: '18px' },
  lineHeights: { xs: '1.4', sm: '1.45', md: '1.5', lg: '1.55', xl: '1.6' },
  spacing: { xs: '6px', sm: '10px', md: '14px', lg: '18px', xl: '24px' },
  defaultRadius: 'sm',
  cursorType: 'pointer',
  components: {
    TextInput: { defaultProps: { size: 'sm' } },
    Button: { defaultProps: { size: 'sm' } },
    Tooltip: { defaultProps: { openDelay: 400, withArrow: true, fz: 'xs' } },
    Modal: { defaultProps: { centered: false, yOffset: '8vh', overlayProps: { backgroundOpacity: 0.35 } } },
    // badges never shrink to an ellipsis inside a table cell
    Badge: { defaultProps: { radius: 'sm' }, styles: { root: { textTransform: 'none', fontWeight: 500, flexShrink: 0, overflow: 'visible' }, label: { overflow: 'visible' } } },
    Tabs: { styles: { tab: { fontSize: '13px' } } },
    NavLink: { styles: { label: { fontSize: '13px' } } },
  },
})
