// pdfmake 0.3 ships no types; the small part of its server API Kedan uses (node_modules/pdfmake/js/index.js, base.js, OutputDocument.js).
declare module 'pdfmake' {
  type FontFile = string
  interface OutputDocument {
    getBuffer(): Promise<Buffer>
    getBase64(): Promise<string>
    write(fileName: string): Promise<void>
  }
  interface PdfMake {
    virtualfs: { writeFileSync(name: string, content: Buffer | string): void; existsSync(name: string): boolean }
    setFonts(fonts: Record<string, { normal: FontFile; bold: FontFile; italics: FontFile; bolditalics: FontFile }>): void
    setUrlAccessPolicy(cb: (url: string) => boolean): void
    setLocalAccessPolicy(cb: (path: string) => boolean): void
    createPdf(doc: Record<string, unknown>, options?: Record<string, unknown>): OutputDocument
  }
  const pdfmake: PdfMake
  export default pdfmake
}
