/** A feature's message dictionaries: Chinese is the source, English must have every key. */
export function defineMessages<Z extends Record<string, string>>(zh: Z, en: { [K in keyof Z]: string }) {
  return { 'zh-CN': zh, 'en-US': en as { [K in keyof Z]: string } }
}
