// Runs before the first paint (src/boot-run.ts): a classic, blocking script in <head> (the CSP
// allows no inline script), bundled by scripts/paint-plugin.mjs into a small hashed asset. It reads
// the settings the way the app does (settings.ts: `tb.settings`, the kiosk marker, `?lang=`,
// `?mode=`) and puts them on <html>, so large text and 长辈版 are drawn from the first frame, never
// swapped in after the app starts; it says which part of the prerendered page may show, and asks
// early for what the app asks for first (who is signed in; a guide's content). The catalogues are
// left out of this bundle: it shows no message.
import { BCP47 } from './i18n'
import { SettingsStore, applyToDocument, safeSessionStorage, type UiState } from './settings'

export type Prerender = 'show' | 'shell' | 'hide'
/** sessionStorage: whom this tab acts for (acting.ts ACTING_KEY; not imported, it would bring Preact
 * into this script; tests/first-paint.test.ts holds the two equal). */
export const ACTING_KEY = 'tb.acting'

/** Which of the prerendered page (the home page as most first visits see it: Simplified Chinese,
 * normal text, not 长辈版 or kiosk, acting for nobody) may show before the app has drawn: all of it
 * on `/`, only the shell (header, menu, footer) on another route, nothing in another language or
 * view, where the app draws a different page (other words, a folded header, help instead of
 * frequent services, the acting bar) and a page changing under the reader's eyes would be worse
 * than a moment of blank. */
export function prerenderFor(s: UiState, path: string, acting = false): Prerender {
  if (s.lang !== 'zh_Hans' || s.kiosk || s.elder || s.textScale !== 1 || acting) return 'hide'
  return path === '/' ? 'show' : 'shell'
}

/** A guide's API address, as the guide page asks for it (Matter.tsx through api/client.ts: the
 * same address and credentials, so the browser answers that request from this preload). */
export function guidePreload(s: UiState, path: string): string | null {
  const m = /^\/matters\/([^/]+)\/?$/.exec(path)
  if (!m || s.kiosk) return null // kiosk mode keeps nothing, not even in the browser's caches
  try {
    return `/api/v1/matters/${encodeURIComponent(decodeURIComponent(m[1]!))}?lang=${s.lang}`
  } catch {
    return null // a malformed address: the page says so when the app starts
  }
}

function actingNow(session: Storage | null): boolean {
  try {
    return !!session?.getItem(ACTING_KEY)
  } catch {
    return false
  }
}

export function bootPage(doc: Document, loc: Location, storage: Storage | null, session: Storage | null = safeSessionStorage()): void {
  const s = new SettingsStore(storage, loc.search, session).get()
  const root = doc.documentElement
  applyToDocument(s, root, BCP47[s.lang])
  const mode = prerenderFor(s, loc.pathname, actingNow(session))
  if (mode !== 'show') root.dataset.prerender = mode
  for (const href of preloads(s, loc.pathname)) {
    const link = doc.createElement('link')
    link.rel = 'preload'
    link.as = 'fetch'
    link.crossOrigin = 'anonymous'
    link.href = href
    doc.head.appendChild(link)
  }
}

/** What the app asks for first, asked for while its code downloads: who is signed in (auth/session.tsx)
 * and a guide's content. Not in kiosk mode, which keeps nothing, not even in the browser's caches. */
export function preloads(s: UiState, path: string): string[] {
  if (s.kiosk) return []
  const guide = guidePreload(s, path)
  return [`/api/v1/auth/session?lang=${s.lang}`, ...(guide ? [guide] : [])]
}
