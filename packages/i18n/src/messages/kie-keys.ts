// The Kie key pool (KIE_API_KEYS): the admins' alerts about one key and the stats lines of
// each key. A key is always named by its label, never by the key itself.
export const en = {
  'alert.kie_key_no_credits':
    '⚠️ Kie.ai key <b>{key}</b> answered 402 (out of credits): new generations go to the other keys. Its balance: {credits}. It is used again once the balance grows.',
  'alert.kie_key_credits_low': '⚠️ Kie.ai key <b>{key}</b> is low on credits: {credits} (alert threshold {threshold}).',
  'alert.kie_key_resumed':
    '✅ Kie.ai key <b>{key}</b> is topped up ({credits} credits): it takes new generations again.',
  'admin.kie_key_line': '• {key}: {credits}, created today: {today}{paused}',
  'admin.kie_key_paused': ' · ⏸ paused (402)',
}

export const ru: Record<keyof typeof en, string> = {
  'alert.kie_key_no_credits':
    '⚠️ Ключ Kie.ai <b>{key}</b> ответил 402 (кончились кредиты): новые генерации идут через остальные ключи. Его баланс: {credits}. Ключ снова пойдёт в работу, когда баланс вырастет.',
  'alert.kie_key_credits_low':
    '⚠️ У ключа Kie.ai <b>{key}</b> мало кредитов: {credits} (порог оповещения {threshold}).',
  'alert.kie_key_resumed':
    '✅ Баланс ключа Kie.ai <b>{key}</b> пополнен ({credits}): ключ снова принимает новые генерации.',
  'admin.kie_key_line': '• {key}: {credits}, создано сегодня: {today}{paused}',
  'admin.kie_key_paused': ' · ⏸ на паузе (402)',
}
