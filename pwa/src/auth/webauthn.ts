// Passkeys (WebAuthn) between the browser and the API's JSON options. Chromium has
// PublicKeyCredential.parse*OptionsFromJSON and credential.toJSON(); for browsers without them the
// few binary fields are converted by hand (base64url, RFC 4648 §5, no padding).

type Json = Record<string, unknown>

export function b64urlToBytes(s: string): Uint8Array<ArrayBuffer> {
  const raw = s.replace(/=+$/, '')
  if (/[^A-Za-z0-9_-]/.test(raw) || raw.length % 4 === 1) throw new TypeError('invalid base64url')
  const b64 = raw.replace(/-/g, '+').replace(/_/g, '/')
  const bin = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4))
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

export function bytesToB64url(buf: ArrayBuffer | ArrayBufferView): string {
  const bytes = buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength)
  let bin = ''
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]!)
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

type PKC = typeof PublicKeyCredential & {
  parseRequestOptionsFromJSON?: (o: unknown) => PublicKeyCredentialRequestOptions
  parseCreationOptionsFromJSON?: (o: unknown) => PublicKeyCredentialCreationOptions
  isConditionalMediationAvailable?: () => Promise<boolean>
}
const pkc = (): PKC | undefined => (typeof PublicKeyCredential === 'undefined' ? undefined : (PublicKeyCredential as PKC))

export const passkeysSupported = (): boolean => !!pkc() && typeof navigator !== 'undefined' && !!navigator.credentials

/** A numeric address (127.0.0.1, [::1]) cannot be a WebAuthn RP ID, so browsers refuse passkeys there. */
export const isNumericHost = (host: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[') || host.includes(':')

/** Why passkeys cannot work on this page ('browser': no WebAuthn; 'address': a numeric address), or null. */
export type PasskeyBlocker = 'browser' | 'address'
export function passkeyBlocker(): PasskeyBlocker | null {
  if (!passkeysSupported()) return 'browser'
  if (typeof location !== 'undefined' && isNumericHost(location.hostname)) return 'address'
  return null
}
export const passkeysUsable = (): boolean => passkeyBlocker() === null

export async function conditionalMediationAvailable(): Promise<boolean> {
  try {
    return (await pkc()?.isConditionalMediationAvailable?.()) === true
  } catch {
    return false
  }
}

const withIds = (list: unknown) =>
  Array.isArray(list) ? list.map((c: Json) => ({ ...c, id: b64urlToBytes(String(c.id)) }) as unknown as PublicKeyCredentialDescriptor) : undefined

/** Request (sign-in) options from JSON; `native: false` forces the hand-made conversion. */
export function parseRequestOptions(json: Json, native = true): PublicKeyCredentialRequestOptions {
  const parse = native ? pkc()?.parseRequestOptionsFromJSON : undefined
  if (parse) return parse.call(PublicKeyCredential, json)
  const o = { ...json, challenge: b64urlToBytes(String(json.challenge)) } as Json
  if (json.allowCredentials) o.allowCredentials = withIds(json.allowCredentials)
  return o as unknown as PublicKeyCredentialRequestOptions
}

/** Creation (registration) options from JSON; `native: false` forces the hand-made conversion. */
export function parseCreationOptions(json: Json, native = true): PublicKeyCredentialCreationOptions {
  const parse = native ? pkc()?.parseCreationOptionsFromJSON : undefined
  if (parse) return parse.call(PublicKeyCredential, json)
  const user = (json.user ?? {}) as Json
  const o = { ...json, challenge: b64urlToBytes(String(json.challenge)), user: { ...user, id: b64urlToBytes(String(user.id)) } } as Json
  if (json.excludeCredentials) o.excludeCredentials = withIds(json.excludeCredentials)
  return o as unknown as PublicKeyCredentialCreationOptions
}

interface CredentialLike {
  id: string
  rawId: ArrayBuffer
  type: string
  authenticatorAttachment?: string | null
  response: Record<string, unknown>
  getClientExtensionResults?: () => unknown
  toJSON?: () => unknown
}

/** A PublicKeyCredential as the JSON the API expects (what credential.toJSON() gives in Chromium). */
export function credentialToJSON(cred: CredentialLike, native = true): Json {
  if (native && typeof cred.toJSON === 'function') return cred.toJSON() as Json
  const r = cred.response
  const response: Json = { clientDataJSON: bytesToB64url(r.clientDataJSON as ArrayBuffer) }
  if (r.attestationObject) {
    response.attestationObject = bytesToB64url(r.attestationObject as ArrayBuffer)
    const transports = (r.getTransports as (() => string[]) | undefined)?.call(r)
    if (transports) response.transports = transports
  }
  if (r.authenticatorData) response.authenticatorData = bytesToB64url(r.authenticatorData as ArrayBuffer)
  if (r.signature) response.signature = bytesToB64url(r.signature as ArrayBuffer)
  if (r.userHandle) response.userHandle = bytesToB64url(r.userHandle as ArrayBuffer)
  return {
    id: cred.id,
    rawId: bytesToB64url(cred.rawId),
    type: cred.type,
    authenticatorAttachment: cred.authenticatorAttachment ?? null,
    clientExtensionResults: cred.getClientExtensionResults?.() ?? {},
    response,
  }
}

/** Ask the browser for a passkey; null when the person cancelled (or a conditional request was aborted). */
export async function getCredential(publicKey: Json, opts: { mediation?: CredentialMediationRequirement; signal?: AbortSignal } = {}): Promise<Json | null> {
  try {
    const cred = await navigator.credentials.get({ publicKey: parseRequestOptions(publicKey), mediation: opts.mediation, signal: opts.signal })
    return cred ? credentialToJSON(cred as unknown as CredentialLike) : null
  } catch (e) {
    if (isCancel(e)) return null
    throw e
  }
}

export async function createCredential(publicKey: Json): Promise<Json | null> {
  try {
    const cred = await navigator.credentials.create({ publicKey: parseCreationOptions(publicKey) })
    return cred ? credentialToJSON(cred as unknown as CredentialLike) : null
  } catch (e) {
    if (isCancel(e)) return null
    throw e
  }
}

/** NotAllowedError is what browsers give for "cancelled", "timed out" and "no passkey here" alike. */
export const isCancel = (e: unknown): boolean => e instanceof DOMException && (e.name === 'NotAllowedError' || e.name === 'AbortError')
