// The guardian's court or civil-affairs document: chosen, uploaded (PDF, JPEG or PNG), then waiting
// for a reviewer's check.
import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { t } from '../../i18n'
import { FormAlert } from '../../components/Form'
import { uploadEvidence } from '../../family/api'
import type { Mandate } from '../../family/types'

const TYPES = ['application/pdf', 'image/jpeg', 'image/png']
const MAX_BYTES = 10 * 1024 * 1024

export function EvidenceUpload({ m, onDone }: { m: Mandate; onDone: (m: Mandate) => void }) {
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const [fileError, setFileError] = useState('')
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0]
    input.value = ''
    if (!file) return
    setError(null)
    setFileError('')
    if (file.type && !TYPES.includes(file.type)) {
      setFileError(t('This kind of file cannot be used. Choose a PDF, JPG or PNG file.'))
      return
    }
    if (file.size > MAX_BYTES) {
      setFileError(t('This file is too big. Choose one of at most 10 MB, or take the photo again at a lower quality.'))
      return
    }
    setBusy(true)
    try {
      onDone(await uploadEvidence(m.id, file))
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong') })
      if (err.status === 415) setFileError(t('This kind of file cannot be used. Choose a PDF, JPG or PNG file.'))
      else if (err.status === 413) setFileError(t('This file is too big. Choose one of at most 10 MB, or take the photo again at a lower quality.'))
      else setError(err)
    } finally {
      setBusy(false)
    }
  }
  return (
    <section class="section material" aria-labelledby="evidence-h" data-testid="evidence">
      <h2 id="evidence-h">{m.has_evidence ? t('The guardianship document') : t('Upload the guardianship document')}</h2>
      {m.has_evidence ? (
        <p class="callout" data-testid="evidence-waiting">
          {t('The document was uploaded. A reviewer checks it; you are told the result in Messages.')}
        </p>
      ) : (
        <p>{t('The court judgment or the civil-affairs certificate that names you guardian of {name}. A photo or a scan (PDF, JPG or PNG, at most 10 MB).', { name: m.principal.name })}</p>
      )}
      <FormAlert error={error} />
      {fileError && (
        <p class="field-error" id="evidence-file-error">
          <span aria-hidden="true">! </span>
          {fileError}
        </p>
      )}
      <div class="file-pick">
        <input
          type="file"
          id="evidence-file"
          class="visually-hidden file-input"
          accept=".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"
          data-testid="evidence-file"
          disabled={busy}
          aria-describedby={fileError ? 'evidence-file-error' : undefined}
          onChange={(e) => void pick(e.currentTarget)}
        />
        <label for="evidence-file" class="btn secondary">
          {busy ? t('Uploading…') : m.has_evidence ? t('Upload another document') : t('Choose the document')}
        </label>
      </div>
    </section>
  )
}
