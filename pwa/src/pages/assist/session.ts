// The resident's running 帮办 session on this tab (sessionStorage: gone when the tab closes), and the
// server's QR (SVG text) as an image URL (the CSP allows data: images).
export interface StoredSession {
  account: number
  code: string
  qr_svg: string
  expires_at: string
}

const KEY = 'tb.assist'

function store(): Storage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage
  } catch {
    return null
  }
}

export function storedSession(account: number): StoredSession | null {
  try {
    const v = JSON.parse(store()?.getItem(KEY) ?? 'null') as StoredSession | null
    return v && v.account === account && /^\d{6}$/.test(v.code) ? v : null
  } catch {
    return null
  }
}

export function storeSession(s: StoredSession): void {
  try {
    store()?.setItem(KEY, JSON.stringify(s))
  } catch {
    // Storage disabled: the session lasts as long as the page.
  }
}

export function clearStoredSession(): void {
  try {
    store()?.removeItem(KEY)
  } catch {
    // nothing kept
  }
}

export const qrDataUrl = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`
