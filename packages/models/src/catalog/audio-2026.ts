import { defineModel } from '../define'
import { audio, prompt, toggle } from '../fields'
import { t } from '../labels'
import { flat } from '../pricing'
import type { ModelSpec } from '../types'
import { SUNO_TUNING_OMITTED, sunoStyle, sunoTitle, sunoV4Limits, sunoVersion } from './audio'

/** Audio offerings added in the late-2026 registry update. */

const coverLyrics = prompt(5000, {
  required: false,
  label: t('Новый текст песни', 'New lyrics'),
  hint: t('Можно пропустить: тогда Suno споёт по-своему.', 'Optional: without it Suno sings its own.'),
})

// The cover endpoint documents no personas.
const { personaId: _personaId, personaModel: _personaModel, ...coverTuningOmitted } = SUNO_TUNING_OMITTED

export const AUDIO_2026_MODELS: readonly ModelSpec[] = [
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
      toggle('instrumental', t('Без вокала', 'No vocals'), false),
      sunoVersion,
    ],
    fixed: { customMode: true },
    omitted: { ...coverTuningOmitted, vocalGender: 'the cover keeps the voice Suno picks' },
    // No Kie price for covers: Suno generate's and extend's 12 per request (README).
    price: flat(12),
    rules: sunoV4Limits([coverLyrics, sunoStyle]),
  }),
]
