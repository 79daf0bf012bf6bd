// Saving a draft as the person types: every change goes to this device's store at once and to the
// server shortly after (POST /cases creates the draft, POST /cases/{number} saves it). Offline,
// the change waits on the device; the `online` event sends it. Independent of the page, so it is
// unit-tested with a fake API and a memory store (tests/cases.test.ts).
import { ApiError } from '../api/client'
import type { Case } from '../api/types'
import type { DraftStore, LocalDraft } from './store'

export interface DraftApi {
  create(matter: string, idempotencyKey: string): Promise<Case>
  save(number: string, body: { form: Record<string, string>; delivery?: string; delivery_address: string | null }): Promise<Case>
}

/** saving: on its way; saved: the server has it; local: kept on this device until online;
 * invalid: the server refused a value (field errors); closed: the case is no longer a draft. */
export type SyncState = 'idle' | 'saving' | 'saved' | 'local' | 'invalid' | 'closed' | 'error'

export interface SyncStatus {
  state: SyncState
  draft: LocalDraft
  error?: ApiError
  /** the server's latest view of the case */
  case?: Case
}

/** Where the `online` event comes from (window; a stand-in in tests). */
export interface EventHost {
  addEventListener(type: 'online', fn: () => void): void
  removeEventListener(type: 'online', fn: () => void): void
}

export type Patch = Partial<Pick<LocalDraft, 'form' | 'delivery' | 'delivery_address'>>

export class DraftSync {
  private timer: ReturnType<typeof setTimeout> | null = null
  private running: Promise<void> | null = null
  private again = false
  private version = 0
  private disposed = false
  private status: SyncStatus
  private readonly onOnline = () => void this.flush()

  constructor(
    private store: DraftStore,
    private api: DraftApi,
    draft: LocalDraft,
    private emit: (s: SyncStatus) => void,
    private delay = 800,
    private win: EventHost | null = typeof window === 'undefined' ? null : window,
  ) {
    this.status = { state: 'idle', draft }
    this.win?.addEventListener('online', this.onOnline)
  }

  get draft(): LocalDraft {
    return this.status.draft
  }

  private set(s: Partial<SyncStatus>): void {
    this.status = { ...this.status, ...s }
    if (!this.disposed) this.emit(this.status)
  }

  private async persist(): Promise<void> {
    try {
      await this.store.put(this.status.draft)
    } catch {
      // Storage refused (private browsing, quota): the draft still lives in this page and on the server.
    }
  }

  /** A change: kept on the device now, sent to the server after a pause in typing. */
  async update(patch: Patch): Promise<void> {
    const draft = { ...this.status.draft, ...patch, form: { ...this.status.draft.form, ...(patch.form ?? {}) }, dirty: true, updatedAt: Date.now() }
    this.version++
    this.set({ draft, state: this.status.state === 'closed' ? 'closed' : this.status.state })
    await this.persist()
    if (this.timer) clearTimeout(this.timer)
    this.timer = setTimeout(() => void this.flush(), this.delay)
  }

  /** Send what is waiting now. Resolves true when the server has everything. */
  async flush(): Promise<boolean> {
    if (this.timer) {
      clearTimeout(this.timer)
      this.timer = null
    }
    if (this.status.state === 'closed') return false
    if (this.running) {
      this.again = true
      await this.running
      return this.status.state === 'saved'
    }
    this.running = this.run()
    try {
      await this.running
    } finally {
      this.running = null
    }
    return this.status.state === 'saved'
  }

  private async run(): Promise<void> {
    try {
      do {
        this.again = false
        const d = this.status.draft
        if (!d.number) {
          this.set({ state: 'saving' })
          const c = await this.api.create(d.matter, d.createKey)
          this.set({ draft: { ...this.status.draft, number: c.number, dirty: true }, case: c })
          await this.persist()
        }
        if (this.status.draft.dirty) {
          this.set({ state: 'saving' })
          const at = this.version
          const now = this.status.draft
          const c = await this.api.save(now.number!, {
            form: now.form,
            ...(now.delivery ? { delivery: now.delivery } : {}),
            delivery_address: now.delivery_address.trim() || null,
          })
          this.set({ case: c, draft: at === this.version ? { ...this.status.draft, dirty: false } : this.status.draft })
          await this.persist()
          if (at !== this.version) this.again = true
        }
      } while (this.again && !this.disposed)
      this.set({ state: 'saved', error: undefined })
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0, title: String(e) })
      if (err.offline) this.set({ state: 'local', error: undefined })
      else if (err.status === 400 || err.status === 422) this.set({ state: 'invalid', error: err })
      else if (err.status === 409 || err.status === 404) this.set({ state: 'closed', error: err })
      else this.set({ state: 'error', error: err })
    }
  }

  /** The page goes away: what is waiting is still sent (it is on the device in any case). */
  dispose(): void {
    const pending = this.timer !== null
    this.disposed = true
    this.win?.removeEventListener('online', this.onOnline)
    if (pending) void this.flush()
  }
}
