// Gettext-style translation. Every string a person reads goes through t("English msgid").
// Catalogues are compiled from ../i18n/<lang>/LC_MESSAGES/pwa.po by `npm run i18n:compile`.
import zhHans from './locales/zh_Hans.json'
import zhHant from './locales/zh_Hant.json'
import en from './locales/en.json'

export type Lang = 'zh_Hans' | 'zh_Hant' | 'en'
export type Catalog = Record<string, string>
export type Vars = Record<string, string | number>

export const LANGS: readonly Lang[] = ['zh_Hans', 'zh_Hant', 'en']
export const DEFAULT_LANG: Lang = 'zh_Hans'

/** Each language's name in itself; deliberately not translated. */
export const LANG_NAMES: Record<Lang, string> = { zh_Hans: '简体中文', zh_Hant: '繁體中文', en: 'English' }

const catalogs: Record<Lang, Catalog> = { zh_Hans: zhHans, zh_Hant: zhHant, en }
// A Traditional-Chinese reader is better served by Simplified Chinese than by English.
const FALLBACKS: Record<Lang, Lang[]> = { zh_Hans: [], zh_Hant: ['zh_Hans'], en: [] }

let current: Lang = DEFAULT_LANG

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as string[]).includes(v)
export const getLang = (): Lang => current
export function setLang(lang: Lang): void {
  current = lang
}
/** Replace a catalogue (tests, or a catalogue fetched later). */
export function setCatalog(lang: Lang, catalog: Catalog): void {
  catalogs[lang] = catalog
}

export function interpolate(s: string, vars?: Vars): string {
  if (!vars) return s
  return s.replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m))
}

/** Translate msgid into the current language; fall back along FALLBACKS, then to msgid itself. */
export function t(msgid: string, vars?: Vars): string {
  for (const lang of [current, ...FALLBACKS[current]]) {
    const s = catalogs[lang][msgid]
    if (s) return interpolate(s, vars)
  }
  return interpolate(msgid, vars)
}

/** BCP 47 tag for <html lang>, Intl and Accept-Language. */
export const BCP47: Record<Lang, string> = { zh_Hans: 'zh-Hans', zh_Hant: 'zh-Hant', en: 'en' }
/** Voice language for speechSynthesis. */
export const SPEECH_LANG: Record<Lang, string> = { zh_Hans: 'zh-CN', zh_Hant: 'zh-TW', en: 'en-US' }

/** The catalogue's own data (names, guides, lists) is written in Simplified Chinese: mark it so
 * when the UI is in another language (WCAG 3.1.2 Language of Parts). */
export const dataLang = (): string | undefined => (current === 'zh_Hans' ? undefined : 'zh-Hans')

export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(BCP47[current], { year: 'numeric', month: 'long', day: 'numeric' }).format(d)
}

/** The API sends some times without a zone; those are UTC. */
export function parseApiTime(iso: string): Date {
  return new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso)
}

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = parseApiTime(iso)
  if (Number.isNaN(d.getTime())) return iso
  return new Intl.DateTimeFormat(BCP47[current], { year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }).format(d)
}
