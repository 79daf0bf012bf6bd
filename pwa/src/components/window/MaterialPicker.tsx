// One material, photographed with the device's camera (<input type=file accept="image/*"
// capture="environment">: a phone opens its back camera; a computer offers its file picker) or
// chosen as a file (a scanned PDF), with a preview of each photo taken here. Used at the window
// (paper materials the applicant brought) and by the bundle application (one set of materials).
// Where the files go is the caller's: `upload` sends one, `remove` takes one away.
import { useEffect, useRef, useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import type { MaterialRule } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { acceptAttr, fileKindLabel, formatBytes, materialId, precheckFile, typesLabel } from '../../cases/form'
import { uploadProblem } from '../../cases/upload'

/** What the pages know of an uploaded file (a case's CaseFile or a bundle's StagedFile). */
export interface PickedFile {
  id: number
  material: string
  content_type: string
  size: number
  uploaded_at: string
}

export interface MaterialPickerProps<F extends PickedFile> {
  rule: MaterialRule
  index: number
  files: F[]
  upload: (file: File, onProgress: (fraction: number) => void) => Promise<F>
  remove: (f: F) => Promise<void>
  onFiles: (files: F[]) => void
  errors?: string[]
  online: boolean
  /** the heading level: h2 alone on a screen, h3 in a list */
  level?: 2 | 3
  /** at the window: the original is seen there, so an e-licence note is not needed */
  atWindow?: boolean
}

export function MaterialPicker<F extends PickedFile>({ rule, index, files, upload, remove, onFiles, errors, online, level = 3, atWindow }: MaterialPickerProps<F>) {
  const id = materialId(index)
  const mine = files.filter((f) => f.material === rule.name)
  const [progress, setProgress] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [said, setSaid] = useState('')
  // Previews of the photos taken on this page, by file id (object URLs, revoked when done).
  const [previews, setPreviews] = useState<Record<number, string>>({})
  const urls = useRef<string[]>([])
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), [])
  const camera = useRef<HTMLInputElement>(null)
  const picker = useRef<HTMLInputElement>(null)
  const H = level === 2 ? 'h2' : 'h3'
  const dl = dataLang()
  const shown = problem ? [problem] : errors ?? []
  const canPhoto = rule.accepted_types.some((m) => m.startsWith('image/'))

  const onChoose = async (input: HTMLInputElement | null) => {
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
      if (file.type.startsWith('image/') && typeof URL.createObjectURL === 'function') {
        const url = URL.createObjectURL(file)
        urls.current.push(url)
        setPreviews((p) => ({ ...p, [added.id]: url }))
      }
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

  const onRemove = async (f: F) => {
    setProblem(null)
    try {
      await remove(f)
      onFiles(files.filter((x) => x.id !== f.id))
      setSaid(t('The file is removed.'))
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.offline ? t('You are offline. Files can be removed when you are back online.') : e.detail ?? e.title) : t('Something went wrong'))
    }
  }

  const describedBy = [`${id}-rules`, shown.length ? `${id}-error` : ''].filter(Boolean).join(' ')
  const busy = progress !== null
  return (
    <section class={`material picker${shown.length ? ' has-error' : ''}`} aria-labelledby={`${id}-h`} data-testid="material">
      <H id={`${id}-h`} tabIndex={-1}>
        <span lang={dl}>{rule.name}</span>
        <span class="optional">{rule.required && !rule.licence_type ? t(' (required)') : t(' (optional)')}</span>
      </H>
      {rule.note && (
        <p lang={dl} class="material-note">
          {rule.note}
        </p>
      )}
      {rule.licence_type && (
        <p class="callout licence-note">
          {atWindow
            ? t('The electronic licence “{licence}” can stand in for this. Photograph the paper one only if the applicant has no such licence.', { licence: rule.licence_type })
            : t('You need not upload this: your electronic licence “{licence}” is checked instead. Upload it only if you have no such licence.', { licence: rule.licence_type })}
        </p>
      )}
      <p class="hint" id={`${id}-rules`}>
        {t('Accepted: {types} files, each at most {size}.', { types: typesLabel(rule.accepted_types), size: formatBytes(rule.max_bytes) })}
      </p>
      {mine.length > 0 && (
        <ul class="files">
          {mine.map((f, i) => (
            <li key={f.id} class="file" data-testid="material-item">
              {previews[f.id] && <img class="photo-preview" src={previews[f.id]} alt={t('Photo {n} of {what}', { n: i + 1, what: rule.name })} data-testid="material-preview" />}
              <span>
                {t('File {n}: {kind}, {size}', { n: i + 1, kind: fileKindLabel(f.content_type), size: formatBytes(f.size) })}
                <span class="muted">{t(' (uploaded {when})', { when: formatDateTime(f.uploaded_at) })}</span>
              </span>
              <button type="button" class="btn secondary" data-testid="material-remove" disabled={!online || busy} onClick={() => void onRemove(f)}>
                {t('Remove')}
                <span class="visually-hidden">{t(' file {n} of {what}', { n: i + 1, what: rule.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {shown.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {shown.join(' ')}
        </p>
      )}
      {busy && (
        <div class="upload-progress" data-testid="material-progress">
          <label for={`${id}-progress`}>{t('Uploading… {n}%', { n: progress })}</label>
          <progress id={`${id}-progress`} max={100} value={progress} />
        </div>
      )}
      {!online ? (
        <p class="notice">{t('Files can be uploaded when you are online. What you have filled in is kept.')}</p>
      ) : (
        <div class="file-pick actions">
          {canPhoto && (
            <span class="pick">
              <input
                ref={camera}
                type="file"
                class="visually-hidden file-input"
                id={`${id}-camera`}
                data-testid={`${id}-camera`}
                accept="image/*"
                capture="environment"
                aria-describedby={describedBy}
                aria-invalid={shown.length ? true : undefined}
                disabled={busy}
                onChange={() => void onChoose(camera.current)}
              />
              <label for={`${id}-camera`} class={`btn ${mine.length ? 'secondary' : ''}`}>
                {mine.length ? t('Take another photo') : t('Take a photo')}
                <span class="visually-hidden">{t(': {what}', { what: rule.name })}</span>
              </label>
            </span>
          )}
          <span class="pick">
            <input
              ref={picker}
              type="file"
              class="visually-hidden file-input"
              id={id}
              data-testid={id}
              accept={acceptAttr(rule.accepted_types)}
              aria-describedby={describedBy}
              aria-invalid={shown.length ? true : undefined}
              disabled={busy}
              onChange={() => void onChoose(picker.current)}
            />
            <label for={id} class={`btn ${canPhoto || mine.length ? 'secondary' : ''}`}>
              {t('Choose a file')}
              <span class="visually-hidden">{t(': {what}', { what: rule.name })}</span>
            </label>
          </span>
        </div>
      )}
      <p role="status" class="status-note">
        {said}
      </p>
    </section>
  )
}
