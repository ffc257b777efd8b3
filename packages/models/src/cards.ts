import type { LocalizedText, ModelKind, ModelSpec } from './types'

// What a model's card says beyond its description: who makes it, what it is best at next to
// its siblings, an example prompt, and whether a Russian prompt is fine. Written from the
// registry's own data (resolutions, lengths, prices) and the vendors' and Kie's pages; where
// nothing is known the card says less (no Russian line, no comparison it cannot back).

/** Who makes a model: the catalog's "by vendor" pages. */
export const VENDORS = {
  google: { ru: 'Google', en: 'Google' },
  openai: { ru: 'OpenAI', en: 'OpenAI' },
  bytedance: { ru: 'ByteDance', en: 'ByteDance' },
  bfl: { ru: 'Black Forest Labs (FLUX)', en: 'Black Forest Labs (FLUX)' },
  midjourney: { ru: 'Midjourney', en: 'Midjourney' },
  kling: { ru: 'Kling (Kuaishou)', en: 'Kling (Kuaishou)' },
  alibaba: { ru: 'Alibaba (Wan, Qwen)', en: 'Alibaba (Wan, Qwen)' },
  minimax: { ru: 'MiniMax (Hailuo)', en: 'MiniMax (Hailuo)' },
  xai: { ru: 'xAI (Grok)', en: 'xAI (Grok)' },
  runway: { ru: 'Runway', en: 'Runway' },
  ideogram: { ru: 'Ideogram', en: 'Ideogram' },
  recraft: { ru: 'Recraft', en: 'Recraft' },
  topaz: { ru: 'Topaz Labs', en: 'Topaz Labs' },
  meigen: { ru: 'MeiGen (InfiniteTalk)', en: 'MeiGen (InfiniteTalk)' },
  elevenlabs: { ru: 'ElevenLabs', en: 'ElevenLabs' },
  suno: { ru: 'Suno', en: 'Suno' },
} as const satisfies Record<string, LocalizedText>

export type Vendor = keyof typeof VENDORS
export const VENDOR_IDS = Object.keys(VENDORS) as Vendor[]

/**
 * Whether a Russian prompt is fine: `native` the model reads it as it is, `translated` Kie
 * translates it to English first (the registry sends `enableTranslation`).
 */
export type RussianPrompts = 'native' | 'translated'

export interface ModelCardInfo {
  readonly vendor: Vendor
  /** what the model is best at, next to its siblings */
  readonly bestAt: LocalizedText
  /** a prompt to start from (none for models that take no free text) */
  readonly example?: LocalizedText
  /** absent: not known, so the card says nothing */
  readonly russian?: RussianPrompts
}

/** What a user wants to do: the catalog's "by task" pages. */
export const CATALOG_TASKS = [
  'text-to-image',
  'photo-edit',
  'photo-to-video',
  'upscale',
  'text-to-video',
  'voice',
  'music',
  'more',
] as const
export type CatalogTask = (typeof CATALOG_TASKS)[number]

const TASK_OF_KIND: Record<ModelKind, CatalogTask> = {
  'text-to-image': 'text-to-image',
  'image-to-image': 'photo-edit',
  'image-edit': 'photo-edit',
  'character-reference': 'photo-edit',
  'background-removal': 'photo-edit',
  'image-upscale': 'upscale',
  'video-upscale': 'upscale',
  'text-to-video': 'text-to-video',
  'image-to-video': 'photo-to-video',
  'talking-avatar': 'photo-to-video',
  'lip-sync': 'photo-to-video',
  'speech-to-video': 'photo-to-video',
  'video-to-video': 'more',
  'video-extend': 'more',
  'watermark-removal': 'more',
  'text-to-speech': 'voice',
  'text-to-dialogue': 'voice',
  'sound-effect': 'more',
  'audio-isolation': 'more',
  music: 'music',
}

/** The catalog task a model is listed under. */
export function catalogTaskOf(model: ModelSpec): CatalogTask {
  return TASK_OF_KIND[model.kind]
}

const t = (ru: string, en: string): LocalizedText => ({ ru, en })

