// First paint (issue 10): work the first page can do without waits for load and an idle moment.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { IDLE_TIMEOUT_MS, SETTLE_MS, afterLoadIdle, resetSettledForTests, whenSettled } from '../src/later'

/** A window whose load event and idle moments the test decides. */
function fakeWindow(readyState: DocumentReadyState, idle = true) {
  const listeners: Array<() => void> = []
  const idles: Array<{ cb: () => void; timeout?: number }> = []
  const win = {
    document: { readyState },
    addEventListener: (type: string, cb: () => void) => {
      if (type === 'load') listeners.push(cb)
    },
    removeEventListener: (type: string, cb: () => void) => {
      const i = listeners.indexOf(cb)
      if (type === 'load' && i >= 0) listeners.splice(i, 1)
    },
    ...(idle
      ? {
          requestIdleCallback: (cb: () => void, opts?: { timeout?: number }) => idles.push({ cb, timeout: opts?.timeout }),
          cancelIdleCallback: (id: number) => {
            idles[id - 1] = { cb: () => undefined }
          },
        }
      : {}),
  }
  return {
    win: win as unknown as Window,
    load: () => {
      win.document.readyState = 'complete'
      for (const cb of listeners.splice(0)) cb()
    },
    idle: () => idles.splice(0).forEach((i) => i.cb()),
    idles,
    listeners,
  }
}

describe('afterLoadIdle (src/later.ts)', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('waits for the load event, a moment, then an idle moment', () => {
    const w = fakeWindow('interactive')
    const run = vi.fn()
    afterLoadIdle(run, undefined, w.win)
    vi.runAllTimers()
    expect(run).not.toHaveBeenCalled() // not loaded yet
    w.load()
    vi.advanceTimersByTime(SETTLE_MS - 1)
    expect(w.idles).toHaveLength(0) // the app draws what it fetched meanwhile
    vi.advanceTimersByTime(1)
    expect(run).not.toHaveBeenCalled() // loaded, not idle yet
    expect(w.idles[0]?.timeout).toBe(IDLE_TIMEOUT_MS) // a busy page still gets there
    w.idle()
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('on a page already loaded, waits for an idle moment only (and the delay asked for)', () => {
    const w = fakeWindow('complete')
    const run = vi.fn()
    afterLoadIdle(run, 500, w.win)
    vi.advanceTimersByTime(499)
    expect(w.idles).toHaveLength(0)
    vi.advanceTimersByTime(1)
    w.idle()
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('without requestIdleCallback, runs on a timer after load', () => {
    const w = fakeWindow('loading', false)
    const run = vi.fn()
    afterLoadIdle(run, 0, w.win)
    w.load()
    vi.runAllTimers()
    expect(run).toHaveBeenCalledTimes(1)
  })

  it('cancelled (the component went away), it never runs', () => {
    for (const when of ['before load', 'before idle'] as const) {
      const w = fakeWindow('interactive')
      const run = vi.fn()
      const cancel = afterLoadIdle(run, 0, w.win)
      if (when === 'before idle') {
        w.load()
        vi.runAllTimers()
      }
      cancel()
      w.load()
      vi.runAllTimers()
      w.idle()
      expect(run, when).not.toHaveBeenCalled()
      expect(w.listeners).toHaveLength(0)
    }
  })
})

describe('whenSettled (src/later.ts)', () => {
  beforeEach(() => {
    vi.useFakeTimers()
    resetSettledForTests()
  })
  afterEach(() => {
    resetSettledForTests()
    vi.useRealTimers()
  })

  it('one moment per visit: the waiting run then, the later ones at once', async () => {
    // happy-dom's document has loaded; its requestIdleCallback runs on a timer
    const a = vi.fn()
    const b = vi.fn()
    const gone = vi.fn()
    whenSettled(a)
    whenSettled(gone)() // taken back (its component went away)
    whenSettled(b)
    expect(a).not.toHaveBeenCalled()
    await vi.advanceTimersByTimeAsync(SETTLE_MS + IDLE_TIMEOUT_MS)
    expect(a).toHaveBeenCalledTimes(1)
    expect(b).toHaveBeenCalledTimes(1)
    expect(gone).not.toHaveBeenCalled()
    const c = vi.fn()
    whenSettled(c)
    expect(c).toHaveBeenCalledTimes(1) // no second wait
  })
})
