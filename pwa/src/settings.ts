// Display settings: language, text size, 长辈版 (assisted mode), kiosk mode, and the region the person is in.
// Persisted in localStorage `tb.settings`, except in kiosk mode, which stores nothing at all.
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
export const TEXT_SCALES: readonly TextScale[] = [1, 1.5, 2]
export const DEFAULTS: Readonly<Settings> = { lang: DEFAULT_LANG, textScale: 1, elder: false, region: DEFAULT_REGION }
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

type Listener = (s: UiState) => void

export class SettingsStore {
  private state: UiState
  private kioskStart: UiState | null = null
  private listeners = new Set<Listener>()

  constructor(
    private storage: Storage | null,
    search = '',
  ) {
    const o = urlOverrides(search)
    if (o.mode === 'kiosk') {
      // A shared device: ignore whatever an earlier visitor stored, and store nothing.
      this.state = { ...DEFAULTS, ...(o.lang ? { lang: o.lang } : {}), kiosk: true }
      this.kioskStart = { ...this.state }
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

  setKiosk(on: boolean): void {
    if (on === this.state.kiosk) return
    if (on) {
      this.kioskStart = { ...this.state, kiosk: true }
      this.state = { ...this.kioskStart }
      this.listeners.forEach((fn) => fn(this.state))
    } else {
      this.kioskStart = null
      // Back to what this device had stored before the kiosk session.
      this.state = { ...loadSettings(this.storage), kiosk: false }
      this.listeners.forEach((fn) => fn(this.state))
    }
  }

  /** Kiosk inactivity: back to the settings the kiosk session started with. */
  resetKiosk(): void {
    if (this.kioskStart) this.commit({ ...this.kioskStart })
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
