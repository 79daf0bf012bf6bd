// The passkey ceremonies against the API (see docs/api-contract.md, "Identity").
import { ApiError, apiPost } from '../api/client'
import type { CeremonyOptions, Passkey, Profile } from '../api/types'
import { t } from '../i18n'
import { createCredential, getCredential, passkeyBlocker } from './webauthn'
import { describeDevice } from './ua'

export interface PasskeySigninOptions {
  staff?: boolean
  kiosk?: boolean
  mediation?: CredentialMediationRequirement
  signal?: AbortSignal
}

/** Sign in with a passkey; null when the person cancelled or the request was aborted. */
export async function passkeySignin({ staff = false, kiosk = false, mediation, signal }: PasskeySigninOptions = {}): Promise<Profile | null> {
  if (passkeyBlocker()) throw noPasskeys()
  const opts = await apiPost<CeremonyOptions>('/auth/passkey/options', { staff }, { signal })
  const credential = await getCredential(opts.publicKey, { mediation, signal }).catch((e: unknown) => {
    throw passkeyProblem(e)
  })
  // Aborted meanwhile (the explicit button took over from the autofill request): stop here.
  if (!credential || signal?.aborted) return null
  return apiPost<Profile>('/auth/passkey', { handle: opts.handle, credential, staff, kiosk }, { signal })
}

/** Register a passkey for the signed-in person; null when cancelled. */
export async function addPasskey(name: string): Promise<Passkey | null> {
  if (passkeyBlocker()) throw noPasskeys()
  const opts = await apiPost<CeremonyOptions>('/me/passkeys/options')
  const credential = await createCredential(opts.publicKey).catch((e: unknown) => {
    throw passkeyProblem(e)
  })
  if (!credential) return null
  return apiPost<Passkey>('/me/passkeys', { handle: opts.handle, credential, name: name.trim() || describeDevice(navigator.userAgent) })
}

/** Why passkeys cannot be used here, in words for the person (never how a developer fixes it). */
export const passkeyBlockedText = (): string =>
  passkeyBlocker() === 'address'
    ? t('Passkeys cannot be used at this web address. Sign in with a code sent to your phone instead.')
    : t('This browser cannot use passkeys. Sign in with a code sent to your phone instead.')

const noPasskeys = () => new ApiError({ status: 0, title: t('Passkeys are not available here'), detail: passkeyBlockedText() })

/** A browser-side WebAuthn failure, in words. */
export function passkeyProblem(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  const name = e instanceof DOMException ? e.name : ''
  const title = t('The passkey could not be used')
  if (name === 'InvalidStateError') return new ApiError({ status: 0, title, detail: t('This device already holds a passkey for your account.') })
  if (name === 'SecurityError')
    return new ApiError({ status: 0, title, detail: t('Passkeys cannot be used at this web address. Sign in with a code sent to your phone instead.') })
  if (name === 'NotSupportedError') return noPasskeys()
  return new ApiError({ status: 0, title, detail: t('Please try again, or sign in with a code sent to your phone.') })
}
