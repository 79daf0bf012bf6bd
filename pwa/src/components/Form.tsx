// Form pieces for the identity pages: the problem at the top (role=alert), labelled fields with
// their hint and error tied by aria-describedby, and the error state of a form.
import type { JSX } from 'preact'
import { useRef, useState } from 'preact/hooks'
import { ApiError } from '../api/client'
import { t } from '../i18n'

/** The top of a form: the problem's title and detail, plus field errors that have no field here. */
export function FormAlert({ error, fields = [], id }: { error: ApiError | null; fields?: string[]; id?: string }) {
  const other = Object.entries(error?.errors ?? {}).filter(([k]) => !fields.includes(k))
  return (
    <div role="alert" class="alert-slot" id={id}>
      {error && (
        <div class="problem form-problem">
          <p class="problem-title">
            <span class="problem-mark" aria-hidden="true">
              !
            </span>
            <strong>{error.title}</strong>
          </p>
          {error.detail && error.detail !== error.title && <p>{error.detail}</p>}
          {other.length > 0 && (
            <ul>
              {other.map(([k, msgs]) => (
                <li key={k}>{msgs.join(' ')}</li>
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  )
}

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, 'id' | 'label' | 'value' | 'onInput'>

/** A labelled text input; `id` is also its data-testid. */
export function TextField({
  id,
  label,
  hint,
  errors,
  optional,
  value,
  onValue,
  ...input
}: InputProps & { id: string; label: string; hint?: string; errors?: string[]; optional?: boolean; value: string; onValue: (v: string) => void }) {
  const describedBy = [hint && `${id}-hint`, errors?.length && `${id}-error`].filter(Boolean).join(' ') || undefined
  return (
    <div class={`field${errors?.length ? ' has-error' : ''}`}>
      <label for={id}>
        {label}
        {optional && <span class="optional">{t(' (optional)')}</span>}
      </label>
      {hint && (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {errors && errors.length > 0 && (
        <p class="field-error" id={`${id}-error`}>
          <span aria-hidden="true">! </span>
          {errors.join(' ')}
        </p>
      )}
      <input
        type="text"
        {...input}
        id={id}
        name={input.name ?? id}
        data-testid={id}
        value={value}
        onInput={(e) => onValue(e.currentTarget.value)}
        aria-describedby={describedBy}
        aria-invalid={errors?.length ? true : undefined}
      />
    </div>
  )
}

/** The error state of one form: the ApiError, its field errors, and focus on the problem. */
export function useFormError(fields: string[]) {
  const [error, setErrorState] = useState<ApiError | null>(null)
  const alertId = useRef(`alert-${Math.random().toString(36).slice(2, 8)}`).current
  const setError = (e: unknown, fieldIds: Record<string, string> = {}) => {
    const err = e === null ? null : e instanceof ApiError ? e : new ApiError({ status: 0, title: t('Something went wrong'), detail: String(e) })
    setErrorState(err)
    if (!err) return
    // Focus the first field with an error, else the alert, once it has rendered.
    setTimeout(() => {
      const first = fields.find((f) => err.errors?.[f])
      const el = first ? document.getElementById(fieldIds[first] ?? first) : document.getElementById(alertId)?.firstElementChild
      if (el instanceof HTMLElement) {
        if (!first) el.tabIndex = -1
        el.focus()
      }
    }, 0)
  }
  return { error, setError, alertId, fieldErrors: (f: string) => error?.errors?.[f] }
}
