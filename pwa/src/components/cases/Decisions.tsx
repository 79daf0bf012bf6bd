// A reviewer's decisions on a case (or on their department's part of a joint case): a button for
// each decision allowed, then a small form with the reason or note the applicant reads (a reason
// is required to refuse) and a button to confirm.
import { useState } from 'preact/hooks'
import { ApiError } from '../../api/client'
import { t } from '../../i18n'
import { REASON_REQUIRED } from '../../cases/labels'
import { FormAlert } from '../Form'
import { TextArea } from './FieldInput'

export interface DecisionsProps {
  actions: readonly string[]
  label: (action: string) => string
  /** sends the decision; throws an ApiError when it is refused */
  run: (action: string, reason: string) => Promise<void>
  /** ids of the form and of the reason's text area */
  formId: string
  reasonId: string
  /** data-testid prefix: `${testid}-${action}`, `${testid}-confirm` */
  testid: string
  heading: 'h3' | 'h4'
}

export function Decisions({ actions, label, run, formId, reasonId, testid, heading: H }: DecisionsProps) {
  const [open, setOpen] = useState<string | null>(null)
  const [reason, setReason] = useState('')
  const [error, setError] = useState<ApiError | null>(null)
  const [busy, setBusy] = useState(false)
  const needs = open !== null && REASON_REQUIRED.has(open)

  const confirm = async (e: Event) => {
    e.preventDefault()
    if (!open) return
    if (needs && !reason.trim()) {
      setError(new ApiError({ status: 400, title: t('There is a problem'), errors: { reason: [t('Give the reason: the applicant will read it.')] } }))
      document.getElementById(reasonId)?.focus()
      return
    }
    setBusy(true)
    setError(null)
    try {
      await run(open, reason.trim())
      setOpen(null)
      setReason('')
    } catch (err) {
      setError(err instanceof ApiError ? err : new ApiError({ status: 0, title: t('Something went wrong') }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <div class="actions">
        {actions.map((a) => (
          <button
            key={a}
            type="button"
            class={`btn ${a === open ? '' : 'secondary'}`}
            aria-expanded={a === open}
            aria-controls={formId}
            data-testid={`${testid}-${a}`}
            onClick={() => {
              setOpen(a === open ? null : a)
              setError(null)
            }}
          >
            {label(a)}
          </button>
        ))}
      </div>
      {open && (
        <form id={formId} class="action-form" onSubmit={(e) => void confirm(e)} noValidate>
          <H>{label(open)}</H>
          <FormAlert error={error} fields={['reason']} />
          <TextArea
            id={reasonId}
            label={needs ? t('Reason (the applicant reads it)') : t('Note (the applicant reads it)')}
            optional={!needs}
            value={reason}
            errors={error?.errors?.reason}
            onValue={setReason}
            maxLength={500}
          />
          <div class="actions">
            <button type="submit" class={`btn ${open === 'deny' || open === 'not-accept' ? 'danger' : ''}`} data-testid={`${testid}-confirm`} disabled={busy}>
              {t('Confirm: {action}', { action: label(open) })}
            </button>
            <button type="button" class="btn secondary" onClick={() => setOpen(null)}>
              {t('Cancel')}
            </button>
          </div>
        </form>
      )}
    </>
  )
}
