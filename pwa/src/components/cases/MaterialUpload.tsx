// One material of an application: what it is, which files are accepted (before choosing), the
// files uploaded so far (remove one), and an upload with a progress bar. Used by the apply form and
// by the answer to a supplement request.
import { useRef } from 'preact/hooks'
import { apiPost } from '../../api/client'
import type { CaseFile, CaseFileList, MaterialRule } from '../../api/types'
import { t } from '../../i18n'
import { acceptAttr, materialId } from '../../cases/form'
import { uploadMaterial } from '../../cases/upload'
import { MaterialFileList, MaterialHead, MaterialProgress, useMaterialFiles } from './MaterialParts'

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
  const input = useRef<HTMLInputElement>(null)
  const { progress, shown, said, choose, drop } = useMaterialFiles({
    rule,
    files,
    onFiles,
    errors,
    upload: (file, onProgress) => uploadMaterial(number!, rule.name, file, file.name, { onProgress }),
    remove: async (f) => {
      const left = await apiPost<CaseFileList>(`/cases/${encodeURIComponent(number!)}/materials/${f.id}/remove`)
      return [...files.filter((x) => x.material !== rule.name), ...left.items.filter((x) => x.material === rule.name)]
    },
  })

  const describedBy = [`${id}-rules`, shown.length ? `${id}-error` : ''].filter(Boolean).join(' ')
  return (
    <section class={`material${shown.length ? ' has-error' : ''}`} aria-labelledby={`${id}-h`} data-testid="material">
      <MaterialHead
        id={id}
        rule={rule}
        level={level}
        licenceNote={t('You need not upload this: your electronic licence “{licence}” is checked instead. Upload it only if you have no such licence.', { licence: rule.licence_type ?? '' })}
      />
      <MaterialFileList rule={rule} mine={mine} disabled={!online || progress !== null} onRemove={(f) => void drop(f)} />
      <MaterialProgress id={id} shown={shown} progress={progress} />
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
            onChange={() => void choose(input.current)}
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
