"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.AUDIO_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const messages_1 = require("../messages");
const pricing_1 = require("../pricing");
/** Audio offerings: ElevenLabs (speech, sound effects, voice isolation) and Suno (music). */
/**
 * Voices the catalog documents by name (examples and note of the TTS entries) plus its default
 * voice id. The ~67 other voice ids are not in our catalog copy, so they are not offered yet.
 */
const TTS_VOICES = ['EkK5I93UQWFDigLMpZcX', 'Rachel', 'Adam', 'Brian'];
const TTS_VOICE_LABELS = {
    EkK5I93UQWFDigLMpZcX: (0, labels_1.t)('Голос по умолчанию', 'Default voice'),
    Rachel: (0, labels_1.t)('Рейчел — спокойный женский', 'Rachel: calm female'),
    Adam: (0, labels_1.t)('Адам — низкий мужской', 'Adam: deep male'),
    Brian: (0, labels_1.t)('Брайан — мужской, дикторский', 'Brian: male narrator'),
};
const TTS_OMITTED = {
    stability: 'voice tuning; the Kie default applies',
    similarity_boost: 'voice tuning; the Kie default applies',
    style: 'voice tuning; the Kie default applies',
    speed: 'voice tuning; the Kie default applies',
    timestamps: 'the bot delivers the audio only',
    previous_text: 'single requests, no continuation context',
    next_text: 'single requests, no continuation context',
    language_code: 'the language is detected from the text (multilingual v2 rejects it when set)',
};
function textToSpeech(slug, kieModel, creditsPer1000Chars, name, description) {
    return (0, define_1.defineModel)({
        slug,
        kieModel,
        family: 'market',
        category: 'audio',
        kind: 'text-to-speech',
        name: (0, labels_1.t)(name, name),
        description,
        inPredecessor: true,
        fields: [
            (0, fields_1.prompt)(5000, { key: 'text', label: (0, labels_1.t)('Текст для озвучки', 'Text to speak') }),
            (0, fields_1.choice)('voice', labels_1.LABEL.voice, TTS_VOICES, { default: 'EkK5I93UQWFDigLMpZcX', labels: TTS_VOICE_LABELS }),
        ],
        omitted: TTS_OMITTED,
        // Billed per character of the text.
        price: (0, pricing_1.priced)(['text'], (p) => (creditsPer1000Chars * (0, pricing_1.lengthOf)(p, 'text')) / 1000),
    });
}
/** Sound effects are billed per output second; without a chosen length (auto, up to 22 s) we bill 22 s. */
const SFX_MAX_SECONDS = 22;
/** Voice isolation is billed per second of input audio; longer files are refused to bound the price. */
const ISOLATION_MAX_SECONDS = 600;
const SUNO_VERSIONS = ['V5', 'V5_5', 'V4_5PLUS', 'V4_5ALL', 'V4_5', 'V4'];
const sunoVersion = (0, fields_1.choice)('model', labels_1.LABEL.version, SUNO_VERSIONS, {
    default: 'V5',
    labels: {
        V5: (0, labels_1.t)('v5 — рекомендуем', 'v5 (recommended)'),
        V5_5: (0, labels_1.t)('v5.5 — новейшая', 'v5.5 (newest)'),
        V4_5PLUS: (0, labels_1.t)('v4.5+', 'v4.5+'),
        V4_5ALL: (0, labels_1.t)('v4.5 All', 'v4.5 All'),
        V4_5: (0, labels_1.t)('v4.5', 'v4.5'),
        V4: (0, labels_1.t)('v4 — короче тексты', 'v4 (shorter texts)'),
    },
});
const sunoStyle = (0, fields_1.text)('style', (0, labels_1.t)('Музыкальный стиль', 'Music style'), {
    maxLength: 1000,
    hint: (0, labels_1.t)('Жанр, настроение, инструменты: «инди-поп, мечтательно, синтезаторы»', 'Genre, mood, instruments: "indie pop, dreamy, synths"'),
});
const sunoTitle = (0, fields_1.text)('title', (0, labels_1.t)('Название трека', 'Track title'), { maxLength: 80 });
const sunoLyrics = (0, fields_1.prompt)(5000, { label: (0, labels_1.t)('Текст песни', 'Lyrics') });
const SUNO_TUNING_OMITTED = {
    negativeTags: 'not asked to keep the wizard short',
    styleWeight: 'advanced Suno tuning; the Kie default applies',
    weirdnessConstraint: 'advanced Suno tuning; the Kie default applies',
    audioWeight: 'advanced Suno tuning; the Kie default applies',
    personaId: 'personas are not offered',
    personaModel: 'personas are not offered',
};
/** Suno V4 takes shorter custom-mode texts than later versions (kie-api.md §6.3). */
const SUNO_V4_LIMITS = { prompt: 3000, style: 200 };
function sunoV4Limits(fields) {
    return (params) => {
        if (params.model !== 'V4')
            return [];
        return fields.flatMap((field) => {
            const value = params[field.key];
            const max = SUNO_V4_LIMITS[field.key];
            const length = typeof value === 'string' ? [...value].length : 0;
            return max !== undefined && length > max ? [(0, messages_1.tooLongError)(field, max, length)] : [];
        });
    };
}
const SUNO_BASE = {
    kieModel: 'suno',
    catalogModel: 'suno (V4 | V4_5 | V4_5PLUS | V4_5ALL | V5 | V5_5)',
    family: 'suno',
    category: 'audio',
    kind: 'music',
    inPredecessor: false,
    // Suno charges one price per request (typically two tracks).
    price: (0, pricing_1.flat)(12),
};
exports.AUDIO_MODELS = [
    textToSpeech('eleven-tts', 'elevenlabs/text-to-speech-multilingual-v2', 12, 'ElevenLabs Multilingual v2', (0, labels_1.t)('Естественная озвучка текста на 29 языках, включая русский.', 'Natural-sounding speech from text in 29 languages, Russian included.')),
    textToSpeech('eleven-tts-turbo', 'elevenlabs/text-to-speech-turbo-2-5', 6, 'ElevenLabs Turbo 2.5', (0, labels_1.t)('Быстрая и вдвое более дешёвая озвучка текста.', 'Fast text-to-speech at half the price.')),
    (0, define_1.defineModel)({
        slug: 'eleven-sfx',
        kieModel: 'elevenlabs/sound-effect-v2',
        family: 'market',
        category: 'audio',
        kind: 'sound-effect',
        name: (0, labels_1.t)('ElevenLabs: звуковые эффекты', 'ElevenLabs Sound Effects'),
        description: (0, labels_1.t)('Создаёт звук по описанию: шаги, дождь, взрыв, атмосферу — до 22 с.', 'Creates a sound from a description: footsteps, rain, an explosion, ambience; up to 22 s.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.prompt)(5000, { key: 'text', label: (0, labels_1.t)('Описание звука', 'Sound description') }),
            (0, fields_1.decimal)('duration_seconds', labels_1.LABEL.duration, {
                min: 0.5,
                max: SFX_MAX_SECONDS,
                presets: [2, 5, 10, 22],
                unit: 'seconds',
                required: false,
                hint: (0, labels_1.t)('Пропустите — длину подберёт модель (оплата как за 22 с).', 'Skip to let the model choose (billed as 22 s).'),
            }),
        ],
        omitted: {
            loop: 'seamless looping is not offered',
            prompt_influence: 'the Kie default applies',
            output_format: 'the Kie default (mp3) suits Telegram',
        },
        price: (0, pricing_1.priced)(['duration_seconds'], (p) => 0.24 * (p.duration_seconds === undefined ? SFX_MAX_SECONDS : (0, pricing_1.numberOf)(p, 'duration_seconds'))),
    }),
    (0, define_1.defineModel)({
        slug: 'eleven-isolate',
        kieModel: 'elevenlabs/audio-isolation',
        family: 'market',
        category: 'audio',
        kind: 'audio-isolation',
        name: (0, labels_1.t)('ElevenLabs: очистка голоса', 'ElevenLabs Voice Isolator'),
        description: (0, labels_1.t)('Убирает шум, музыку и эхо из записи, оставляя чистый голос (до 10 минут).', 'Removes noise, music and echo from a recording, leaving a clean voice (up to 10 minutes).'),
        inPredecessor: true,
        deadlineMs: 15 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.audio)('audio_url', { label: (0, labels_1.t)('Запись с голосом', 'Voice recording'), maxMb: 10 }),
            (0, fields_1.measuredSeconds)('audio_seconds', 'audio_url', labels_1.LABEL.audioSeconds, ISOLATION_MAX_SECONDS),
        ],
        price: (0, pricing_1.priced)(['audio_seconds'], (p) => 0.2 * Math.ceil((0, pricing_1.numberOf)(p, 'audio_seconds'))),
    }),
    (0, define_1.defineModel)({
        ...SUNO_BASE,
        slug: 'suno-song',
        name: (0, labels_1.t)('Suno: песня по описанию', 'Suno song from a description'),
        description: (0, labels_1.t)('Опишите песню словами — Suno напишет текст и музыку и споёт её.', 'Describe a song in words: Suno writes the lyrics and music and sings it.'),
        fields: [
            (0, fields_1.prompt)(500, {
                label: (0, labels_1.t)('О чём песня', 'What the song is about'),
                hint: (0, labels_1.t)('Например: «весёлая песня о лете на даче, поп-рок»', 'For example: "a cheerful song about summer at the lake, pop rock"'),
            }),
            (0, fields_1.toggle)('instrumental', (0, labels_1.t)('Без вокала', 'Instrumental only'), false),
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
    (0, define_1.defineModel)({
        ...SUNO_BASE,
        slug: 'suno-lyrics',
        name: (0, labels_1.t)('Suno: песня на ваш текст', 'Suno song with your lyrics'),
        description: (0, labels_1.t)('Suno поёт ваш текст в выбранном стиле; вы задаёте и название трека.', 'Suno sings your lyrics in the style you choose; you also name the track.'),
        fields: [
            sunoLyrics,
            sunoStyle,
            sunoTitle,
            (0, fields_1.choice)('vocalGender', (0, labels_1.t)('Голос', 'Vocals'), ['f', 'm'], {
                labels: { f: (0, labels_1.t)('Женский', 'Female'), m: (0, labels_1.t)('Мужской', 'Male') },
            }),
            sunoVersion,
        ],
        fixed: { customMode: true, instrumental: false },
        omitted: SUNO_TUNING_OMITTED,
        rules: sunoV4Limits([sunoLyrics, sunoStyle]),
    }),
    (0, define_1.defineModel)({
        ...SUNO_BASE,
        slug: 'suno-instrumental',
        name: (0, labels_1.t)('Suno: инструментал', 'Suno instrumental'),
        description: (0, labels_1.t)('Музыка без слов в заданном стиле: фон для видео, подкаста или игры.', 'Music without vocals in your chosen style: a backing track for video, podcasts or games.'),
        fields: [{ ...sunoStyle, primary: true }, sunoTitle, sunoVersion],
        fixed: { customMode: true, instrumental: true },
        omitted: {
            ...SUNO_TUNING_OMITTED,
            prompt: 'an instrumental has no lyrics',
            vocalGender: 'an instrumental has no vocals',
        },
        rules: sunoV4Limits([sunoStyle]),
    }),
];
