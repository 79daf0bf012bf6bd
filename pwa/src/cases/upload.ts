// Uploading a material with a progress bar: XMLHttpRequest (fetch reports no upload progress),
// multipart `material` + `file` to POST /cases/{number}/materials, the X-CSRF-Token header, and
// problem+json answers turned into the same ApiError as every other call.
import { ApiError, apiGet, apiUrl, csrfToken, CSRF_HEADER, toApiError } from '../api/client'
import type { CaseFile } from '../api/types'
import { BCP47, getLang, t } from '../i18n'
import { actingHeaders } from '../acting'
import { formatBytes, typesLabel } from './form'

export interface UploadOptions {
  onProgress?: (fraction: number) => void
  signal?: AbortSignal
  /** for tests */
  xhr?: () => XMLHttpRequest
}

export function uploadMaterial(number: string, material: string, file: Blob, filename: string, opts: UploadOptions = {}): Promise<CaseFile> {
  return uploadTo<CaseFile>(`/cases/${encodeURIComponent(number)}/materials`, material, file, filename, opts)
}

/** The same upload to another materials endpoint (a bundle's: POST /bundles/{code}/materials). */
export async function uploadTo<T>(path: string, material: string, file: Blob, filename: string, opts: UploadOptions = {}): Promise<T> {
  if (!csrfToken() && typeof document !== 'undefined') await apiGet('/health').catch(() => undefined)
  const body = new FormData()
  body.append('material', material)
  body.append('file', file, filename)
  const xhr = opts.xhr ? opts.xhr() : new XMLHttpRequest()
  return new Promise<T>((resolve, reject) => {
    xhr.open('POST', apiUrl(path))
    xhr.withCredentials = true
    xhr.setRequestHeader('Accept', 'application/json, application/problem+json')
    xhr.setRequestHeader('Accept-Language', BCP47[getLang()])
    xhr.setRequestHeader(CSRF_HEADER, csrfToken())
    for (const [k, v] of Object.entries(actingHeaders(path))) xhr.setRequestHeader(k, v)
    xhr.upload.onprogress = (e: ProgressEvent) => {
      if (e.lengthComputable && e.total > 0) opts.onProgress?.(Math.min(1, e.loaded / e.total))
    }
    xhr.onload = () => {
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          opts.onProgress?.(1)
          resolve(JSON.parse(xhr.responseText) as T)
        } catch {
          reject(new ApiError({ status: xhr.status, title: t('Something went wrong') }))
        }
        return
      }
      const res = new Response(xhr.responseText, { status: xhr.status, headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' } })
      void toApiError(res).then(reject)
    }
    xhr.onerror = () =>
      reject(new ApiError({ status: 0, offline: true, title: t('Could not reach the service'), detail: t('The file was not uploaded. Check your connection and choose the file again.') }))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    opts.signal?.addEventListener('abort', () => xhr.abort())
    xhr.send(body)
  })
}

/** What to tell a person whose file was refused: plain words for a file too big or of the wrong
 * kind (the server's 413 and 415, or the same checks made before sending). */
export function uploadProblem(status: number, rule: { accepted_types: readonly string[]; max_bytes: number }): string | null {
  if (status === 413) return t('This file is too big. A file may be at most {size}. Choose a smaller one, or take the photo again at a lower quality.', { size: formatBytes(rule.max_bytes) })
  if (status === 415) return t('This kind of file cannot be used. Choose a {types} file.', { types: typesLabel(rule.accepted_types) })
  return null
}
