// Calls of the mandates pages that are not plain JSON: the guardian's document (multipart upload).
import { ApiError, apiGet, apiUrl, csrfToken, CSRF_HEADER, toApiError } from '../api/client'
import { BCP47, getLang, t } from '../i18n'
import type { Mandate } from './types'

/** POST /mandates/{id}/evidence with the court or civil-affairs document (PDF, JPEG or PNG). */
export async function uploadEvidence(id: string, file: File, doFetch: typeof fetch = fetch): Promise<Mandate> {
  if (!csrfToken() && typeof document !== 'undefined') await apiGet('/health').catch(() => undefined)
  const body = new FormData()
  body.append('file', file, file.name || 'document')
  let res: Response
  try {
    res = await doFetch(apiUrl(`/mandates/${encodeURIComponent(id)}/evidence`), {
      method: 'POST',
      body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json, application/problem+json', 'Accept-Language': BCP47[getLang()], [CSRF_HEADER]: csrfToken() },
    })
  } catch {
    throw new ApiError({ status: 0, offline: true, title: t('Could not reach the service'), detail: t('The file was not uploaded. Check your connection and choose the file again.') })
  }
  if (!res.ok) throw await toApiError(res)
  return (await res.json()) as Mandate
}
