// A no-break space keeps "1 280" and "₽" on one line in Telegram.
const NBSP = '\u00a0'

const STYLE = {
  ru: { thousands: NBSP, decimal: ',' },
  en: { thousands: ',', decimal: '.' },
} as const

/** "3,60 ₽" / "1 280 ₽" (ru), "3.60 ₽" / "1,280 ₽" (en); whole rubles without decimals. */
export function formatRub(kopecks: number, lang: 'ru' | 'en'): string {
  if (!Number.isSafeInteger(kopecks)) throw new RangeError(`formatRub: kopecks must be a whole number, got ${kopecks}`)
  const style = STYLE[lang]
  const sign = kopecks < 0 ? '-' : ''
  const abs = Math.abs(kopecks)
  const rubles = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+$)/g, style.thousands)
  const rest = abs % 100
  const fraction = rest === 0 ? '' : style.decimal + rest.toString().padStart(2, '0')
  return `${sign}${rubles}${fraction}${NBSP}₽`
}
