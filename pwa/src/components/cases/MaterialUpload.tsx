// One material of an application: what it is, which files are accepted (before choosing), the
// files uploaded so far (remove one), and an upload with a progress bar. Used by the apply form and
// by the answer to a supplement request.
import { useRef, useState } from 'preact/hooks'
import { ApiError, apiPost } from '../../api/client'
import type { CaseFile, CaseFileList, MaterialRule } from '../../api/types'
import { dataLang, formatDateTime, t } from '../../i18n'
import { acceptAttr, fileKindLabel, formatBytes, materialId, precheckFile, typesLabel } from '../../cases/form'
import { uploadMaterial, uploadProblem } from '../../cases/upload'

export interface MaterialUploadProps {
  number: string | null
  rule: MaterialRule
  index: number
  files: CaseFile[]
  /** server errors for this material (submission) */
  errors?: string[]
  online: boolean
  onFiles: (files: CaseFile[]) => void
  /** the heading level: h2 alone on a screen, h3 in a list */
  level?: 2 | 3
}

export function MaterialUpload({ number, rule, index, files, errors, online, onFiles, level = 3 }: MaterialUploadProps) {
  const id = materialId(index)
  const mine = files.filter((f) => f.material === rule.name)
  const others = files.filter((f) => f.material !== rule.name)
  const [progress, setProgress] = useState<number | null>(null)
  const [problem, setProblem] = useState<string | null>(null)
  const [said, setSaid] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const H = level === 2 ? 'h2' : 'h3'
  const dl = dataLang()
  const shown = problem ? [problem] : errors ?? []

  const onChoose = async () => {
    const file = input.current?.files?.[0]
    if (!file || !number) return
    setProblem(null)
    setSaid('')
    const pre = precheckFile(file, rule)
    if (pre) {
      setProblem(uploadProblem(pre, rule))
      if (input.current) input.current.value = ''
      return
    }
    setProgress(0)
    try {
      const added = await uploadMaterial(number, rule.name, file, file.name, { onProgress: (f) => setProgress(Math.round(f * 100)) })
      onFiles([...files, added])
      setSaid(t('Uploaded: {what}.', { what: rule.name }))
    } catch (e) {
      if (e instanceof ApiError) setProblem(uploadProblem(e.status, rule) ?? e.detail ?? e.title)
      else if (!(e instanceof DOMException)) setProblem(t('Something went wrong'))
    } finally {
      setProgress(null)
      if (input.current) input.current.value = ''
    }
  }

  const onRemove = async (f: CaseFile) => {
    setProblem(null)
    try {
      const left = await apiPost<CaseFileList>(`/cases/${encodeURIComponent(number!)}/materials/${f.id}/remove`)
      onFiles([...others, ...left.items.filter((x) => x.material === rule.name)])
      setSaid(t('The file is removed.'))
    } catch (e) {
      setProblem(e instanceof ApiError ? (e.offline ? t('You are offline. Files can be removed when you are back online.') : e.detail ?? e.title) : t('Something went wrong'))
    }
  }

  const describedBy = [`${id}-rules`, shown.length ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <section class={`material${shown.length ? ' has-error' : ''}`} aria-labelledby={`${id}-h`} data-testid="material">
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
          {t('You need not upload this: your electronic licence “{licence}” is checked instead. Upload it only if you have no such licence.', { licence: rule.licence_type })}
        </p>
      )}
      <p class="hint" id={`${id}-rules`}>
        {t('Accepted: {types} files, each at most {size}.', { types: typesLabel(rule.accepted_types), size: formatBytes(rule.max_bytes) })}
      </p>
      {mine.length > 0 && (
        <ul class="files">
          {mine.map((f, i) => (
            <li key={f.id} class="file" data-testid="material-item">
              <span>
                {t('File {n}: {kind}, {size}', { n: i + 1, kind: fileKindLabel(f.content_type), size: formatBytes(f.size) })}
                <span class="muted">{t(' (uploaded {when})', { when: formatDateTime(f.uploaded_at) })}</span>
              </span>
              <button type="button" class="btn secondary" data-testid="material-remove" disabled={!online || progress !== null} onClick={() => void onRemove(f)}>
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
      {progress !== null && (
        <div class="upload-progress" data-testid="material-progress">
          <label for={`${id}-progress`}>{t('Uploading… {n}%', { n: progress })}</label>
          <progress id={`${id}-progress`} max={100} value={progress} />
        </div>
      )}
      {!number || !online ? (
        <p class="notice">{t('Files can be uploaded when you are online. What you have filled in is kept.')}</p>
      ) : (
        <div class="file-pick">
          <input
            ref={input}
            type="file"
            class="visually-hidden file-input"
            id={id}
            data-testid={id}
            accept={acceptAttr(rule.accepted_types)}
            aria-describedby={describedBy}
            aria-invalid={shown.length ? true : undefined}
            disabled={progress !== null}
            onChange={() => void onChoose()}
          />
          <label for={id} class={`btn ${mine.length ? 'secondary' : ''}`}>
            {mine.length ? t('Add another file') : t('Choose a file to upload')}
            <span class="visually-hidden">{t(': {what}', { what: rule.name })}</span>
          </label>
        </div>
      )}
      <p role="status" class="status-note">
        {said}
      </p>
    </section>
  )
}
