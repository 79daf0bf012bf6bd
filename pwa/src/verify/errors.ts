/** Not a licence QR we can read; `reason` as the backend's codec.Unreadable: format, base45, cbor, structure. */
export class Unreadable extends Error {
  readonly reason: string
  constructor(reason: string) {
    super(reason)
    this.name = 'Unreadable'
    this.reason = reason
  }
}
