/**
 * Regenerates resources/icon.png (512×512) and resources/icon.ico (16–256) from one drawing:
 * a blue rounded square with a white 客. Run once, commit the outputs:
 *
 *   node resources/make-icon.mjs            (KEDAN_CHROMIUM=/path/to/chromium to override)
 *
 * Chromium (through playwright-core, a dev dependency) only draws the canvas, so the glyph comes from an
 * installed CJK font (Noto Sans CJK SC); PNG and ICO are encoded here with node:zlib, no image libraries.
 * The ICO holds 32-bit BMP images up to 128 px and a PNG image at 256 px, the layout Windows and NSIS expect.
 */
import { writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { deflateSync, crc32 } from 'node:zlib'
import { chromium } from 'playwright-core'

const here = dirname(fileURLToPath(import.meta.url))
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
const PNG_SIZE = 512

function draw(size) {
  const c = document.createElement('canvas')
  c.width = c.height = size
  const g = c.getContext('2d')
  const r = size * 0.22
  const m = size <= 32 ? 0 : size * 0.03 // small icons use the whole square
  const s = size - 2 * m
  g.beginPath()
  g.moveTo(m + r, m)
  g.arcTo(m + s, m, m + s, m + s, r)
  g.arcTo(m + s, m + s, m, m + s, r)
  g.arcTo(m, m + s, m, m, r)
  g.arcTo(m, m, m + s, m, r)
  g.closePath()
  const grad = g.createLinearGradient(0, m, 0, m + s)
  grad.addColorStop(0, '#339af0')
  grad.addColorStop(1, '#1864ab')
  g.fillStyle = grad
  g.fill()
  g.fillStyle = '#ffffff'
  g.textAlign = 'center'
  g.textBaseline = 'middle'
  g.font = `700 ${Math.round(s * 0.66)}px "Noto Sans CJK SC"`
  g.fillText('客', size / 2, size / 2 + s * 0.02)
  return Array.from(g.getImageData(0, 0, size, size).data)
}

function png(size, rgba) {
  const raw = Buffer.alloc((size * 4 + 1) * size)
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    Buffer.from(rgba.slice(y * size * 4, (y + 1) * size * 4)).copy(raw, y * (size * 4 + 1) + 1)
  }
  const chunk = (type, data) => {
    const len = Buffer.alloc(4)
    len.writeUInt32BE(data.length)
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data])
    const crc = Buffer.alloc(4)
    crc.writeUInt32BE(crc32(td))
    return Buffer.concat([len, td, crc])
  }
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

/** 32-bit BGRA DIB as stored in an ICO: header with double height, bottom-up rows, then an empty AND mask. */
function dib(size, rgba) {
  const header = Buffer.alloc(40)
  const maskRow = Math.ceil(size / 32) * 4
  header.writeUInt32LE(40, 0)
  header.writeInt32LE(size, 4)
  header.writeInt32LE(size * 2, 8)
  header.writeUInt16LE(1, 12)
  header.writeUInt16LE(32, 14)
  header.writeUInt32LE(size * size * 4 + maskRow * size, 20)
  const pixels = Buffer.alloc(size * size * 4)
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const src = (y * size + x) * 4
      const dst = ((size - 1 - y) * size + x) * 4
      pixels[dst] = rgba[src + 2]
      pixels[dst + 1] = rgba[src + 1]
      pixels[dst + 2] = rgba[src]
      pixels[dst + 3] = rgba[src + 3]
    }
  }
  return Buffer.concat([header, pixels, Buffer.alloc(maskRow * size)])
}

function ico(images) {
  const head = Buffer.alloc(6 + 16 * images.length)
  head.writeUInt16LE(0, 0)
  head.writeUInt16LE(1, 2)
  head.writeUInt16LE(images.length, 4)
  let offset = head.length
  images.forEach(({ size, data }, i) => {
    const e = 6 + 16 * i
    head[e] = size >= 256 ? 0 : size
    head[e + 1] = size >= 256 ? 0 : size
    head[e + 2] = 0
    head[e + 3] = 0
    head.writeUInt16LE(1, e + 4)
    head.writeUInt16LE(32, e + 6)
    head.writeUInt32LE(data.length, e + 8)
    head.writeUInt32LE(offset, e + 12)
    offset += data.length
  })
  return Buffer.concat([head, ...images.map((i) => i.data)])
}

const browser = await chromium.launch({
  executablePath: process.env.KEDAN_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--font-render-hinting=none'],
})
try {
  const page = await browser.newPage()
  await page.setContent('<html><body></body></html>')
  await page.evaluate(() => document.fonts.load('700 64px "Noto Sans CJK SC"', '客'))
  const render = (size) => page.evaluate(draw, size)

  writeFileSync(join(here, 'icon.png'), png(PNG_SIZE, await render(PNG_SIZE)))
  const images = []
  for (const size of ICO_SIZES) {
    const rgba = await render(size)
    images.push({ size, data: size >= 256 ? png(size, rgba) : dib(size, rgba) })
  }
  writeFileSync(join(here, 'icon.ico'), ico(images))
  console.log(`wrote resources/icon.png (${PNG_SIZE}×${PNG_SIZE}) and resources/icon.ico (${ICO_SIZES.join(', ')})`)
} finally {
  await browser.close()
}
