import { defineModel } from '../define'
import { audio, choice, decimal, measuredSeconds, prompt, text, toggle } from '../fields'
import { LABEL, t } from '../labels'
import { MINUTE_MS } from '../limits'
import { tooLongError } from '../messages'
import { flat, lengthOf, numberOf, priced } from '../pricing'
import type { FieldError, ModelSpec, Params, TextField } from '../types'

/** Audio offerings: ElevenLabs (speech, sound effects, voice isolation) and Suno (music). */

/**
 * TTS voices offered: Kie's default voice id (James) and the preset names Kie takes
 * (case-sensitive; see data/kie-models.json for the source and the ~110 voice ids also
 * accepted, which are not offered as buttons: one source only, and unlabelled ids).
 */
const TTS_DEFAULT_VOICE = 'EkK5I93UQWFDigLMpZcX'
const FEMALE: Record<string, string> = {
  Rachel: 'Рейчел',
  Aria: 'Ария',
  Sarah: 'Сара',
  Laura: 'Лора',
  Charlotte: 'Шарлотта',
  Alice: 'Элис',
  Matilda: 'Матильда',
  Jessica: 'Джессика',
  Lily: 'Лили',
}
const MALE: Record<string, string> = {
  Adam: 'Адам',
  Brian: 'Брайан',
  Roger: 'Роджер',
  Charlie: 'Чарли',
  George: 'Джордж',
  Callum: 'Каллум',
  Liam: 'Лиам',
  Will: 'Уилл',
  Eric: 'Эрик',
  Chris: 'Крис',
  Daniel: 'Дэниел',
  Bill: 'Билл',
}
const TTS_VOICES = [TTS_DEFAULT_VOICE, ...Object.keys(FEMALE), ...Object.keys(MALE), 'River']
const TTS_VOICE_LABELS = {
  [TTS_DEFAULT_VOICE]: t('Джеймс (м)', 'James (M)'),
  ...Object.fromEntries(Object.entries(FEMALE).map(([en, ru]) => [en, t(`${ru} (ж)`, `${en} (F)`)])),
  ...Object.fromEntries(Object.entries(MALE).map(([en, ru]) => [en, t(`${ru} (м)`, `${en} (M)`)])),
  River: t('Ривер (нейтр.)', 'River (neutral)'),
}

const TTS_OMITTED = {
  stability: 'voice tuning; the Kie default applies',
  similarity_boost: 'voice tuning; the Kie default applies',
  style: 'voice tuning; the Kie default applies',
  speed: 'voice tuning; the Kie default applies',
  timestamps: 'the bot delivers the audio only',
  previous_text: 'single requests, no continuation context',
  next_text: 'single requests, no continuation context',
  language_code: 'the language is detected from the text (multilingual v2 rejects it when set)',
}

function textToSpeech(
  slug: string,
  kieModel: string,
  creditsPer1000Chars: number,
  name: string,
  description: { ru: string; en: string },
) {
  return defineModel({
    slug,
    kieModel,
    family: 'market',
    category: 'audio',
    kind: 'text-to-speech',
    name: t(name, name),
    description,
    inPredecessor: true,
    fields: [
      prompt(5000, { key: 'text', label: t('Текст для озвучки', 'Text to speak') }),
      choice('voice', LABEL.voice, TTS_VOICES, { default: TTS_DEFAULT_VOICE, labels: TTS_VOICE_LABELS }),
    ],
    omitted: TTS_OMITTED,
    // Billed per character of the text.
    price: priced(['text'], (p) => (creditsPer1000Chars * lengthOf(p, 'text')) / 1000),
  })
}

/** Sound effects are billed per output second; without a chosen length (auto, up to 22 s) we bill 22 s. */
const SFX_MAX_SECONDS = 22
/** Voice isolation is billed per second of input audio; longer files are refused to bound the price. */
const ISOLATION_MAX_SECONDS = 600

