// Gettext-style translation. Every string a person reads goes through t("English msgid").
// Catalogues are compiled from ../i18n/<lang>/LC_MESSAGES/pwa.po by `npm run i18n:compile` and cut
// in two at build time (scripts/paint-plugin.mjs): "core", the messages of the modules the first
// page needs (src/main.tsx and its static imports: shell, home, search, guide), and "rest", those of
// the pages loaded on demand. Simplified Chinese core, the default, is part of the main chunk (and
// English core, a few messages); every other part is a chunk of its own, fetched only for the
// language in use (and its fallbacks).
import zhHansCore from 'virtual:tb-i18n/zh_Hans/core'
// English msgids are English already: its core holds the few that read differently (~0.1 kB).
import enCore from 'virtual:tb-i18n/en/core'

export type Lang = 'zh_Hans' | 'zh_Hant' | 'en'
export type Catalog = Record<string, string>
export type Vars = Record<string, string | number>
type Part = 'core' | 'rest'
type Loader = () => Promise<{ default: Catalog }>

export const LANGS: readonly Lang[] = ['zh_Hans', 'zh_Hant', 'en']
export const DEFAULT_LANG: Lang = 'zh_Hans'

/** Each language's name in itself; deliberately not translated. */
export const LANG_NAMES: Record<Lang, string> = { zh_Hans: '简体中文', zh_Hant: '繁體中文', en: 'English' }

// Literal import() calls, so the bundler makes one chunk of each part.
const LOADERS: Record<Lang, Record<Part, Loader>> = {
  zh_Hans: { core: () => Promise.resolve({ default: zhHansCore }), rest: () => import('virtual:tb-i18n/zh_Hans/rest') },
  zh_Hant: { core: () => import('virtual:tb-i18n/zh_Hant/core'), rest: () => import('virtual:tb-i18n/zh_Hant/rest') },
  en: { core: () => Promise.resolve({ default: enCore }), rest: () => import('virtual:tb-i18n/en/rest') },
}

const catalogs: Record<Lang, Catalog> = { zh_Hans: { ...zhHansCore }, zh_Hant: {}, en: { ...enCore } }
const loaded = new Set<string>(['zh_Hans/core', 'en/core'])
const pending = new Map<string, Promise<void>>()
/** Set once a page outside the core has been asked for: from then on every language needs its rest. */
let restWanted = false
// A Traditional-Chinese reader is better served by Simplified Chinese than by English.
const FALLBACKS: Record<Lang, Lang[]> = { zh_Hans: [], zh_Hant: ['zh_Hans'], en: [] }

let current: Lang = DEFAULT_LANG

export const isLang = (v: unknown): v is Lang => typeof v === 'string' && (LANGS as string[]).includes(v)
export const getLang = (): Lang => current
/** Switch t() to lang. Render in a language only once langReady(lang): see loadLang. */
export function setLang(lang: Lang): void {
  current = lang
}
/** Replace a catalogue (tests, or a catalogue fetched later); it counts as loaded in full. */
export function setCatalog(lang: Lang, catalog: Catalog): void {
  catalogs[lang] = catalog
  loaded.add(`${lang}/core`)
  loaded.add(`${lang}/rest`)
}

const partsFor = (lang: Lang): string[] =>
  [lang, ...FALLBACKS[lang]].flatMap((l) => (restWanted ? [`${l}/core`, `${l}/rest`] : [`${l}/core`]))

function loadPart(key: string): Promise<void> {
  if (loaded.has(key)) return Promise.resolve()
  let p = pending.get(key)
  if (!p) {
    const [lang, part] = key.split('/') as [Lang, Part]
    p = LOADERS[lang][part]().then(
      (m) => {
        Object.assign(catalogs[lang], m.default)
        loaded.add(key)
        pending.delete(key)
      },
      (e: unknown) => {
        pending.delete(key) // offline before the service worker had it: try again next time
        throw e
      },
    )
    pending.set(key, p)
  }
  return p
}

/** True when every message lang may need now is here (its core, and its rest once pages beyond
 * the core have been opened), fallbacks included. */
export const langReady = (lang: Lang): boolean => partsFor(lang).every((k) => loaded.has(k))

/** Fetch what langReady(lang) needs. Rendering waits for it, so nothing shows half-translated. */
export function loadLang(lang: Lang): Promise<void> {
  return Promise.all(partsFor(lang).map(loadPart)).then(() => undefined)
}

/** The messages of the pages outside the core, for the current language (src/app.tsx awaits this
 * with every such page's code). */
export function loadRest(): Promise<void> {
  restWanted = true
  return loadLang(current)
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

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December']

/** A calendar date as Intl.DateTimeFormat(lang, {year: 'numeric', month: 'long', day: 'numeric'})
 * writes it (2026年11月28日, November 28, 2026), without Intl: a page's first Intl date format
 * costs 50–80 ms of ICU set-up, and a guide shows its date (tests/i18n-parts.test.ts holds the
 * two equal). */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return ''
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  const [y, m, day] = [d.getFullYear(), d.getMonth(), d.getDate()]
  return current === 'en' ? `${MONTHS_EN[m]} ${day}, ${y}` : `${y}年${m + 1}月${day}日`
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
