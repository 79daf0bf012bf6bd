// Where to go after signing in (`?next=`): only paths on this site, never another origin.

export const DEFAULT_NEXT = '/account'

/** A same-site path, or null. Refuses "//host", "/\host" (browsers read "\" as "/"), schemes,
 * control characters and anything not starting with "/". */
export function safeNext(raw: string | null | undefined): string | null {
  if (!raw || typeof raw !== 'string') return null
  if (!raw.startsWith('/') || raw.startsWith('//')) return null
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(raw)) return null
  return raw
}

/** The server's OAuth endpoint must be reached by a real navigation, not an in-app route. */
export const isServerPath = (next: string): boolean => next.startsWith('/oauth/authorize')

/** Go to `next` (sanitised) or the default: a full navigation for the server's /oauth/authorize,
 * an in-app route for everything else. */
export function goNext(raw: string | null | undefined, route: (url: string, replace?: boolean) => void, fallback = DEFAULT_NEXT, assign: (url: string) => void = (u) => location.assign(u)): void {
  const next = safeNext(raw) ?? fallback
  if (isServerPath(next)) assign(next)
  else route(next, true)
}

/** "/signin?next=<here>" for a page that needs a signed-in person. */
export const signinUrl = (here: string, page = '/signin'): string => `${page}?next=${encodeURIComponent(here)}`
