// The licence as a PDF (with its static QR). A plain link for one's own licence; acting for someone,
// the request must carry the Acting-For header, which a link cannot: fetched, then saved.
import { useState } from 'preact/hooks'
import { API_BASE } from '../../api/client'
import { actingHeaders, getActing } from '../../acting'
import { t } from '../../i18n'

export const pdfPath = (id: number): string => `/me/licences/${id}/pdf`
export const pdfHref = (id: number): string => `${API_BASE}${pdfPath(id)}`

async function savePdf(id: number): Promise<void> {
  const res = await fetch(pdfHref(id), { credentials: 'same-origin', headers: actingHeaders(pdfPath(id)) })
  if (!res.ok) throw new Error(String(res.status))
  const url = URL.createObjectURL(await res.blob())
  const a = document.createElement('a')
  a.href = url
  a.download = `licence-${id}.pdf`
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

export function PdfLink({ id, name }: { id: number; name: string }) {
  const [failed, setFailed] = useState(false)
  return (
    <>
      <a
        class="btn secondary"
        href={pdfHref(id)}
        download
        data-testid="licence-pdf"
        onClick={(e) => {
          if (!getActing()) return
          e.preventDefault()
          setFailed(false)
          savePdf(id).catch(() => setFailed(true))
        }}
      >
        {t('Download the licence (PDF)')}
        <span class="visually-hidden">{t(': {what}', { what: name })}</span>
      </a>
      <p role="alert" class="pdf-note">
        {failed && t('The PDF could not be downloaded. Check your connection and try again.')}
      </p>
    </>
  )
}
