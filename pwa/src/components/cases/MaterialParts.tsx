// What the two ways of adding a material share: the online application's MaterialUpload (a file
// chosen on the resident's device) and MaterialPicker (a photo or a file, at the window and in the
// bundle application). The upload and removal with their progress and messages, the heading with
// what is accepted, the list of files uploaded, the error and the progress bar.
import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import type { MaterialRule } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { fileKindLabel, formatBytes, precheckFile, typesLabel } from '../../cases/form'
import { uploadProblem } from '../../cases/upload'

/** What the pages know of an uploaded file (a case's CaseFile or a bundle's StagedFile). */
export interface PickedFile {
  id: number
  material: string
  content_type: string
  size: number
  uploaded_at: string
}

export interface MaterialFilesOptions<F extends PickedFile> {
  rule: MaterialRule
  files: F[]
  onFiles: (files: F[]) => void
  /** server errors for this material (submission) */
  errors?: string[]
  /** sends one file */
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<F>
  /** takes one away; the files left (of every material) */
  remove: (f: F) => Promise<F[]>
  /** after a file is uploaded */
  onAdded?: (file: File, added: F) => void
}

/** Uploading and removing one material's files: the progress (null: none under way), the errors
 * to show, and what to say to a screen reader when done. */
export function useMaterialFiles<F extends PickedFile>({ rule, files, onFiles, errors, upload, remove, onAdded }: MaterialFilesOptions<F>) {
  const [progress, setProgress] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [said, setSaid] = useState('')
  const shown = problem ? [problem] : errors ?? []

  const choose = async (input: HTMLInputElement | null) => {
    const file = input?.files?.[0]
    if (!file) return
    setProblem(null)
    setSaid('')
    const pre = precheckFile(file, rule)
    if (pre) {
      setProblem(uploadProblem(pre, rule))
      input.value = ''
      return
    }
    setProgress(0)
    try {
      const added = await upload(file, (f) => setProgress(Math.round(f * 100)))
      onAdded?.(file, added)
      onFiles([...files, added])
      setSaid(t('Uploaded: {what}.', { what: rule.name }))
    } catch (e) {
      if (e instanceof ApiError) setProblem(uploadProblem(e.status, rule) ?? e.detail ?? e.title)
      else if (!(e instanceof DOMException)) setProblem(t('Something went wrong'))
    } finally {
      setProgress(null)
      input.value = ''
    }
  }

  const drop = async (f: F) => {
    setProblem(null)
    try {
      onFiles(await remove(f))
      setSaid(t('The file is removed.'))
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.offline ? t('You are offline. Files can be removed when you are back online.') : e.detail ?? e.title) : t('Something went wrong'))
    }
  }

  return { progress, shown, said, choose, drop }
}

/** The material's heading (h2 alone on a screen, h3 in a list), its note, the e-licence note and
 * which files are accepted. */
export function MaterialHead({ id, rule, level, licenceNote }: { id: string; rule: MaterialRule; level: 2 | 3; licenceNote: string }) {
  const H = level === 2 ? 'h2' : 'h3'
  const dl = dataLang()
  return (
    <>
      <H id={`${id}-h`} tabIndex={-1}>
        <span lang={dl}>{rule.name}</span>
        <span class="optional">{rule.required && !rule.licence_type ? t(' (required)') : t(' (optional)')}</span>
      </H>
      {rule.note && (
        <p lang={dl} class="material-note">
          {rule.note}
        </p>
      )}
      {rule.licence_type && <p class="callout licence-note">{licenceNote}</p>}
      <p class="hint" id={`${id}-rules`}>
        {t('Accepted: {types} files, each at most {size}.', { types: typesLabel(rule.accepted_types), size: formatBytes(rule.max_bytes) })}
      </p>
    </>
  )
}

/** The files of the material, each with a button to remove it (and a preview, where there is one). */
export function MaterialFileList<F extends PickedFile>({ rule, mine, disabled, onRemove, previews = {} }: { rule: MaterialRule; mine: F[]; disabled: boolean; onRemove: (f: F) => void; previews?: Record<number, string> }) {
  if (!mine.length) return null
  return (
    <ul class="files">
      {mine.map((f, i) => (
        <li key={f.id} class="file" data-testid="material-item">
          {previews[f.id] && <img class="photo-preview" src={previews[f.id]} alt={t('Photo {n} of {what}', { n: i + 1, what: rule.name })} data-testid="material-preview" />}
          <span>
            {t('File {n}: {kind}, {size}', { n: i + 1, kind: fileKindLabel(f.content_type), size: formatBytes(f.size) })}
            <span class="muted">{t(' (uploaded {when})', { when: formatDateTime(f.uploaded_at) })}</span>
          </span>
          <button type="button" class="btn secondary" data-testid="material-remove" disabled={disabled} onClick={() => onRemove(f)}>
            {t('Remove')}
            <span class="visually-hidden">{t(' file {n} of {what}', { n: i + 1, what: rule.name })}</span>
          </button>
        </li>
      ))}
    </ul>
  )
}

/** The error of the material, then the progress of an upload under way. */
export function MaterialProgress({ id, shown, progress }: { id: string; shown: string[]; progress: number | null }) {
  return (
    <>
      {shown.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {shown.join(' ')}
        </p>
      )}
      {progress !== null && (
        <div class="upload-progress" data-testid="material-progress">
          <label for={`${id}-progress`}>{t('Uploading… {n}%', { n: progress })}</label>
          <progress id={`${id}-progress`} max={100} value={progress} />
        </div>
      )}
    </>
  )
}
