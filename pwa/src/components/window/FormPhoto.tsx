// The photograph of the paper form both people signed: taken with the device's camera
// (<input type=file accept="image/*" capture="environment">, as the material pickers do) or chosen
// as a file (a scan, PDF). Kept here until the whole mandate is sent; a preview of a photo.
import { useEffect, useRef, useState } from 'preact/hooks'
import { t } from '../../i18n'
import { formatBytes } from '../../cases/form'

export const FORM_PHOTO_TYPES = ['image/jpeg', 'image/png', 'application/pdf']
export const FORM_PHOTO_MAX = 10 * 1024 * 1024

/** Why this file cannot be the form's photo (null: it can). */
export function formPhotoProblem(f: { type: string; size: number }): string | null {
  if (f.type && !FORM_PHOTO_TYPES.includes(f.type)) return t('Use a photo (JPEG or PNG) or a PDF scan of the form.')
  if (f.size > FORM_PHOTO_MAX) return t('This file is too big. A file may be at most {size}. Choose a smaller one, or take the photo again at a lower quality.', { size: formatBytes(FORM_PHOTO_MAX) })
  return null
}

export function FormPhoto({ id, file, onFile, errors }: { id: string; file: File | null; onFile: (f: File | null) => void; errors?: string[] }) {
  const [preview, setPreview] = useState<string | null>(null)
  const [own, setOwn] = useState<string[] | undefined>()
  const camera = useRef<HTMLInputElement>(null)
  const picker = useRef<HTMLInputElement>(null)
  useEffect(() => {
    if (!file || !file.type.startsWith('image/') || typeof URL.createObjectURL !== 'function') {
      setPreview(null)
      return
    }
    const url = URL.createObjectURL(file)
    setPreview(url)
    return () => URL.revokeObjectURL(url)
  }, [file])

  const choose = (input: HTMLInputElement | null) => {
    const f = input?.files?.[0]
    if (input) input.value = ''
    if (!f) return
    const problem = formPhotoProblem(f)
    setOwn(problem ? [problem] : undefined)
    onFile(problem ? null : f)
  }
  const shown = own ?? errors
  const err = shown?.length ? shown : undefined
  const describedBy = [`${id}-hint`, err ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <section class={`material picker form-photo${err ? ' has-error' : ''}`} aria-labelledby={`${id}-h`} data-testid="mandate-form-photo">
      <h3 id={`${id}-h`} tabIndex={-1}>
        {t('The signed authorisation form')}
      </h3>
      <p class="hint" id={`${id}-hint`}>
        {t('Photograph the paper form both people signed in front of you, so that every line can be read. A photo (JPEG or PNG) or a PDF scan, at most {size}.', { size: formatBytes(FORM_PHOTO_MAX) })}
      </p>
      {err && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {err.join(' ')}
        </p>
      )}
      {file && (
        <div class="file form-photo-chosen" data-testid="mandate-form-photo-chosen">
          {preview && <img class="photo-preview" src={preview} alt={t('Photo of the signed form')} data-testid="mandate-form-photo-preview" />}
          <p>
            {preview ? t('Photo taken ({size}).', { size: formatBytes(file.size) }) : t('Scan chosen ({size}).', { size: formatBytes(file.size) })}
          </p>
          <button type="button" class="btn secondary" data-testid="mandate-form-photo-remove" onClick={() => onFile(null)}>
            {t('Remove')}
          </button>
        </div>
      )}
      <div class="file-pick actions">
        <span class="pick">
          <input ref={camera} type="file" class="visually-hidden file-input" id={`${id}-camera`} data-testid={`${id}-camera`} accept="image/*" capture="environment" aria-describedby={describedBy} aria-invalid={err ? true : undefined} onChange={() => choose(camera.current)} />
          <label for={`${id}-camera`} class={`btn${file ? ' secondary' : ''}`}>
            {file ? t('Take the photo again') : t('Take a photo')}
            <span class="visually-hidden">{t(': {what}', { what: t('The signed authorisation form') })}</span>
          </label>
        </span>
        <span class="pick">
          <input ref={picker} type="file" class="visually-hidden file-input" id={id} data-testid={id} accept="image/jpeg,image/png,application/pdf" aria-describedby={describedBy} aria-invalid={err ? true : undefined} onChange={() => choose(picker.current)} />
          <label for={id} class="btn secondary">
            {t('Choose a file')}
            <span class="visually-hidden">{t(': {what}', { what: t('The signed authorisation form') })}</span>
          </label>
        </span>
      </div>
    </section>
  )
}
