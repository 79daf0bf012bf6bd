// Ed25519 signatures with WebCrypto (Chromium, Safari 17+, Firefox 129+, Node 20): raw 32-byte
// public keys as the trust list carries them (base64url), imported once per key.
const keys = new Map<string, Promise<CryptoKey>>()

export function fromB64url(s: string): Uint8Array {
  const b64 = s.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((s.length + 3) % 4)
  const bin = atob(b64)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

const RFC8032_KEY = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a'
const fromHex = (h: string): Uint8Array => Uint8Array.from(h.match(/../g) ?? [], (x) => parseInt(x, 16))
export const toHex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')

// TS 5.9's DOM types want ArrayBuffer-backed views for BufferSource.
const buf = (b: Uint8Array): Uint8Array<ArrayBuffer> => (b.buffer instanceof ArrayBuffer ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b))

function importKey(publicKey: string): Promise<CryptoKey> {
  let key = keys.get(publicKey)
  if (!key) {
    key = crypto.subtle.importKey('raw', buf(fromB64url(publicKey)), { name: 'Ed25519' }, false, ['verify'])
    key.catch(() => keys.delete(publicKey))
    keys.set(publicKey, key)
  }
  return key
}

/** True when `signature` is the key's Ed25519 signature of `message`; false for any failure (a bad
 * key, a wrong length, a browser without Ed25519 — callers tell that apart with ed25519Supported). */
export async function ed25519Verify(publicKey: string, signature: Uint8Array, message: Uint8Array): Promise<boolean> {
  try {
    if (signature.length !== 64) return false
    return await crypto.subtle.verify({ name: 'Ed25519' }, await importKey(publicKey), buf(signature), buf(message))
  } catch {
    return false
  }
}

let support: Promise<boolean> | undefined
/** Whether this browser's WebCrypto has Ed25519 (checked once, with a throwaway key). */
export function ed25519Supported(): Promise<boolean> {
  support ??= (async () => {
    try {
      if (!globalThis.crypto?.subtle) return false
      // RFC 8032 §7.1 test 1's public key
      await crypto.subtle.importKey('raw', buf(fromHex(RFC8032_KEY)), { name: 'Ed25519' }, false, ['verify'])
      return true
    } catch {
      return false
    }
  })()
  return support
}