const SUNO_VERSIONS = ['V5', 'V5_5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4']
export const sunoVersion = choice('model', LABEL.version, SUNO_VERSIONS, {
  default: 'V5',
  labels: {
    V5: t('v5 — рекомендуем', 'v5 (recommended)'),
    V5_5: t('v5.5 — новейшая', 'v5.5 (newest)'),
    V4_5PLUS: t('v4.5+', 'v4.5+'),
    V4_5ALL: t('v4.5 All', 'v4.5 All'),
    V4_5: t('v4.5', 'v4.5'),
    V4: t('v4 — короче тексты', 'v4 (shorter texts)'),
  },
})
export const sunoStyle = text('style', t('Музыкальный стиль', 'Music style'), {
  maxLength: 1000,
  hint: t(
    'Жанр, настроение, инструменты: «инди-поп, мечтательно, синтезаторы»',
    'Genre, mood, instruments: "indie pop, dreamy, synths"',
  ),
})
export const sunoTitle = text('title', t('Название трека', 'Track title'), { maxLength: 80 })
const sunoLyrics = prompt(5000, { label: t('Текст песни', 'Lyrics') })
export const SUNO_TUNING_OMITTED = {
  negativeTags: 'not asked to keep the wizard short',
  styleWeight: 'advanced Suno tuning; the Kie default applies',
  weirdnessConstraint: 'advanced Suno tuning; the Kie default applies',
  audioWeight: 'advanced Suno tuning; the Kie default applies',
  personaId: 'personas are not offered',
  personaModel: 'personas are not offered',
}
/** Suno V4 takes shorter custom-mode texts than later versions (kie-api.md §6.3). */
const SUNO_V4_LIMITS = { prompt: 3000, style: 200 }

export function sunoV4Limits(fields: readonly TextField[]) {
  return (params: Params): FieldError[] => {
    if (params.model !== 'V4') return []
    return fields.flatMap((field) => {
      const value = params[field.key]
      const max = SUNO_V4_LIMITS[field.key as keyof typeof SUNO_V4_LIMITS]
      const length = typeof value === 'string' ? [...value].length : 0
      return max !== undefined && length > max ? [tooLongError(field, max, length)] : []
    })
  }
}

const SUNO_BASE = {
  kieModel: 'suno',
  catalogModel: 'suno (V4 | V4_5 | V4_5PLUS | V4_5ALL | V5 | V5_5)',
  family: 'suno',
  category: 'audio',
  kind: 'music',
  inPredecessor: false,
  // Suno charges one price per request (typically two tracks).
  price: flat(12),
} as const

