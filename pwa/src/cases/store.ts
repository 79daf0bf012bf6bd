// Drafts kept on this device, so a half-filled application survives going offline, a reload or a
// closed tab (design guide §9): a small IndexedDB wrapper (database `tongban`, store `drafts`),
// and a memory store for kiosk mode, which keeps nothing on the device.
import { getActing } from '../acting'
export interface LocalDraft {
  /** `<account id>:<matter code>` (acting for someone: `<account id>@<mandate>:<matter code>`):
   * one draft per person and matter on this device */
  key: string
  account: number
  matter: string
  /** the server's case number, once the draft exists there */
  number: string | null
  form: Record<string, string>
  delivery: string | null
  delivery_address: string
  /** Idempotency-Key of POST /cases: a retry after a lost answer gets the same case */
  createKey: string
  /** Idempotency-Key of the submission: a retry after a network failure gets the same receipt */
  submitKey: string
  /** changed here since the server last saved it */
  dirty: boolean
  updatedAt: number
}

export interface DraftStore {
  get(key: string): Promise<LocalDraft | undefined>
  put(draft: LocalDraft): Promise<void>
  delete(key: string): Promise<void>
  /** Forget every draft the server already has (sign-out): only unsynced changes stay on the device. */
  forgetSynced(): Promise<void>
}

/** Acting for someone keeps the drafts made for them apart from one's own (src/acting.ts). */
export const draftKey = (account: number, matter: string): string => {
  const acting = getActing()
  return acting ? `${account}@${acting.mandate}:${matter}` : `${account}:${matter}`
}

export function uuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID()
  const b = crypto.getRandomValues(new Uint8Array(16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`
}

export function newDraft(account: number, matter: string): LocalDraft {
  return {
    key: draftKey(account, matter),
    account,
    matter,
    number: null,
    form: {},
    delivery: null,
    delivery_address: '',
    createKey: uuid(),
    submitKey: uuid(),
    dirty: false,
    updatedAt: Date.now(),
  }
}

/** Kiosk mode, and browsers without IndexedDB: drafts live as long as the page. */
export class MemoryStore implements DraftStore {
  private rows = new Map<string, LocalDraft>()
  async get(key: string) {
    const d = this.rows.get(key)
    return d ? structuredCloneish(d) : undefined
  }
  async put(draft: LocalDraft) {
    this.rows.set(draft.key, structuredCloneish(draft))
  }
  async delete(key: string) {
    this.rows.delete(key)
  }
  async forgetSynced() {
    for (const [k, d] of this.rows) if (!d.dirty) this.rows.delete(k)
  }
}

const structuredCloneish = (d: LocalDraft): LocalDraft => ({ ...d, form: { ...d.form } })

export const DB_NAME = 'tongban'
const STORE = 'drafts'

function request<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result)
    r.onerror = () => reject(r.error)
  })
}

export class IdbStore implements DraftStore {
  private db: Promise<IDBDatabase> | null = null
  constructor(private factory: IDBFactory = indexedDB) {}

  private open(): Promise<IDBDatabase> {
    if (!this.db) {
      this.db = new Promise((resolve, reject) => {
        const r = this.factory.open(DB_NAME, 1)
        r.onupgradeneeded = () => {
          if (!r.result.objectStoreNames.contains(STORE)) r.result.createObjectStore(STORE, { keyPath: 'key' })
        }
        r.onsuccess = () => resolve(r.result)
        r.onerror = () => reject(r.error)
        r.onblocked = () => reject(new Error('IndexedDB blocked'))
      })
      this.db.catch(() => {
        this.db = null
      })
    }
    return this.db
  }

  private async tx<T>(mode: IDBTransactionMode, run: (s: IDBObjectStore) => IDBRequest<T>): Promise<T> {
    const db = await this.open()
    const tx = db.transaction(STORE, mode)
    const result = request(run(tx.objectStore(STORE)))
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve()
      tx.onerror = () => reject(tx.error)
      tx.onabort = () => reject(tx.error)
    })
    return result
  }

  async get(key: string) {
    return (await this.tx('readonly', (s) => s.get(key))) as LocalDraft | undefined
  }
  async put(draft: LocalDraft) {
    await this.tx('readwrite', (s) => s.put(draft))
  }
  async delete(key: string) {
    await this.tx('readwrite', (s) => s.delete(key))
  }
  async forgetSynced() {
    const all = (await this.tx('readonly', (s) => s.getAll())) as LocalDraft[]
    for (const d of all) if (!d.dirty) await this.delete(d.key)
  }
}

/** The store for this visit: nothing on the device in kiosk mode (or where IndexedDB is missing). */
export function draftStore(kiosk: boolean): DraftStore {
  if (kiosk || typeof indexedDB === 'undefined') return new MemoryStore()
  return new IdbStore()
}

/** Sign-out: forget the drafts the server already has, without creating the database where none is
 * (kiosk mode never opens one, and must not find one after a sign-out either). */
export async function forgetSyncedDrafts(): Promise<void> {
  if (typeof indexedDB === 'undefined' || typeof indexedDB.databases !== 'function') return
  const names = (await indexedDB.databases()).map((d) => d.name)
  if (names.includes(DB_NAME)) await new IdbStore().forgetSynced()
}
