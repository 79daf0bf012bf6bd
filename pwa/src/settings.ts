// Display settings: language, text size, 长辈版 (assisted mode), kiosk mode, and the region the person is in.
// Persisted in localStorage `tb.settings`, except in kiosk mode, which stores nothing of the person:
// only a marker in sessionStorage `tb.kiosk` (the kiosk's own start-up settings, set by staff), so a
// reload of the tab is still the kiosk, with its bar and its inactivity reset, until staff end it.
import { DEFAULT_LANG, isLang, type Lang } from './i18n'
import { DEFAULT_REGION, isRegionCode } from './directory'

export type TextScale = 1 | 1.5 | 2
export type Mode = 'normal' | 'elder' | 'kiosk'
export interface Settings {
  lang: Lang
  textScale: TextScale
  elder: boolean
  /** Where the person is (GB/T 2260 code): service windows nearest to it are listed first. */
  region: string
}
export interface UiState extends Settings {
  kiosk: boolean
}

export const STORAGE_KEY = 'tb.settings'
/** sessionStorage: this tab is a kiosk (what it starts with); gone when staff end kiosk mode. */
export const KIOSK_KEY = 'tb.kiosk'
export const TEXT_SCALES: readonly TextScale[] = [1, 1.5, 2]
export const DEFAULTS: Readonly<Settings> = { lang: DEFAULT_LANG, textScale: 1, elder: false, region: DEFAULT_REGION }
/** A kiosk starts in 长辈版 sizes: the people who use the machines in service halls are mostly older. */
export const KIOSK_DEFAULTS: Readonly<Settings> = { ...DEFAULTS, elder: true }
/** Kiosk: go back home and forget everything after this long without input. */
export const KIOSK_IDLE_MS = 120_000

const isScale = (v: unknown): v is TextScale => (TEXT_SCALES as unknown[]).includes(v)

export function parseSettings(raw: unknown): Settings {
  const o = raw && typeof raw === 'object' ? (raw as Record<string, unknown>) : {}
  return {
    lang: isLang(o.lang) ? o.lang : DEFAULTS.lang,
    textScale: isScale(o.textScale) ? o.textScale : DEFAULTS.textScale,
    elder: typeof o.elder === 'boolean' ? o.elder : DEFAULTS.elder,
    region: isRegionCode(o.region) ? o.region : DEFAULTS.region,
  }
}

export function loadSettings(storage: Storage | null): Settings {
  try {
    const raw = storage?.getItem(STORAGE_KEY)
    return parseSettings(raw ? JSON.parse(raw) : null)
  } catch {
    return { ...DEFAULTS }
  }
}

export function saveSettings(s: Settings, storage: Storage | null): void {
  const { lang, textScale, elder, region } = s
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify({ lang, textScale, elder, region }))
  } catch {
    // Storage full or disabled (private browsing): settings then last for this visit only.
  }
}

/** `?lang=zh_Hant` and `?mode=elder|normal|kiosk`. Other `mode` values (the search filter's
 * online / proxy_window / joint) are not display modes and are ignored here. */
export function urlOverrides(search: string): { lang?: Lang; mode?: Mode } {
  const p = new URLSearchParams(search)
  const lang = p.get('lang')
  const mode = p.get('mode')
  return {
    ...(isLang(lang) ? { lang } : {}),
    ...(mode === 'normal' || mode === 'elder' || mode === 'kiosk' ? { mode } : {}),
  }
}

export function modeOf(s: UiState): Mode {
  return s.kiosk ? 'kiosk' : s.elder ? 'elder' : 'normal'
}

/** The kiosk marker: the settings a kiosk starts (and starts over) with; null when this tab is no kiosk. */
export function loadKiosk(session: Storage | null): Settings | null {
  try {
    const raw = session?.getItem(KIOSK_KEY)
    return raw ? parseSettings(JSON.parse(raw)) : null
  } catch {
    return null
  }
}

function saveKiosk(start: Settings | null, session: Storage | null): void {
  try {
    if (!start) session?.removeItem(KIOSK_KEY)
    else session?.setItem(KIOSK_KEY, JSON.stringify({ lang: start.lang, textScale: start.textScale, elder: start.elder }))
  } catch {
    // sessionStorage disabled: the kiosk then lasts until the page is reloaded.
  }
}

type Listener = (s: UiState) => void

export class SettingsStore {
  private state: UiState
  private kioskStart: UiState | null = null
  private listeners = new Set<Listener>()

  constructor(
    private storage: Storage | null,
    search = '',
    private session: Storage | null = safeSessionStorage(),
  ) {
    const o = urlOverrides(search)
    // A shared device: ignore whatever an earlier visitor stored, and store nothing of anyone.
    const kiosk = o.mode === 'kiosk' ? { ...KIOSK_DEFAULTS, ...(o.lang ? { lang: o.lang } : {}) } : loadKiosk(session)
    if (kiosk) {
      this.kioskStart = { ...kiosk, kiosk: true }
      saveKiosk(kiosk, session)
      // ?lang= and ?mode=elder|normal on a running kiosk change this visit only.
      this.state = { ...this.kioskStart }
      if (o.lang) this.state.lang = o.lang
      if (o.mode && o.mode !== 'kiosk') this.state.elder = o.mode === 'elder'
      return
    }
    const s = loadSettings(storage)
    if (o.lang) s.lang = o.lang
    if (o.mode) s.elder = o.mode === 'elder'
    this.state = { ...s, kiosk: false }
    if (o.lang || o.mode) saveSettings(s, storage)
  }

  get(): UiState {
    return this.state
  }

  subscribe(fn: Listener): () => void {
    this.listeners.add(fn)
    return () => this.listeners.delete(fn)
  }

  private commit(next: UiState): void {
    this.state = next
    if (!next.kiosk) saveSettings(next, this.storage)
    this.listeners.forEach((fn) => fn(next))
  }

  update(patch: Partial<Settings>): void {
    this.commit({ ...this.state, ...patch })
  }

  /** Staff turn kiosk mode on (in 长辈版 sizes, keeping the device's language) or end it. */
  setKiosk(on: boolean): void {
    if (on === this.state.kiosk) return
    if (on) {
      const { lang, textScale } = this.state
      this.kioskStart = { ...KIOSK_DEFAULTS, lang, textScale, kiosk: true }
      saveKiosk(this.kioskStart, this.session)
      this.state = { ...this.kioskStart }
    } else {
      this.kioskStart = null
      saveKiosk(null, this.session)
      // Back to what this device had stored before the kiosk session.
      this.state = { ...loadSettings(this.storage), kiosk: false }
    }
    this.listeners.forEach((fn) => fn(this.state))
  }

  /** Kiosk inactivity: forget the visit (this tab's sessionStorage too: a help code, whom one acted
   * for) and go back to the settings the kiosk started with. */
  resetKiosk(): void {
    if (!this.kioskStart) return
    try {
      this.session?.clear()
    } catch {
      // nothing to forget
    }
    saveKiosk(this.kioskStart, this.session)
    this.commit({ ...this.kioskStart })
  }
}

/** Reflect the state on <html>: lang, data-mode, data-text-scale (and data-elder for CSS). */
export function applyToDocument(s: UiState, root: HTMLElement, bcp47: string): void {
  root.lang = bcp47
  root.dataset.mode = modeOf(s)
  root.dataset.textScale = String(s.textScale)
  if (s.elder) root.dataset.elder = 'true'
  else delete root.dataset.elder
}

export function safeLocalStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage
  } catch {
    return null
  }
}

export function safeSessionStorage(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}
