// One material, photographed with the device's camera (<input type=file accept="image/*"
// capture="environment">: a phone opens its back camera; a computer offers its file picker) or
// chosen as a file (a scanned PDF), with a preview of each photo taken here. Used at the window
// (paper materials the applicant brought) and by the bundle application (one set of materials).
// Where the files go is the caller's: `upload` sends one, `remove` takes one away.
import { useEffect, useRef, useState } from 'preact/hooks'
import type { MaterialRule } from '../../api/types'
import { t } from '../../i18n'
import { acceptAttr, materialId } from '../../cases/form'
import { MaterialFileList, MaterialHead, MaterialProgress, useMaterialFiles, type PickedFile } from '../cases/MaterialParts'

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
  // Previews of the photos taken on this page, by file id (object URLs, revoked when done).
  const [previews, setPreviews] = useState<Record<number, string>>({})
  const urls = useRef<string[]>([])
  useEffect(() => () => urls.current.forEach((u) => URL.revokeObjectURL(u)), [])
  const camera = useRef<HTMLInputElement>(null)
  const picker = useRef<HTMLInputElement>(null)
  const canPhoto = rule.accepted_types.some((m) => m.startsWith('image/'))
  const { progress, shown, said, choose, drop } = useMaterialFiles({
    rule,
    files,
    onFiles,
    errors,
    upload,
    remove: async (f) => {
      await remove(f)
      return files.filter((x) => x.id !== f.id)
    },
    onAdded: (file, added) => {
      if (file.type.startsWith('image/') && typeof URL.createObjectURL === 'function') {
        const url = URL.createObjectURL(file)
        urls.current.push(url)
        setPreviews((p) => ({ ...p, [added.id]: url }))
      }
    },
  })

  const describedBy = [`${id}-rules`, shown.length ? `${id}-error` : ''].filter(Boolean).join(' ')
  const busy = progress !== null
  return (
    <section class={`material picker${shown.length ? ' has-error' : ''}`} aria-labelledby={`${id}-h`} data-testid="material">
      <MaterialHead
        id={id}
        rule={rule}
        level={level}
        licenceNote={
          atWindow
            ? t('The electronic licence “{licence}” can stand in for this. Photograph the paper one only if the applicant has no such licence.', { licence: rule.licence_type ?? '' })
            : t('You need not upload this: your electronic licence “{licence}” is checked instead. Upload it only if you have no such licence.', { licence: rule.licence_type ?? '' })
        }
      />
      <MaterialFileList rule={rule} mine={mine} disabled={!online || busy} onRemove={(f) => void drop(f)} previews={previews} />
      <MaterialProgress id={id} shown={shown} progress={progress} />
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
                onChange={() => void choose(camera.current)}
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
              onChange={() => void choose(picker.current)}
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
