import { defineModel } from '../define'
import { spokenLength } from '../dialogue'
import { audio, choice, integer, prompt, text, toggle } from '../fields'
import { t } from '../labels'
import { flat, priced } from '../pricing'
import type { ModelSpec } from '../types'
import { SUNO_TUNING_OMITTED, sunoStyle, sunoTitle, sunoV4Limits, sunoVersion } from './audio'

/** Audio offerings added in the late-2026 registry update. */

const coverLyrics = prompt(5000, {
  required: false,
  label: t('Новый текст песни', 'New lyrics'),
  hint: t('Можно пропустить: тогда Suno споёт по-своему.', 'Optional: without it Suno sings its own.'),
})

const extendLyrics = prompt(5000, {
  label: t('Текст продолжения', 'Lyrics of the continuation'),
  hint: t('Что споёт Suno дальше: новые куплеты или припев.', 'What Suno sings next: new verses or a chorus.'),
})

// The cover endpoint documents no personas.
const { personaId: _personaId, personaModel: _personaModel, ...coverTuningOmitted } = SUNO_TUNING_OMITTED

/**
 * Voices of ElevenLabs dialogue v3: the 20 ElevenLabs default voices, which Kie's dialogue
 * schema takes by name (Kie's own example uses Adam, Brian, Roger; a public Kie client lists
 * these 20, see data/kie-models.json).
 */
const DIALOGUE_FEMALE = ['Alice', 'Jessica', 'Laura', 'Lily', 'Matilda', 'Sarah']
const DIALOGUE_MALE = [
  'Adam',
  'Bill',
  'Brian',
  'Callum',
  'Charlie',
  'Chris',
  'Daniel',
  'Eric',
  'George',
  'Harry',
  'Liam',
  'Roger',
  'Will',
]
export const DIALOGUE_VOICES = [...DIALOGUE_MALE, ...DIALOGUE_FEMALE, 'River'].sort()
/** ElevenLabs' text-to-dialogue takes at most 10 distinct voices per request. */
const DIALOGUE_MAX_VOICES = 10
/** Kie's limit on the dialogue's text (all lines together). */
const DIALOGUE_MAX_CHARS = 5000

const dialogueScript = text('dialogue', t('Диалог', 'Dialogue'), {
  maxLength: DIALOGUE_MAX_CHARS,
  primary: true,
  example: 'Adam: Привет! Ты уже слышала новости?\nSarah: Нет, рассказывай скорее!',
  dialogue: { voices: DIALOGUE_VOICES, maxVoices: DIALOGUE_MAX_VOICES },
  hint: t(
    `Каждая реплика — с новой строки, в начале имя голоса и двоеточие:\nAdam: Привет! Ты уже слышала новости?\nSarah: Нет, рассказывай скорее!\n\nЖенские голоса: ${DIALOGUE_FEMALE.join(', ')}.\nМужские: ${DIALOGUE_MALE.join(', ')}.\nНейтральный: River.\nНе больше ${DIALOGUE_MAX_VOICES} разных голосов. Эмоции можно задать в скобках: [смеётся], [шёпотом].`,
    `One line per turn, starting with a voice name and a colon:\nAdam: Hi! Have you heard the news?\nSarah: No, tell me!\n\nFemale voices: ${DIALOGUE_FEMALE.join(', ')}.\nMale: ${DIALOGUE_MALE.join(', ')}.\nNeutral: River.\nUp to ${DIALOGUE_MAX_VOICES} different voices. Add emotions in brackets: [laughs], [whispers].`,
  ),
})

