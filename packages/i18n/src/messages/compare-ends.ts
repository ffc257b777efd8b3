// How a comparison ends when it does not end as usual: /cancel while its parts are queued
// (gateway), and results Telegram would not take (worker). HTML parse mode.
export const en = {
  'compare.cancel_all': '✖️ The comparison is cancelled. The money ({price}) has been returned to your balance.',
  'compare.cancel_some':
    '✖️ Cancelled {cancelled} of the {count} models in the comparison, the ones that had not started yet: {price} returned to your balance. The others are already running; their results will come together as usual.',
  'compare.undelivered':
    '⚠️ <b>The comparison is ready</b> ({ok} of {count} models), but Telegram would not accept the files. Open them from 🕘 History. {price} charged.',
  'compare.undelivered_line':
    '⚠️ {model}: Telegram would not accept the file; open it from 🕘 History ({price} charged).',
  'compare.cancelled_line': '✖️ {model} was cancelled: {price} refunded.',
}

export const ru: Record<keyof typeof en, string> = {
  'compare.cancel_all': '✖️ Сравнение отменено. Деньги ({price}) возвращены на баланс.',
  'compare.cancel_some':
    '✖️ Отменено моделей сравнения: {cancelled} из {count}, те, что ещё не начали работу. Деньги ({price}) возвращены на баланс. Остальные уже запущены, их результаты придут вместе, как обычно.',
  'compare.undelivered':
    '⚠️ <b>Сравнение готово</b> (моделей: {ok} из {count}), но Telegram не принял файлы. Откройте их в 🕘 Истории. Списано {price}.',
  'compare.undelivered_line': '⚠️ {model}: Telegram не принял файл, откройте его в 🕘 Истории (списано {price}).',
  'compare.cancelled_line': '✖️ {model}: отменено, {price} вернули на баланс.',
}