export const AUDIO_MODELS: readonly ModelSpec[] = [
  textToSpeech(
    'eleven-tts',
    'elevenlabs/text-to-speech-multilingual-v2',
    12,
    'ElevenLabs Multilingual v2',
    t(
      'Естественная озвучка текста на 29 языках, включая русский.',
      'Natural-sounding speech from text in 29 languages, Russian included.',
    ),
  ),
  textToSpeech(
    'eleven-tts-turbo',
    'elevenlabs/text-to-speech-turbo-2-5',
    6,
    'ElevenLabs Turbo 2.5',
    t('Быстрая и вдвое более дешёвая озвучка текста.', 'Fast text-to-speech at half the price.'),
  ),
  defineModel({
    slug: 'eleven-sfx',
    kieModel: 'elevenlabs/sound-effect-v2',
    family: 'market',
    category: 'audio',
    kind: 'sound-effect',
    name: t('ElevenLabs: звуковые эффекты', 'ElevenLabs Sound Effects'),
    description: t(
      'Создаёт звук по описанию: шаги, дождь, взрыв, атмосферу — до 22 с.',
      'Creates a sound from a description: footsteps, rain, an explosion, ambience; up to 22 s.',
    ),
    inPredecessor: true,
    fields: [
      prompt(5000, { key: 'text', label: t('Описание звука', 'Sound description') }),
      decimal('duration_seconds', LABEL.duration, {
        min: 0.5,
        max: SFX_MAX_SECONDS,
        presets: [2, 5, 10, 22],
        unit: 'seconds',
        required: false,
        hint: t(
          'Пропустите — длину подберёт модель (оплата как за 22 с).',
          'Skip to let the model choose (billed as 22 s).',
        ),
      }),
    ],
    omitted: {
      loop: 'seamless looping is not offered',
      prompt_influence: 'the Kie default applies',
      output_format: 'the Kie default (mp3) suits Telegram',
    },
    price: priced(
      ['duration_seconds'],
      (p) => 0.24 * (p.duration_seconds === undefined ? SFX_MAX_SECONDS : numberOf(p, 'duration_seconds')),
    ),
  }),
  defineModel({
    slug: 'eleven-isolate',
    kieModel: 'elevenlabs/audio-isolation',
    family: 'market',
    category: 'audio',
    kind: 'audio-isolation',
    name: t('ElevenLabs: очистка голоса', 'ElevenLabs Voice Isolator'),
    description: t(
      'Убирает шум, музыку и эхо из записи, оставляя чистый голос (до 10 минут).',
      'Removes noise, music and echo from a recording, leaving a clean voice (up to 10 minutes).',
    ),
    inPredecessor: true,
    deadlineMs: 15 * MINUTE_MS,
    fields: [
      audio('audio_url', { label: t('Запись с голосом', 'Voice recording'), maxMb: 10 }),
      measuredSeconds('audio_seconds', 'audio_url', LABEL.audioSeconds, ISOLATION_MAX_SECONDS),
    ],
    price: priced(['audio_seconds'], (p) => 0.2 * Math.ceil(numberOf(p, 'audio_seconds'))),
  }),
  defineModel({
    ...SUNO_BASE,
    slug: 'suno-song',
    name: t('Suno: песня по описанию', 'Suno song from a description'),
    description: t(
      'Опишите песню словами — Suno напишет текст и музыку и споёт её.',
      'Describe a song in words: Suno writes the lyrics and music and sings it.',
    ),
    fields: [
      prompt(500, {
        label: t('О чём песня', 'What the song is about'),
        hint: t(
          'Например: «весёлая песня о лете на даче, поп-рок»',
          'For example: "a cheerful song about summer at the lake, pop rock"',
        ),
      }),
      toggle('instrumental', t('Только инструментал', 'Instrumental only'), false),
      sunoVersion,
    ],
    fixed: { customMode: false },
    omitted: {
      ...SUNO_TUNING_OMITTED,
      style: 'description mode: Suno picks the style',
      title: 'description mode: Suno names the track',
      vocalGender: 'custom mode only',
    },
  }),
  defineModel({
    ...SUNO_BASE,
    slug: 'suno-lyrics',
    name: t('Suno: песня на ваш текст', 'Suno song with your lyrics'),
    description: t(
      'Suno поёт ваш текст в выбранном стиле; вы задаёте и название трека.',
      'Suno sings your lyrics in the style you choose; you also name the track.',
    ),
    fields: [
      sunoLyrics,
      sunoStyle,
      sunoTitle,
      choice('vocalGender', t('Голос', 'Vocals'), ['f', 'm'], {
        labels: { f: t('Женский', 'Female'), m: t('Мужской', 'Male') },
      }),
      sunoVersion,
    ],
    fixed: { customMode: true, instrumental: false },
    omitted: SUNO_TUNING_OMITTED,
    rules: sunoV4Limits([sunoLyrics, sunoStyle]),
  }),
  defineModel({
    ...SUNO_BASE,
    slug: 'suno-instrumental',
    name: t('Suno: инструментал', 'Suno instrumental'),
    description: t(
      'Музыка без слов в заданном стиле: фон для видео, подкаста или игры.',
      'Music without vocals in your chosen style: a backing track for video, podcasts or games.',
    ),
    fields: [{ ...sunoStyle, primary: true }, sunoTitle, sunoVersion],
    fixed: { customMode: true, instrumental: true },
    omitted: {
      ...SUNO_TUNING_OMITTED,
      prompt: 'an instrumental has no lyrics',
      vocalGender: 'an instrumental has no vocals',
    },
    rules: sunoV4Limits([sunoStyle]),
  }),
]