// Example prompts shared by siblings (one model family answers the same kind of request).
const EX = {
  photo: t(
    'Рыжий кот спит на подоконнике, за окном дождь, мягкий свет, фотография',
    'A ginger cat asleep on a windowsill, rain outside, soft light, photograph',
  ),
  poster: t(
    'Постер джазового фестиваля с крупной надписью «JAZZ NIGHT», ретро-стиль, синий и золотой',
    'A jazz festival poster with the big headline “JAZZ NIGHT”, retro style, blue and gold',
  ),
  edit: t(
    'Замени фон на летний пляж, а одежду — на белую льняную рубашку',
    'Replace the background with a summer beach and the clothes with a white linen shirt',
  ),
  combine: t(
    'Посади человека с первого фото в кресло со второго фото, свет как на закате',
    'Seat the person from the first photo in the armchair from the second, sunset light',
  ),
  art: t(
    'Маяк на скале в шторм, масляная живопись, драматичное небо',
    'A lighthouse on a cliff in a storm, oil painting, dramatic sky',
  ),
  video: t(
    'Камера медленно летит над осенним лесом на рассвете, туман между деревьями',
    'The camera glides slowly over an autumn forest at dawn, mist between the trees',
  ),
  videoSpeech: t(
    'Бариста за стойкой улыбается и говорит: «Ваш капучино готов!», шум кофейни',
    'A barista at the counter smiles and says: “Your cappuccino is ready!”, café noise',
  ),
  animate: t(
    'Человек на фото поворачивается к камере и улыбается, волосы развевает ветер',
    'The person in the photo turns to the camera and smiles, hair moving in the wind',
  ),
  avatar: t('Говорит спокойно и дружелюбно, смотрит в камеру', 'Speaks calmly and warmly, looking at the camera'),
  extend: t(
    'Камера отъезжает назад, и становится виден весь город',
    'The camera pulls back and the whole city comes into view',
  ),
  motion: t('Персонаж танцует в студии на белом фоне', 'The character dances in a studio against a white background'),
  song: t(
    'Весёлая поп-песня про летнюю поездку к морю, женский вокал',
    'A cheerful pop song about a summer trip to the sea, female vocals',
  ),
  lyrics: t(
    '[Куплет]\nМы едем к морю, ветер в лицо\n[Припев]\nЛето, лето, не кончайся',
    '[Verse]\nWe drive to the sea, wind in our faces\n[Chorus]\nSummer, summer, never end',
  ),
  style: t('лоу-фай, спокойный бит, пианино', 'lo-fi, calm beat, piano'),
  speech: t(
    'Добрый вечер! Сегодня расскажу, как испечь хлеб дома.',
    'Good evening! Today I will show you how to bake bread at home.',
  ),
} as const

