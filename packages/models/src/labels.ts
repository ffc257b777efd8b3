import type { LocalizedText } from './types'

/** A text in both languages. */
export const t = (ru: string, en: string): LocalizedText => ({ ru, en })

/** Labels of the inputs that recur across models (wire names differ, meaning does not). */
export const LABEL = {
  prompt: t('Описание (промпт)', 'Prompt'),
  editPrompt: t('Что изменить', 'What to change'),
  motionPrompt: t('Что должно происходить', 'What should happen'),
  negativePrompt: t('Чего избегать', 'What to avoid'),
  aspectRatio: t('Формат кадра', 'Aspect ratio'),
  imageSize: t('Размер изображения', 'Image size'),
  resolution: t('Разрешение', 'Resolution'),
  quality: t('Качество', 'Quality'),
  duration: t('Длительность', 'Duration'),
  sound: t('Звук', 'Sound'),
  outputFormat: t('Формат файла', 'File format'),
  imageCount: t('Количество изображений', 'Number of images'),
  sourceImages: t('Исходные изображения', 'Source images'),
  sourceImage: t('Исходное изображение', 'Source image'),
  referenceImages: t('Референсы', 'Reference images'),
  firstFrame: t('Первый кадр', 'First frame'),
  lastFrame: t('Последний кадр', 'Last frame'),
  frames: t('Кадры (первый и последний)', 'Frames (first and last)'),
  portrait: t('Фото лица', 'Portrait photo'),
  speech: t('Аудио с речью', 'Speech audio'),
  audio: t('Аудио', 'Audio'),
  video: t('Видео', 'Video'),
  audioSeconds: t('Длительность аудио', 'Audio length'),
  videoSeconds: t('Длительность видео', 'Video length'),
  imageLongSide: t('Длинная сторона изображения', 'Image long side'),
  mode: t('Режим', 'Mode'),
  style: t('Стиль', 'Style'),
  renderingSpeed: t('Скорость / качество', 'Speed / quality'),
  upscaleFactor: t('Увеличение', 'Upscale factor'),
  version: t('Версия модели', 'Model version'),
  text: t('Текст', 'Text'),
  voice: t('Голос', 'Voice'),
} as const

const ratio = (value: string, ru: string, en: string): [string, LocalizedText] => [
  value,
  t(`${value} ${ru}`, `${value} ${en}`),
]

/** Aspect ratio buttons: the ratio plus what it is good for. */
export const ASPECT_LABELS: Readonly<Record<string, LocalizedText>> = Object.fromEntries([
  ratio('1:1', 'квадрат', 'square'),
  ratio('16:9', 'широкий', 'widescreen'),
  ratio('9:16', 'вертикальный', 'vertical'),
  ratio('4:3', 'классический', 'classic'),
  ratio('3:4', 'портрет', 'portrait'),
  ratio('3:2', 'фото', 'photo'),
  ratio('2:3', 'портрет фото', 'portrait photo'),
  ratio('21:9', 'кино', 'cinema'),
  ratio('5:4', 'почти квадрат', 'near square'),
  ratio('4:5', 'пост', 'post'),
  ['auto', t('Авто', 'Auto')],
  ['Auto', t('Авто', 'Auto')],
  ['adaptive', t('По исходнику', 'Adaptive')],
  ['portrait', t('Вертикальный', 'Portrait')],
  ['landscape', t('Горизонтальный', 'Landscape')],
])

/** Named sizes used by seedream v4, ideogram and qwen. */
export const IMAGE_SIZE_LABELS: Readonly<Record<string, LocalizedText>> = {
  square: t('Квадрат', 'Square'),
  square_hd: t('Квадрат HD', 'Square HD'),
  portrait_4_3: t('Портрет 3:4', 'Portrait 3:4'),
  portrait_3_2: t('Портрет 2:3', 'Portrait 2:3'),
  portrait_16_9: t('Вертикальный 9:16', 'Vertical 9:16'),
  landscape_4_3: t('Альбомный 4:3', 'Landscape 4:3'),
  landscape_3_2: t('Альбомный 3:2', 'Landscape 3:2'),
  landscape_16_9: t('Широкий 16:9', 'Widescreen 16:9'),
  landscape_21_9: t('Кино 21:9', 'Cinema 21:9'),
}

export function secondsLabels(values: readonly (string | number)[]): Record<string, LocalizedText> {
  return Object.fromEntries(values.map((v) => [String(v), t(`${v} с`, `${v} s`)]))
}

export function timesLabels(values: readonly (string | number)[]): Record<string, LocalizedText> {
  return Object.fromEntries(values.map((v) => [String(v), t(`×${v}`, `×${v}`)]))
}

export const RENDERING_SPEED_LABELS: Readonly<Record<string, LocalizedText>> = {
  TURBO: t('Быстро', 'Turbo'),
  BALANCED: t('Баланс', 'Balanced'),
  QUALITY: t('Максимальное качество', 'Quality'),
}
