// The applicant's electronic signature (电子签名) made at submission: ask to sign the complete draft
// (POST /cases/{number}/signature/options), then sign with a passkey (the WebAuthn challenge is the
// application's digest) or with a code texted to one's own phone; the submission carries it.
import { ApiError, apiPost } from '../api/client'
import { getCredential, passkeysUsable } from '../auth/webauthn'
import { passkeyProblem } from '../auth/flows'

type Json = Record<string, unknown>

export interface SignOptions {
  method: 'passkey' | 'sms_code'
  digest: string
  expires_at: string
  handle: string | null
  publicKey: Json | null
  phone_masked: string | null
}

export type Signature = { method: 'passkey'; handle: string; credential: Json } | { method: 'sms_code'; code: string }

/** The signing request for a draft; null when this server takes submissions without a signature. */
export async function askToSign(number: string, method?: SignOptions['method']): Promise<SignOptions | null> {
  const chosen = method ?? (passkeysUsable() ? undefined : 'sms_code')
  try {
    return await apiPost<SignOptions>(`/cases/${encodeURIComponent(number)}/signature/options`, chosen ? { method: chosen } : {})
  } catch (e) {
    // The case exists (it was just saved): a 404 here means no signing endpoint.
    if (e instanceof ApiError && e.status === 404) return null
    throw e
  }
}

/** Sign with the passkey the options name; null when the person cancelled. */
export async function signWithPasskey(opts: SignOptions): Promise<Signature | null> {
  const credential = await getCredential(opts.publicKey ?? {}).catch((e: unknown) => {
    throw passkeyProblem(e)
  })
  return credential ? { method: 'passkey', handle: opts.handle ?? '', credential } : null
}
