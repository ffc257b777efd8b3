import type { EnumValue, FieldError, FieldSpec, LocalizedText, ValidationCode } from './types'

/** Error texts shown to the user; the code is what callers branch on. */

const quote = (label: LocalizedText) => ({ ru: `«${label.ru}»`, en: `"${label.en}"` })

function error(field: string, code: ValidationCode, ru: string, en: string): FieldError {
  return { field, code, message: { ru, en } }
}

export function fieldError(field: string, code: ValidationCode, message: LocalizedText): FieldError {
  return { field, code, message }
}

export function requiredError(field: FieldSpec): FieldError {
  const q = quote(field.label)
  const ru = field.type === 'media' ? `Пришлите ${q.ru}.` : `Заполните ${q.ru}.`
  const en = field.type === 'media' ? `Please send ${q.en}.` : `${q.en} is required.`
  return error(field.key, 'required', ru, en)
}

export function unknownFieldError(key: string): FieldError {
  return error(key, 'unknown_field', `У этой модели нет параметра «${key}».`, `This model has no parameter "${key}".`)
}

export function notSettableError(key: string): FieldError {
  return error(
    key,
    'not_settable',
    `Параметр «${key}» задаётся автоматически.`,
    `"${key}" is set automatically and cannot be changed.`,
  )
}

const EXPECTED: Record<FieldSpec['type'], LocalizedText> = {
  text: { ru: 'текст', en: 'text' },
  enum: { ru: 'один из вариантов', en: 'one of the options' },
  boolean: { ru: 'да или нет', en: 'yes or no' },
  integer: { ru: 'целое число', en: 'a whole number' },
  number: { ru: 'число', en: 'a number' },
  media: { ru: 'файл', en: 'a file' },
}

const RU_PLURAL = new Intl.PluralRules('ru-RU')

/** The Russian noun form after a count: 1 символ, 2 символа, 5 символов (21 символ). */
function ruCount(count: number, one: string, few: string, many: string): string {
  const form = RU_PLURAL.select(count)
  return form === 'one' ? one : form === 'few' ? few : many
}

export function invalidTypeError(field: FieldSpec): FieldError {
  const q = quote(field.label)
  const expected = EXPECTED[field.type]
  return error(field.key, 'invalid_type', `${q.ru}: нужно указать ${expected.ru}.`, `${q.en} must be ${expected.en}.`)
}

export function invalidOptionError(field: FieldSpec, options: readonly EnumValue[]): FieldError {
  const q = quote(field.label)
  const list = options.join(', ')
  return error(
    field.key,
    'invalid_option',
    `${q.ru}: выберите один из вариантов: ${list}.`,
    `${q.en} must be one of: ${list}.`,
  )
}

export function tooShortError(field: FieldSpec, min: number): FieldError {
  const q = quote(field.label)
  return error(
    field.key,
    'too_short',
    `${q.ru}: слишком коротко, нужно хотя бы ${min} ${ruCount(min, 'символ', 'символа', 'символов')}.`,
    `${q.en} is too short: at least ${min} characters.`,
  )
}

export function tooLongError(field: FieldSpec, max: number, actual: number): FieldError {
  const q = quote(field.label)
  return error(
    field.key,
    'too_long',
    `${q.ru}: слишком длинно — ${actual} ${ruCount(actual, 'символ', 'символа', 'символов')}, а можно не больше ${max}.`,
    `${q.en} is too long: ${actual} characters, at most ${max} allowed.`,
  )
}

export function tooSmallError(field: FieldSpec, min: number): FieldError {
  const q = quote(field.label)
  return error(field.key, 'too_small', `${q.ru}: не меньше ${min}.`, `${q.en} must be at least ${min}.`)
}

export function tooLargeError(field: FieldSpec, max: number): FieldError {
  const q = quote(field.label)
  return error(field.key, 'too_large', `${q.ru}: не больше ${max}.`, `${q.en} must be at most ${max}.`)
}

export function notIntegerError(field: FieldSpec): FieldError {
  const q = quote(field.label)
  return error(field.key, 'not_integer', `${q.ru}: нужно целое число.`, `${q.en} must be a whole number.`)
}

export function tooFewFilesError(field: FieldSpec, min: number): FieldError {
  const q = quote(field.label)
  return error(
    field.key,
    'too_few_files',
    `${q.ru}: нужно хотя бы ${min} ${ruCount(min, 'файл', 'файла', 'файлов')}.`,
    `${q.en}: send at least ${min} ${min === 1 ? 'file' : 'files'}.`,
  )
}

export function tooManyFilesError(field: FieldSpec, max: number, actual: number): FieldError {
  const q = quote(field.label)
  return error(
    field.key,
    'too_many_files',
    `${q.ru}: можно не больше ${max} ${ruCount(max, 'файла', 'файлов', 'файлов')}, а получено ${actual}.`,
    `${q.en}: at most ${max} ${max === 1 ? 'file is' : 'files are'} allowed, got ${actual}.`,
  )
}

export function invalidUrlError(field: FieldSpec): FieldError {
  const q = quote(field.label)
  return error(
    field.key,
    'invalid_url',
    `${q.ru}: файл не загружен (нужна ссылка http/https).`,
    `${q.en}: the file is not uploaded (an http/https link is needed).`,
  )
}

export function mediaTooLongError(media: FieldSpec, maxSeconds: number): FieldError {
  const q = quote(media.label)
  return error(
    media.key,
    'media_too_long',
    `${q.ru}: не длиннее ${maxSeconds} с.`,
    `${q.en} must be at most ${maxSeconds} s long.`,
  )
}
