// 亮证 timing, kept pure for the tests: a presentation QR lives 60 seconds on the server's clock;
// the phone counts down on its own clock from when the code arrived, and asks for the next code a
// few seconds before the end, so the code on screen never runs out while a clerk scans it.

/** The server's promise (present.py TTL). */
export const PRESENTATION_TTL_MS = 60_000
/** Ask for the next code this long before the shown one runs out. */
export const REFRESH_LEAD_MS = 5_000
/** Never ask again sooner than this (a wrong clock or a failing network must not loop). */
export const MIN_REFRESH_MS = 2_000
/** How often the holder's screen asks who checked the licence. */
export const CHECKS_POLL_MS = 4_000
/** After a failed request for a code, wait this long before trying again. */
export const RETRY_MS = 10_000

/**
 * When the code runs out, on this device's clock. `expiresAt` is the server's time; a phone's clock
 * may be minutes off, so the time left is taken from the server only when it is believable for a
 * code that just arrived (between MIN_REFRESH_MS + lead and the TTL); otherwise the TTL is assumed.
 */
export function expiryOnDevice(expiresAt: number, receivedAt: number): number {
  const left = expiresAt - receivedAt
  const believable = Number.isFinite(left) && left >= REFRESH_LEAD_MS + MIN_REFRESH_MS && left <= PRESENTATION_TTL_MS
  return receivedAt + (believable ? left : PRESENTATION_TTL_MS)
}

/** Milliseconds from `now` until the next code should be asked for. */
export function refreshDelay(expiry: number, now: number): number {
  return Math.max(MIN_REFRESH_MS, expiry - REFRESH_LEAD_MS - now)
}

/** Whether a new code is due now (the shown one is within the lead of running out, or gone). */
export function refreshDue(expiry: number, now: number): boolean {
  return expiry - REFRESH_LEAD_MS <= now
}

/** Whole seconds left to show in the countdown (never negative, rounded up: 0.2 s left shows 1). */
export function secondsLeft(expiry: number, now: number): number {
  return Math.max(0, Math.ceil((expiry - now) / 1000))
}

/** The server sends some times without a zone (UTC); NaN when unreadable. */
export function parseServerTime(iso: string): number {
  return new Date(/T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(iso) ? `${iso}Z` : iso).getTime()
}