export const AUDIO_2026_MODELS: readonly ModelSpec[] = [
  defineModel({
    slug: 'suno-extend',
    kieModel: 'suno',
    catalogModel: 'suno extend',
    family: 'suno',
    createEndpoint: 'suno-extend',
    category: 'audio',
    kind: 'music',
    name: t('Suno: продолжение трека', 'Suno: extend a track'),
    description: t(
      'Suno продолжает один из ваших треков с выбранной секунды: новый текст, тот же голос и стиль.',
      'Suno continues one of your tracks from the second you choose: new lyrics, same voice and style.',
    ),
    inPredecessor: false,
    fields: [
      text('audioId', t('Трек', 'Track'), {
        maxLength: 100,
        taskRef: { kieModels: ['suno'], value: 'track', copyParams: ['model'] },
      }),
      integer('continueAt', t('С какой секунды продолжить', 'Continue from second'), {
        min: 1,
        max: 480,
        presets: [30, 60, 90, 120],
        unit: 'seconds',
        required: true,
        hint: t(
          'Секунда трека, с которой начнётся продолжение; она должна быть меньше длины трека.',
          'The second of the track where the continuation starts; it must be shorter than the track.',
        ),
      }),
      extendLyrics,
      sunoStyle,
      sunoTitle,
      {
        ...sunoVersion,
        hint: t(
          'Версия выбранного трека уже отмечена: Suno продолжает трек только той же версией.',
          "The picked track's version is already chosen: Suno extends a track only with the same version.",
        ),
      },
    ],
    fixed: { defaultParamFlag: true },
    omitted: { ...SUNO_TUNING_OMITTED, vocalGender: 'the continuation keeps the voice of the track' },
    // Kie prices an extension like a generation: 12 credits per request (README).
    price: flat(12),
    rules: sunoV4Limits([extendLyrics, sunoStyle]),
  }),
  defineModel({
    slug: 'eleven-dialogue',
    kieModel: 'elevenlabs/text-to-dialogue-v3',
    family: 'market',
    category: 'audio',
    kind: 'text-to-dialogue',
    name: t('ElevenLabs: диалог v3', 'ElevenLabs Dialogue v3'),
    description: t(
      'Озвучивает диалог несколькими голосами: подкаст, сценку, интервью — с эмоциями и паузами.',
      'Voices a dialogue with several speakers: a podcast, a sketch, an interview, with emotions and pauses.',
    ),
    inPredecessor: false,
    fields: [
      dialogueScript,
      choice('stability', t('Подача', 'Delivery'), [0, 0.5, 1], {
        default: 0.5,
        labels: {
          '0': t('Творческая — больше эмоций', 'Creative: more emotion'),
          '0.5': t('Естественная', 'Natural'),
          '1': t('Ровная — стабильнее, спокойнее', 'Robust: steadier, calmer'),
        },
      }),
    ],
    omitted: { language_code: "the language is detected from the text (Kie's default, auto)" },
    // Billed per character of the spoken text (the voice names are not sent as text).
    price: priced(['dialogue'], (p) => (14 * spokenLength(p, dialogueScript)) / 1000),
  }),
  defineModel({
    slug: 'suno-cover',
    kieModel: 'suno',
    catalogModel: 'suno upload-cover',
    family: 'suno',
    createEndpoint: 'suno-upload-cover',
    category: 'audio',
    kind: 'music',
    name: t('Suno: кавер на вашу песню', 'Suno cover of your song'),
    description: t(
      'Suno перепевает вашу песню (до 8 минут) в новом стиле, по желанию с новым текстом.',
      'Suno re-sings your song (up to 8 minutes) in a new style, optionally with new lyrics.',
    ),
    inPredecessor: false,
    fields: [
      audio('uploadUrl', { label: t('Песня для кавера', 'Song to cover') }),
      sunoStyle,
      sunoTitle,
      coverLyrics,
      toggle('instrumental', t('Только инструментал', 'Instrumental only'), false),
      sunoVersion,
    ],
    fixed: { customMode: true },
    omitted: { ...coverTuningOmitted, vocalGender: 'the cover keeps the voice Suno picks' },
    // No Kie price for covers: Suno generate's and extend's 12 per request (README).
    price: flat(12),
    rules: sunoV4Limits([coverLyrics, sunoStyle]),
  }),
]
