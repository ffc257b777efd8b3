// Texts of a generation's live progress: the stages of the status message, the elapsed
// time and the model's usual duration, and the reason of a provider failure by category
// (what the user can do about it; Kie's own words are kept for admins only).
export const en = {
  'progress.uploading':
    '⏳ <b>{model}</b>: uploading your files ({done} of {total})…\n{price} is reserved from your balance.',
  'progress.sending': '📡 <b>{model}</b>: sending the task to the generation service…',
  'progress.clock_usual': '⏱ {elapsed} · {usual}',
  'progress.usual_seconds': 'usually {low}–{high} s',
  'progress.usual_minutes': 'usually {low}–{high} min',
  'progress.about_seconds': 'usually about {value} s',
  'progress.about_minutes': 'usually about {value} min',
  'progress.usual_line': '⏳ {usual}',
  'progress.btn.edit_prompt': '✏️ Edit the prompt',
  'progress.edit_prompt_gone': 'That generation is no longer available. Pick a model from the menu.',
  'progress.cancel_too_late': 'Too late to cancel: the task is already with the generation service.',
  'progress.cancelled_toast': 'Cancelled. {price} is back on your balance.',
  'progress.admin_detail': 'For admins, the service said: {detail}',
  'progress.admin_failures':
    '<b>Provider failures, last 24 h</b> (in the service’s own words; users see the category)\n{lines}',
  'progress.admin_failure_line': '{model}, {at}: <i>{reason}</i>',
  'provider.content_policy':
    'the service refused the request under its content rules. Change the prompt (no real people’s names, explicit or violent scenes) and try again',
  'provider.input_rejected':
    'the service could not use your file or settings. Try another file (an ordinary JPG, PNG or MP4) or other settings',
  'provider.service_busy': 'the service is overloaded right now. Try again in a few minutes',
  'provider.failed': 'the generation failed on the service’s side. Try again in a minute',
} as const

export const ru: Record<keyof typeof en, string> = {
  'progress.uploading':
    '⏳ <b>{model}</b>: загружаю ваши файлы ({done} из {total})…\n{price} зарезервировано на балансе.',
  'progress.sending': '📡 <b>{model}</b>: передаю задание сервису генерации…',
  'progress.clock_usual': '⏱ {elapsed} · {usual}',
  'progress.usual_seconds': 'обычно {low}–{high} с',
  'progress.usual_minutes': 'обычно {low}–{high} мин',
  'progress.about_seconds': 'обычно около {value} с',
  'progress.about_minutes': 'обычно около {value} мин',
  'progress.usual_line': '⏳ {usual}',
  'progress.btn.edit_prompt': '✏️ Изменить запрос',
  'progress.edit_prompt_gone': 'Эта генерация больше недоступна. Выберите модель в меню.',
  'progress.cancel_too_late': 'Отменить уже нельзя: задание передано сервису генерации.',
  'progress.cancelled_toast': 'Отменено. {price} снова на балансе.',
  'progress.admin_detail': 'Для админов — ответ сервиса: {detail}',
  'progress.admin_failures':
    '<b>Сбои сервиса за последние 24 ч</b> (его словами; пользователи видят причину по категории)\n{lines}',
  'progress.admin_failure_line': '{model}, {at}: <i>{reason}</i>',
  'provider.content_policy':
    'сервис отклонил запрос по своим правилам о содержании. Измените запрос (без имён реальных людей, откровенных сцен и насилия) и попробуйте снова',
  'provider.input_rejected':
    'сервис не смог принять ваш файл или настройки. Попробуйте другой файл (обычный JPG, PNG или MP4) или другие настройки',
  'provider.service_busy': 'сервис сейчас перегружен. Попробуйте ещё раз через несколько минут',
  'provider.failed': 'генерация не удалась на стороне сервиса. Попробуйте ещё раз через минуту',
}
