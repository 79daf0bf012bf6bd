// Work the first page can do without (first paint, issue 10): started once the page has loaded,
// a moment has passed and the browser is idle, so it never competes with the drawing of the page
// the person opened. The service worker's registration (components/Banners.tsx) and a guide's list
// of windows (components/WhereToApply.tsx) wait for this. The moment comes once per visit: a part
// that appears after it (the next page opened in the app) starts at once.
import { useEffect, useState } from 'preact/hooks'

/** After the load event, how long to wait before looking for an idle moment. The load event comes
 * before the app has drawn what it fetched (a guide's content): this leaves it the time to. */
export const SETTLE_MS = 1000
/** The longest wait for an idle moment after that (a busy page still gets there). */
export const IDLE_TIMEOUT_MS = 2000

/** Runs `run` after the load event, `delayMs` later, at the browser's next idle moment (or after
 * IDLE_TIMEOUT_MS at most). Returns a function that cancels it. */
export function afterLoadIdle(run: () => void, delayMs = SETTLE_MS, win: Window = window): () => void {
  let stopped = false
  let timer: ReturnType<typeof setTimeout> | undefined
  let idle: number | undefined
  const go = () => {
    if (!stopped) run()
  }
  const whenIdle = () => {
    if (stopped) return
    if (typeof win.requestIdleCallback === 'function') idle = win.requestIdleCallback(go, { timeout: IDLE_TIMEOUT_MS })
    else timer = setTimeout(go, 0)
  }
  const onLoad = () => {
    timer = setTimeout(whenIdle, delayMs)
  }
  if (win.document.readyState === 'complete') onLoad()
  else win.addEventListener('load', onLoad, { once: true })
  return () => {
    stopped = true
    win.removeEventListener('load', onLoad)
    clearTimeout(timer)
    if (idle !== undefined && typeof win.cancelIdleCallback === 'function') win.cancelIdleCallback(idle)
  }
}

let settled = false
const waiting = new Set<() => void>()
let cancelMoment: (() => void) | null = null

/** Calls `run` at the visit's settled moment (at once when it has come already). Returns a function
 * that takes the call back. */
export function whenSettled(run: () => void): () => void {
  if (settled) {
    run()
    return () => undefined
  }
  waiting.add(run)
  cancelMoment ??= afterLoadIdle(() => {
    settled = true
    cancelMoment = null
    const all = [...waiting]
    waiting.clear()
    for (const f of all) f()
  })
  return () => {
    waiting.delete(run)
  }
}

/** false until the visit's settled moment has come (whenSettled), then true for good. */
export function useSettled(): boolean {
  const [ready, setReady] = useState(settled)
  useEffect(() => (ready ? undefined : whenSettled(() => setReady(true))), [ready])
  return ready
}

/** Tests only: back to a visit whose moment has not come. */
export function resetSettledForTests(): void {
  cancelMoment?.()
  cancelMoment = null
  settled = false
  waiting.clear()
}
