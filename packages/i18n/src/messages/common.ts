// Texts shared by gateway and worker.
export const en = {
  'error.generic': 'Something went wrong. Please try again in a minute.',
  'error.insufficient_funds': 'Your balance is too low: the price is {price}, and you have {balance}.',
  'error.too_many_active_generations':
    'You already have {count} generations in progress. Please wait until one of them finishes.',
  'error.rate_limited': 'You are going a bit fast. Please wait a few seconds.',
  'generation.failed.kie': 'The generation failed: {reason}. The money ({price}) has been returned to your balance.',
  'generation.failed.timeout':
    'The generation took too long and was stopped. The money ({price}) has been returned to your balance.',
  'generation.cancelled': 'The generation was cancelled. The money ({price}) has been returned to your balance.',
} as const

export const ru: Record<keyof typeof en, string> = {
  'error.generic': 'Что-то пошло не так. Попробуйте ещё раз через минуту.',
  'error.insufficient_funds': 'Недостаточно средств: цена {price}, на балансе {balance}.',
  'error.too_many_active_generations':
    'У вас уже идут генерации ({count}), больше одновременно нельзя. Дождитесь, пока одна из них завершится.',
  'error.rate_limited': 'Слишком быстро. Подождите несколько секунд.',
  'generation.failed.kie': 'Генерация не удалась: {reason}. Деньги ({price}) возвращены на баланс.',
  'generation.failed.timeout':
    'Генерация заняла слишком много времени и была остановлена. Деньги ({price}) возвращены на баланс.',
  'generation.cancelled': 'Генерация отменена. Деньги ({price}) возвращены на баланс.',
}