const CARDS: Record<string, ModelCardInfo> = {
  // Google images
  'nano-banana': {
    vendor: 'google',
    bestAt: t(
      'Быстрые и дешёвые картинки на каждый день. Pro и 2 чётче и лучше пишут текст, но дороже.',
      'Quick, cheap everyday pictures. Pro and 2 are sharper and better with text, but cost more.',
    ),
    example: EX.photo,
  },
  'nano-banana-edit': {
    vendor: 'google',
    bestAt: t(
      'Недорогая правка фото по команде: фон, одежда, предметы; до 10 фото за раз.',
      'Inexpensive photo edits by instruction: background, clothes, objects; up to 10 photos at once.',
    ),
    example: EX.edit,
  },
  'nano-banana-pro': {
    vendor: 'google',
    bestAt: t(
      'Самая точная Nano Banana: текст на картинке, сложные сцены, до 4K. Дороже Nano Banana 2.',
      'The most precise Nano Banana: text in the picture, complex scenes, up to 4K. Dearer than Nano Banana 2.',
    ),
    example: EX.poster,
  },
  'nano-banana-2': {
    vendor: 'google',
    bestAt: t(
      'Баланс цены и качества: быстрее и дешевле Pro, до 4K, до 14 фото-референсов и очень широкие форматы.',
      'Price and quality balanced: faster and cheaper than Pro, up to 4K, up to 14 reference photos, very wide formats.',
    ),
    example: EX.photo,
  },
  imagen4: {
    vendor: 'google',
    bestAt: t(
      'Фотореализм: свет, кожа, фактуры. Fast — дешевле для черновиков, Ultra — точнее по сложным запросам.',
      'Photorealism: light, skin, textures. Fast is cheaper for drafts, Ultra follows complex prompts more closely.',
    ),
    example: EX.photo,
  },
  'imagen4-fast': {
    vendor: 'google',
    bestAt: t(
      'Самая дешёвая Imagen 4: черновики и поиск идеи, прежде чем платить за обычную или Ultra.',
      'The cheapest Imagen 4: drafts and finding the idea before paying for the standard or Ultra.',
    ),
    example: EX.photo,
  },
  'imagen4-ultra': {
    vendor: 'google',
    bestAt: t(
      'Длинные подробные описания, где важна каждая деталь; самая дорогая из Imagen 4.',
      'Long, detailed prompts where every detail matters; the dearest Imagen 4.',
    ),
    example: EX.photo,
  },
  // ByteDance images
  'seedream-4-5': {
    vendor: 'bytedance',
    bestAt: t(
      'Яркие детальные картинки в 2K или 4K по одной цене. Seedream 5 Pro точнее в фотореализме и тексте, Seedream 4 даёт до 6 вариантов за раз.',
      'Vivid, detailed pictures in 2K or 4K at one price. Seedream 5 Pro is more precise in photorealism and text; Seedream 4 gives up to 6 variants at once.',
    ),
    example: EX.art,
  },
  'seedream-4-5-edit': {
    vendor: 'bytedance',
    bestAt: t(
      'Объединить много фото в одну сцену: до 14 снимков, 2K или 4K по одной цене.',
      'Combining many photos in one scene: up to 14 shots, 2K or 4K at one price.',
    ),
    example: EX.combine,
  },
  'seedream-5-lite': {
    vendor: 'bytedance',
    bestAt: t(
      'Новое поколение Seedream недорого: дешевле 4.5 и 5 Pro; Flash ещё дешевле, но только до 2K.',
      'The new Seedream generation at a low price: cheaper than 4.5 and 5 Pro; Flash is cheaper still, but only up to 2K.',
    ),
    example: EX.art,
  },
  'seedream-4': {
    vendor: 'bytedance',
    bestAt: t(
      'Несколько вариантов за один запрос: до 6 картинок, до 4K; цена растёт с их числом.',
      'Several variants from one request: up to 6 pictures, up to 4K; the price grows with their number.',
    ),
    example: EX.art,
  },
  'seedream-4-edit': {
    vendor: 'bytedance',
    bestAt: t(
      'Правка до 10 фото с несколькими вариантами результата (до 6), чтобы выбрать лучший.',
      'Editing up to 10 photos with several result variants (up to 6) to pick the best one.',
    ),
    example: EX.edit,
  },
  'seedream-5-flash': {
    vendor: 'bytedance',
    bestAt: t(
      'Самая быстрая и дешёвая Seedream 5, до 2K: прикинуть идею, прежде чем брать Lite или Pro.',
      'The fastest, cheapest Seedream 5, up to 2K: try an idea before taking Lite or Pro.',
    ),
    example: EX.art,
  },
  'seedream-5-flash-edit': {
    vendor: 'bytedance',
    bestAt: t('Быстрая и дешёвая правка до 10 фото, до 2K.', 'Fast, cheap edits of up to 10 photos, up to 2K.'),
    example: EX.edit,
  },
  'seedream-5-lite-edit': {
    vendor: 'bytedance',
    bestAt: t(
      'Правка и объединение фото по описанию: до 14 референсов, дешевле Seedream 5 Pro.',
      'Editing and combining photos by description: up to 14 references, cheaper than Seedream 5 Pro.',
    ),
    example: EX.combine,
  },
  'seedream-5-pro': {
    vendor: 'bytedance',
    bestAt: t(
      'Старшая Seedream 5: фотореализм и точный текст на картинке; дороже Lite и Flash.',
      'The top Seedream 5: photorealism and accurate text in the picture; dearer than Lite and Flash.',
    ),
    example: EX.poster,
  },
  'seedream-5-pro-edit': {
    vendor: 'bytedance',
    bestAt: t(
      'Самая аккуратная правка фото в линейке Seedream 5: до 10 фото, 1K или 2K.',
      'The most careful photo edits of the Seedream 5 line: up to 10 photos, 1K or 2K.',
    ),
    example: EX.edit,
  },
  // Black Forest Labs
  'flux-2-pro': {
    vendor: 'bfl',
    bestAt: t(
      'Реалистичные фото и чистая типографика недорого. Flex точнее в мелких деталях и тексте, но дороже.',
      'Realistic photos and clean typography at a low price. Flex is more precise in fine detail and text, but dearer.',
    ),
    example: EX.photo,
  },
  'flux-2-pro-edit': {
    vendor: 'bfl',
    bestAt: t(
      'Новая картинка по вашим фото (до 8): перенести стиль, предмет или персонажа; дешевле Flex.',
      'A new picture from your photos (up to 8): carry over a style, an object or a character; cheaper than Flex.',
    ),
    example: EX.combine,
  },
  'flux-2-flex': {
    vendor: 'bfl',
    bestAt: t(
      'Когда важны мелкие детали и текст: аккуратнее FLUX.2 Pro, но дороже.',
      'When fine detail and text matter: more careful than FLUX.2 Pro, but dearer.',
    ),
    example: EX.poster,
  },
  'flux-2-flex-edit': {
    vendor: 'bfl',
    bestAt: t(
      'Точная правка и объединение фото, где Pro не справляется с деталями.',
      'Precise edits and combinations of photos where Pro misses the details.',
    ),
    example: EX.combine,
  },
  'flux-kontext-pro': {
    vendor: 'bfl',
    bestAt: t(
      'Правка одного фото по команде с сохранением лица и деталей; Max точнее, но вдвое дороже.',
      'Editing one photo by instruction while keeping the face and details; Max is more precise but twice the price.',
    ),
    example: EX.edit,
    russian: 'translated',
  },
  'flux-kontext-max': {
    vendor: 'bfl',
    bestAt: t(
      'Сложные правки и надписи на фото: точнее Kontext Pro.',
      'Demanding edits and lettering on photos: more precise than Kontext Pro.',
    ),
    example: EX.edit,
    russian: 'translated',
  },
  // OpenAI
  'gpt-image-1-5': {
    vendor: 'openai',
    bestAt: t(
      'Длинные описания и текст на картинке. GPT Image 2 новее и даёт до 4K.',
      'Long prompts and text in the picture. GPT Image 2 is newer and goes up to 4K.',
    ),
    example: EX.poster,
    russian: 'native',
  },
  'gpt-image-1-5-edit': {
    vendor: 'openai',
    bestAt: t(
      'Правка фото командой на обычном языке, до 16 фото.',
      'Photo edits by a plain-language instruction, up to 16 photos.',
    ),
    example: EX.edit,
    russian: 'native',
  },
  'gpt-image-2': {
    vendor: 'openai',
    bestAt: t(
      'Сложные сцены с точным текстом, до 4K; новее GPT Image 1.5.',
      'Complex scenes with accurate text, up to 4K; newer than GPT Image 1.5.',
    ),
    example: EX.poster,
    russian: 'native',
  },
  'gpt-image-2-edit': {
    vendor: 'openai',
    bestAt: t(
      'Правка фото командой на обычном языке: до 16 фото, до 4K.',
      'Photo edits by a plain-language instruction: up to 16 photos, up to 4K.',
    ),
    example: EX.edit,
    russian: 'native',
  },
  'gpt-4o-image': {
    vendor: 'openai',
    bestAt: t(
      'Картинки в духе ChatGPT по описанию или по вашим фото, до 4 вариантов.',
      'ChatGPT-style pictures from a description or your photos, up to 4 variants.',
    ),
    example: EX.art,
    russian: 'native',
  },
  // Midjourney
  midjourney: {
    vendor: 'midjourney',
    bestAt: t(
      'Художественные картинки с сильной эстетикой: 4 варианта за раз, стиль аниме — в Niji.',
      'Artistic pictures with a strong aesthetic: 4 variants at once, anime style in Niji.',
    ),
    example: EX.art,
    russian: 'translated',
  },
  'midjourney-i2i': {
    vendor: 'midjourney',
    bestAt: t(
      'Переосмыслить ваше фото в стиле Midjourney: 4 новых варианта.',
      'Reimagining your photo in Midjourney’s style: 4 new variants.',
    ),
    example: EX.art,
    russian: 'translated',
  },
  'midjourney-video': {
    vendor: 'midjourney',
    bestAt: t(
      'Оживить художественную картинку плавным движением в стиле Midjourney.',
      'Bringing an artistic picture to life with smooth Midjourney-style motion.',
    ),
    example: EX.animate,
    russian: 'translated',
  },
  // Ideogram, Alibaba, xAI, tools
  'ideogram-3': {
    vendor: 'ideogram',
    bestAt: t(
      'Надписи, логотипы и постеры: текст на картинке — его сильная сторона.',
      'Lettering, logos and posters: text in the picture is its strong side.',
    ),
    example: EX.poster,
  },
  'ideogram-character': {
    vendor: 'ideogram',
    bestAt: t(
      'Один и тот же персонаж по вашему фото в новых сценах: серии и истории.',
      'The same character from your photo in new scenes: series and stories.',
    ),
    example: t('Та же девушка в кафе в Париже, читает книгу', 'The same woman in a Paris café, reading a book'),
  },
  'qwen-image': {
    vendor: 'alibaba',
    bestAt: t(
      'Текст на картинке недорого: вывески, открытки, обложки.',
      'Text in pictures at a low price: signs, cards, covers.',
    ),
    example: EX.poster,
  },
  'qwen-image-edit': {
    vendor: 'alibaba',
    bestAt: t(
      'Точечная правка: заменить надпись, предмет, цвет или фон, не трогая остальное.',
      'Targeted edits: replace a caption, an object, a colour or the background and leave the rest.',
    ),
    example: t('Замени надпись на вывеске на «Открыто»', 'Change the text on the sign to “Open”'),
  },
  'z-image': {
    vendor: 'alibaba',
    bestAt: t(
      'Самая дешёвая картинка по описанию в каталоге: много попыток за копейки.',
      'The cheapest picture from a description in the catalog: many tries for pennies.',
    ),
    example: EX.photo,
  },
  'grok-image': {
    vendor: 'xai',
    bestAt: t(
      'Много вариантов за один запрос: 6 картинок (в режиме Pro — 4 качественнее).',
      'Many variants from one request: 6 pictures (Pro mode: 4 of higher quality).',
    ),
    example: EX.art,
  },
  'grok-image-edit': {
    vendor: 'xai',
    bestAt: t(
      'Переделать фото целиком: новый стиль, сцена или настроение.',
      'Reworking a whole photo: a new style, scene or mood.',
    ),
    example: t('Сделай из этого фото кадр из аниме', 'Turn this photo into an anime still'),
  },
  'recraft-remove-bg': {
    vendor: 'recraft',
    bestAt: t(
      'Убрать фон за один шаг: PNG с прозрачностью для магазина, стикера или макета.',
      'Removing the background in one step: a transparent PNG for a shop, a sticker or a layout.',
    ),
  },
  'recraft-upscale': {
    vendor: 'recraft',
    bestAt: t(
      'Самый дешёвый способ сделать фото крупнее и резче; Topaz увеличивает сильнее и восстанавливает детали.',
      'The cheapest way to make a photo larger and sharper; Topaz enlarges more and restores detail.',
    ),
  },
  'topaz-image-upscale': {
    vendor: 'topaz',
    bestAt: t(
      'Увеличение до 8 раз с восстановлением деталей — для печати и старых снимков.',
      'Enlarging up to 8x with detail recovery, for prints and old shots.',
    ),
  },
  // Veo, Runway
  'veo-3-1-fast': {
    vendor: 'google',
    bestAt: t(
      'Видео со звуком и речью по разумной цене. Quality — кинематографичнее и дороже, Lite — дешевле всех.',
      'Video with sound and speech at a fair price. Quality is more cinematic and dearer, Lite is the cheapest.',
    ),
    example: EX.videoSpeech,
    russian: 'translated',
  },
  'veo-3-1': {
    vendor: 'google',
    bestAt: t(
      'Лучшее качество Veo: кинематографичная картинка, звук и диалоги; самая дорогая из Veo.',
      'Veo’s best quality: a cinematic picture, sound and dialogue; the dearest Veo.',
    ),
    example: EX.videoSpeech,
    russian: 'translated',
  },
  'veo-3-1-lite': {
    vendor: 'google',
    bestAt: t(
      'Самый дешёвый Veo со звуком: попробовать сцену, прежде чем брать Fast или Quality.',
      'The cheapest Veo with sound: try a scene before taking Fast or Quality.',
    ),
    example: EX.videoSpeech,
    russian: 'translated',
  },
  'veo-3-1-fast-extend': {
    vendor: 'google',
    bestAt: t(
      'Продолжить ролик Veo 3.1 Fast, созданный здесь: следующая сцена со звуком.',
      'Continuing a Veo 3.1 Fast clip made here: the next scene, with sound.',
    ),
    example: EX.extend,
    russian: 'translated',
  },
  'veo-3-1-extend': {
    vendor: 'google',
    bestAt: t(
      'Продолжить ролик Veo 3.1 Quality, созданный здесь, в том же качестве.',
      'Continuing a Veo 3.1 Quality clip made here, in the same quality.',
    ),
    example: EX.extend,
    russian: 'translated',
  },
  'veo-3-1-lite-extend': {
    vendor: 'google',
    bestAt: t(
      'Продолжить ролик Veo 3.1 Lite, созданный здесь, дешевле всего.',
      'Continuing a Veo 3.1 Lite clip made here, at the lowest price.',
    ),
    example: EX.extend,
    russian: 'translated',
  },
  'runway-gen4-turbo': {
    vendor: 'runway',
    bestAt: t(
      'Короткие ролики 5 или 10 с по описанию или по фото, недорого и без звука.',
      'Short 5 or 10 s clips from a description or a photo, inexpensive and silent.',
    ),
    example: EX.video,
  },
  'runway-extend': {
    vendor: 'runway',
    bestAt: t(
      'Продолжить ролик Runway, созданный здесь: что происходит дальше.',
      'Continuing a Runway clip made here: what happens next.',
    ),
    example: EX.extend,
  },
  // Kling
  'kling-2-1-master': {
    vendor: 'kling',
    bestAt: t(
      'Премиальный Kling 2.1: кинематографичная картинка и сложные сцены, без звука. Новее — 2.6 и 3.0 со звуком.',
      'Premium Kling 2.1: a cinematic picture and complex scenes, silent. Newer: 2.6 and 3.0, with sound.',
    ),
    example: EX.video,
  },
  'kling-2-1-master-i2v': {
    vendor: 'kling',
    bestAt: t(
      'Кинематографично оживить фото, 5 или 10 с, без звука.',
      'Animating a photo cinematically, 5 or 10 s, silent.',
    ),
    example: EX.animate,
  },
  'kling-2-5-turbo': {
    vendor: 'kling',
    bestAt: t(
      'Самый доступный Kling с плавным движением, 5 или 10 с, без звука.',
      'The most affordable Kling, with smooth motion, 5 or 10 s, silent.',
    ),
    example: EX.video,
  },
  'kling-2-5-turbo-i2v': {
    vendor: 'kling',
    bestAt: t(
      'Недорого оживить фото; можно задать последний кадр, к которому придёт видео.',
      'Animating a photo at a low price; you can give the last frame the video ends on.',
    ),
    example: EX.animate,
  },
  'kling-2-6': {
    vendor: 'kling',
    bestAt: t(
      'Kling со звуком и речью персонажей, 5 или 10 с. Kling 3.0 дольше (до 15 с) и до 4K.',
      'Kling with sound and characters’ speech, 5 or 10 s. Kling 3.0 runs longer (up to 15 s) and up to 4K.',
    ),
    example: EX.videoSpeech,
  },
  'kling-2-6-i2v': {
    vendor: 'kling',
    bestAt: t('Оживить фото со звуком, 5 или 10 с.', 'Animating a photo with sound, 5 or 10 s.'),
    example: EX.animate,
  },
  'kling-3': {
    vendor: 'kling',
    bestAt: t(
      'Новейший Kling: 3–15 с, до 4K, звук, первый и последний кадр. Turbo быстрее.',
      'The newest Kling: 3–15 s, up to 4K, sound, first and last frames. Turbo is faster.',
    ),
    example: EX.videoSpeech,
  },
  'kling-3-turbo': {
    vendor: 'kling',
    bestAt: t(
      'Быстрый Kling 3.0 со звуком, 720p или 1080p, когда 4K не нужно.',
      'Fast Kling 3.0 with sound, 720p or 1080p, when you do not need 4K.',
    ),
    example: EX.videoSpeech,
  },
  'kling-3-turbo-i2v': {
    vendor: 'kling',
    bestAt: t('Быстро оживить фото со звуком, 3–15 с.', 'Animating a photo quickly with sound, 3–15 s.'),
    example: EX.animate,
  },
  'kling-3-omni': {
    vendor: 'kling',
    bestAt: t(
      'Kling 3.0 Omni: 3–15 с, до 4K, звук по желанию.',
      'Kling 3.0 Omni: 3–15 s, up to 4K, sound if you want it.',
    ),
    example: EX.video,
  },
  'kling-3-omni-i2v': {
    vendor: 'kling',
    bestAt: t(
      'Оживить фото до 4K, можно задать и последний кадр.',
      'Animating a photo up to 4K, with a last frame if you like.',
    ),
    example: EX.animate,
  },
  'kling-avatar': {
    vendor: 'kling',
    bestAt: t(
      'Говорящий портрет под ваше аудио, 720p; Pro — то же в 1080p и вдвое дороже.',
      'A talking portrait to your audio, 720p; Pro does the same in 1080p at twice the price.',
    ),
    example: EX.avatar,
  },
  'kling-avatar-pro': {
    vendor: 'kling',
    bestAt: t('Говорящий портрет под ваше аудио в 1080p.', 'A talking portrait to your audio in 1080p.'),
    example: EX.avatar,
  },
  'kling-2-6-motion': {
    vendor: 'kling',
    bestAt: t(
      'Перенести движения человека из видео на персонажа с фото; 3.0 — новее и дороже.',
      'Moving the character in a photo like the person in a video; 3.0 is newer and dearer.',
    ),
    example: EX.motion,
  },
  'kling-3-motion': {
    vendor: 'kling',
    bestAt: t('Перенос движений на новейшем Kling 3.0.', 'Motion transfer on the newest Kling 3.0.'),
    example: EX.motion,
  },
  // OpenAI video (retired upstream, kept for history)
  'sora-2': {
    vendor: 'openai',
    bestAt: t('Видео со звуком и речью, 10 или 15 с.', 'Video with sound and speech, 10 or 15 s.'),
    example: EX.videoSpeech,
  },
  'sora-2-i2v': {
    vendor: 'openai',
    bestAt: t('Оживить фото со звуком, 10 или 15 с.', 'Animating a photo with sound, 10 or 15 s.'),
    example: EX.animate,
  },
  'sora-2-pro': {
    vendor: 'openai',
    bestAt: t(
      'Старшая Sora 2: детальнее и стабильнее, до 1080p.',
      'The top Sora 2: more detail and stability, up to 1080p.',
    ),
    example: EX.videoSpeech,
  },
  'sora-watermark-remover': {
    vendor: 'openai',
    bestAt: t(
      'Убрать водяной знак с опубликованного видео Sora.',
      'Removing the watermark from a published Sora video.',
    ),
  },
  // tools for video
  'topaz-video-upscale': {
    vendor: 'topaz',
    bestAt: t(
      'Поднять разрешение и чёткость любого вашего ролика в 2 или 4 раза.',
      'Raising the resolution and sharpness of any clip of yours 2x or 4x.',
    ),
  },
  'grok-image-upscale': {
    vendor: 'xai',
    bestAt: t(
      'Повысить разрешение ролика Grok Imagine, созданного здесь.',
      'Raising the resolution of a Grok Imagine clip made here.',
    ),
  },
  infinitalk: {
    vendor: 'meigen',
    bestAt: t('Точная синхронизация губ с вашим аудио, до 15 с.', 'Accurate lip-sync to your audio, up to 15 s.'),
    example: EX.avatar,
  },
  // ByteDance video
  'seedance-1-lite': {
    vendor: 'bytedance',
    bestAt: t(
      'Самое дешёвое видео Seedance, до 1080p, без звука.',
      'The cheapest Seedance video, up to 1080p, silent.',
    ),
    example: EX.video,
  },
  'seedance-1-lite-i2v': {
    vendor: 'bytedance',
    bestAt: t(
      'Недорого оживить фото, можно задать последний кадр.',
      'Animating a photo at a low price, with a last frame if you like.',
    ),
    example: EX.animate,
  },
  'seedance-1-pro': {
    vendor: 'bytedance',
    bestAt: t(
      'Ролик с несколькими планами по описанию, до 1080p, без звука.',
      'A clip with several shots from a description, up to 1080p, silent.',
    ),
    example: EX.video,
  },
  'seedance-1-pro-i2v': {
    vendor: 'bytedance',
    bestAt: t('Оживить фото до 1080p, без звука.', 'Animating a photo up to 1080p, silent.'),
    example: EX.animate,
  },
  'seedance-1-5-pro': {
    vendor: 'bytedance',
    bestAt: t(
      'Видео 4–12 с по описанию или по 1–2 кадрам, звук по желанию; дешевле Seedance 2.',
      'A 4–12 s video from a description or 1–2 frames, sound optional; cheaper than Seedance 2.',
    ),
    example: EX.video,
  },
  'seedance-2': {
    vendor: 'bytedance',
    bestAt: t(
      'Флагман Seedance: звук, до 15 с и до 4K. Fast и Mini дешевле, но до 720p; 2.5 длиннее, до 30 с.',
      'The Seedance flagship: sound, up to 15 s and up to 4K. Fast and Mini are cheaper but up to 720p; 2.5 runs up to 30 s.',
    ),
    example: EX.videoSpeech,
  },
  'seedance-2-fast': {
    vendor: 'bytedance',
    bestAt: t('Seedance 2 быстрее и дешевле, 480p или 720p.', 'Seedance 2 faster and cheaper, 480p or 720p.'),
    example: EX.videoSpeech,
  },
  'seedance-2-mini': {
    vendor: 'bytedance',
    bestAt: t(
      'Самая дешёвая Seedance 2 со звуком, 480p или 720p.',
      'The cheapest Seedance 2 with sound, 480p or 720p.',
    ),
    example: EX.videoSpeech,
  },
  'seedance-2-5': {
    vendor: 'bytedance',
    bestAt: t('Длинные ролики со звуком — до 30 с, 480p или 720p.', 'Long clips with sound, up to 30 s, 480p or 720p.'),
    example: EX.videoSpeech,
  },
  // xAI video
  'grok-video': {
    vendor: 'xai',
    bestAt: t('Очень недорогое видео со звуком, от 6 до 30 с.', 'Very affordable video with sound, from 6 to 30 s.'),
    example: EX.videoSpeech,
  },
  'grok-video-i2v': {
    vendor: 'xai',
    bestAt: t(
      'Недорого оживить до 7 фото в одном ролике со звуком.',
      'Animating up to 7 photos in one clip with sound, at a low price.',
    ),
    example: EX.animate,
  },
  // Alibaba video
  'wan-2-2-turbo': {
    vendor: 'alibaba',
    bestAt: t(
      'Короткий ролик 5 с примерно за минуту: быстро проверить идею. Wan 2.5–2.7 снимают дольше.',
      'A short 5 s clip in about a minute: check an idea fast. Wan 2.5–2.7 make longer clips.',
    ),
    example: EX.video,
  },
  'wan-2-2-speech': {
    vendor: 'alibaba',
    bestAt: t('Фото говорит под ваше аудио, ролик 5 с.', 'Your photo speaks to your audio, a 5 s clip.'),
    example: EX.avatar,
  },
  'wan-2-5': {
    vendor: 'alibaba',
    bestAt: t(
      'Предыдущий Wan, 5 или 10 с; Wan 2.6 и 2.7 — до 15 с.',
      'The previous Wan, 5 or 10 s; Wan 2.6 and 2.7 go up to 15 s.',
    ),
    example: EX.video,
  },
  'wan-2-5-i2v': {
    vendor: 'alibaba',
    bestAt: t('Оживить фото, 5 или 10 с.', 'Animating a photo, 5 or 10 s.'),
    example: EX.animate,
  },
  'wan-2-6': {
    vendor: 'alibaba',
    bestAt: t('Wan до 15 с и 1080p.', 'Wan up to 15 s and 1080p.'),
    example: EX.video,
  },
  'wan-2-6-i2v': {
    vendor: 'alibaba',
    bestAt: t('Оживить фото до 15 с и 1080p.', 'Animating a photo up to 15 s and 1080p.'),
    example: EX.animate,
  },
  'wan-2-6-v2v': {
    vendor: 'alibaba',
    bestAt: t(
      'Новое видео по вашему ролику: движение и персонаж сохраняются.',
      'A new video from your clip, keeping its motion and character.',
    ),
    example: t(
      'Тот же персонаж, но в костюме астронавта на Луне',
      'The same character, but in a spacesuit on the Moon',
    ),
  },
  'wan-2-7': {
    vendor: 'alibaba',
    bestAt: t(
      'Новейший Wan: любая длина от 2 до 15 с, 720p или 1080p.',
      'The newest Wan: any length from 2 to 15 s, 720p or 1080p.',
    ),
    example: EX.video,
  },
  'wan-2-7-i2v': {
    vendor: 'alibaba',
    bestAt: t(
      'Оживить фото на новейшем Wan, можно задать последний кадр.',
      'Animating a photo on the newest Wan, with a last frame if you like.',
    ),
    example: EX.animate,
  },
  // MiniMax
  'hailuo-02': {
    vendor: 'minimax',
    bestAt: t('Недорогое видео 6 или 10 с в 768p.', 'An affordable 6 or 10 s video in 768p.'),
    example: EX.video,
  },
  'hailuo-02-pro': {
    vendor: 'minimax',
    bestAt: t('Реалистичная физика движения, 6 с в 1080p.', 'Realistic motion physics, 6 s in 1080p.'),
    example: EX.video,
  },
  'hailuo-02-i2v': {
    vendor: 'minimax',
    bestAt: t(
      'Недорого оживить фото, можно задать последний кадр.',
      'Animating a photo at a low price, with a last frame if you like.',
    ),
    example: EX.animate,
  },
  'hailuo-02-pro-i2v': {
    vendor: 'minimax',
    bestAt: t('Оживить фото в 1080p с реалистичной физикой.', 'Animating a photo in 1080p with realistic physics.'),
    example: EX.animate,
  },
  'hailuo-2-3': {
    vendor: 'minimax',
    bestAt: t(
      'Живое движение по фото недорого; Pro — реалистичнее и до 1080p.',
      'Lively motion from a photo at a low price; Pro is more realistic and goes up to 1080p.',
    ),
    example: EX.animate,
  },
  'hailuo-2-3-pro': {
    vendor: 'minimax',
    bestAt: t(
      'Реалистичная физика и мимика по фото, до 1080p.',
      'Realistic physics and faces from a photo, up to 1080p.',
    ),
    example: EX.animate,
  },
  // ElevenLabs
  'eleven-tts': {
    vendor: 'elevenlabs',
    bestAt: t(
      'Самая естественная озвучка текста; Turbo вдвое дешевле и быстрее.',
      'The most natural reading of a text; Turbo is half the price and faster.',
    ),
    example: EX.speech,
    russian: 'native',
  },
  'eleven-tts-turbo': {
    vendor: 'elevenlabs',
    bestAt: t('Быстрая озвучка вдвое дешевле Multilingual v2.', 'Fast speech at half the price of Multilingual v2.'),
    example: EX.speech,
    russian: 'native',
  },
  'eleven-dialogue': {
    vendor: 'elevenlabs',
    bestAt: t(
      'Диалог несколькими голосами: подкаст, сценка, интервью.',
      'A dialogue in several voices: a podcast, a sketch, an interview.',
    ),
    example: t(
      'Adam: Привет! Как прошли выходные?\nAlice: Отлично, мы ездили за город.',
      'Adam: Hi! How was your weekend?\nAlice: Great, we went to the countryside.',
    ),
    russian: 'native',
  },
  'eleven-sfx': {
    vendor: 'elevenlabs',
    bestAt: t(
      'Звуковые эффекты и атмосфера по описанию, до 22 с.',
      'Sound effects and ambience from a description, up to 22 s.',
    ),
    example: t('Дождь стучит по жестяной крыше, вдалеке гром', 'Rain on a tin roof, thunder in the distance'),
  },
  'eleven-isolate': {
    vendor: 'elevenlabs',
    bestAt: t('Чистый голос из шумной записи.', 'A clean voice out of a noisy recording.'),
  },
  // Suno
  'suno-song': {
    vendor: 'suno',
    bestAt: t(
      'Песня целиком из одной фразы: Suno сам пишет текст и музыку.',
      'A whole song from one sentence: Suno writes the lyrics and music itself.',
    ),
    example: EX.song,
    russian: 'native',
  },
  'suno-lyrics': {
    vendor: 'suno',
    bestAt: t('Ваш текст, спетый в выбранном стиле.', 'Your own lyrics, sung in the style you choose.'),
    example: EX.lyrics,
    russian: 'native',
  },
  'suno-instrumental': {
    vendor: 'suno',
    bestAt: t(
      'Музыка без слов: фон для видео, подкаста или игры.',
      'Music without words: a backing track for a video, podcast or game.',
    ),
    example: EX.style,
  },
  'suno-extend': {
    vendor: 'suno',
    bestAt: t(
      'Продолжить ваш трек тем же голосом и в том же стиле.',
      'Continuing your track in the same voice and style.',
    ),
    example: EX.lyrics,
    russian: 'native',
  },
  'suno-cover': {
    vendor: 'suno',
    bestAt: t('Перепеть вашу песню в новом стиле.', 'Re-singing your song in a new style.'),
    example: EX.style,
  },
}

/** The card data of an offering (every slug has one: the registry's test checks it). */
export function modelCardInfo(slug: string): ModelCardInfo | undefined {
  return CARDS[slug]
}

/** Every slug with card data, for the registry's completeness test. */
export function cardSlugs(): readonly string[] {
  return Object.keys(CARDS)
}
