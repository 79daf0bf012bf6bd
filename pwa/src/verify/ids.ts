// The GB/T 36904 e-licence identifier, rebuilt from a static QR as backend/tongban/licences/types.py
// builds it: 1.2.156.3005.2.<type national code>.<issuer USCC>.<serial, 14 digits>.<version, 3
// digits>.<check>, the check character ISO/IEC 7064 MOD 37,36 over the parts without dots
// (backend/tongban/core/ids.py mod37_36).
const A36 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'
export const ELICENCE_ROOT = '1.2.156.3005.2'

/** ISO/IEC 7064 MOD 37,36 (hybrid) check character over [0-9A-Z]; throws on another character. */
export function mod37_36(body: string): string {
  let p = 36
  for (const ch of body) {
    const v = A36.indexOf(ch)
    if (v < 0) throw new RangeError(`not in [0-9A-Z]: ${ch}`)
    const t = (p + v) % 36 || 36
    p = (t * 2) % 37
  }
  return A36[(37 - p) % 36]!
}

export function identifier(national: string, issuerUscc: string, serial: number, version: number): string {
  const s = String(serial).padStart(14, '0')
  const v = String(version).padStart(3, '0')
  return [ELICENCE_ROOT, national, issuerUscc, s, v, mod37_36(national + issuerUscc + s + v)].join('.')
}

/** null when well formed with the right check character, else 'format' or 'check_digit'. */
export function identifierProblem(value: string): 'format' | 'check_digit' | null {
  if (!value.startsWith(ELICENCE_ROOT + '.')) return 'format'
  const parts = value.split('.')
  const body = parts.slice(5, -1).join('')
  if (parts.length !== 10 || !/^[0-9A-Z]+$/.test(body) || parts[9]!.length !== 1) return 'format'
  return mod37_36(body) === parts[9] ? null : 'check_digit'
}
