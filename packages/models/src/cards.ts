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
      'Самая дешёвая правка фото у Google; Nano Banana Pro и 2 тоже работают с фото-референсами, точнее, но дороже.',
      'Google’s cheapest photo edit; Nano Banana Pro and 2 also work from reference photos, more precisely, at a higher price.',
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
      'Когда нужны фотореализм и точный текст на картинке; Lite и Flash дешевле.',
      'When you need photorealism and accurate text in the picture; Lite and Flash cost less.',
    ),
    example: EX.poster,
  },
  'seedream-5-pro-edit': {
    vendor: 'bytedance',
    bestAt: t(
      'Аккуратнее редакторов Seedream 5 Lite и Flash, но дороже.',
      'More careful than the Seedream 5 Lite and Flash editors, at a higher price.',
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
      'Выбирайте вместо FLUX.2 Pro, когда важна каждая мелкая деталь или надпись: примерно втрое дороже.',
      'Pick it over FLUX.2 Pro when every small detail or caption matters: about three times the price.',
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
      'Предыдущий редактор OpenAI; редактор GPT Image 2 новее и даёт до 4K.',
      'OpenAI’s previous editor; GPT Image 2 Edit is newer and goes up to 4K.',
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
      'Новее редактора GPT Image 1.5 и даёт до 4K; много фото за раз (до 16).',
      'Newer than GPT Image 1.5 Edit and goes up to 4K; many photos at once (up to 16).',
    ),
    example: EX.edit,
    russian: 'native',
  },
  'gpt-4o-image': {
    vendor: 'openai',
    bestAt: t(
      'Первая модель картинок ChatGPT; GPT Image 2 новее и точнее с текстом.',
      'The first ChatGPT image model; GPT Image 2 is newer and more accurate with text.',
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
      'Серии картинок с одним героем: в отличие от обычной правки, меняет сцену целиком, а персонажа сохраняет.',
      'A series of pictures with one hero: unlike a plain edit, it changes the whole scene and keeps the character.',
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
      'Когда нужно поменять одну деталь, а не всё фото: надпись, предмет или цвет.',
      'When one detail must change, not the whole photo: a caption, an object or a colour.',
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
      'Переделать фото целиком за одну цену; для точечной правки лучше подойдут редакторы Qwen Image или Nano Banana.',
      'Reworking a whole photo at one price; for a small targeted change, Qwen Image Edit or Nano Banana Edit fit better.',
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
      'Выбирайте, когда важнее всего картинка: это лучший Veo, а Fast и Lite дешевле в разы.',
      'Pick it when the picture matters most: it is the best Veo, and Fast and Lite cost several times less.',
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
      'Только для роликов Veo 3.1 Fast, созданных здесь: продолжение в том же качестве.',
      'Only for Veo 3.1 Fast clips made here, continued in the same tier.',
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
      'Недорогие ролики без звука; если нужен звук, берите Veo, Kling 2.6 и новее или Seedance 2.',
      'Inexpensive silent clips; for sound, take Veo, Kling 2.6 and later, or Seedance 2.',
    ),
    example: EX.video,
  },
  'runway-extend': {
    vendor: 'runway',
    bestAt: t(
      'Только для роликов Runway, созданных здесь; у Veo свои продления.',
      'Only for Runway clips made here; Veo clips have their own extensions.',
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
      'Премиальный Kling 2.1 для фото, без звука; Kling 2.6 и 3.0 добавляют звук.',
      'Premium Kling 2.1 for photos, silent; Kling 2.6 and 3.0 add sound.',
    ),
    example: EX.animate,
  },
  'kling-2-5-turbo': {
    vendor: 'kling',
    bestAt: t(
      'Недорогой Kling с плавным движением, но без звука: для звука берите 2.6 или 3.0.',
      'An affordable Kling with smooth motion, but silent: for sound take 2.6 or 3.0.',
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
    bestAt: t(
      'Оживить фото со звуком на Kling 2.6; Kling 3.0 снимает дольше (до 15 с) и до 4K.',
      'Animating a photo with sound on Kling 2.6; Kling 3.0 runs longer (up to 15 s) and up to 4K.',
    ),
    example: EX.animate,
  },
  'kling-3': {
    vendor: 'kling',
    bestAt: t(
      'Самый гибкий Kling: от 3 до 15 с, до 4K, звук, первый и последний кадр; Turbo быстрее, 2.6 проще.',
      'The most flexible Kling: 3 to 15 s, up to 4K, sound, first and last frames; Turbo is faster, 2.6 simpler.',
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
    bestAt: t(
      'Оживляет фото со звуком быстрее полного Kling 3.0; 720p или 1080p.',
      'Animates a photo with sound faster than the full Kling 3.0; 720p or 1080p.',
    ),
    example: EX.animate,
  },
  'kling-3-omni': {
    vendor: 'kling',
    bestAt: t(
      'Разрешение выбирается напрямую (до 4K), звук — по желанию; обычный Kling 3.0 ещё и принимает кадры.',
      'You pick the resolution directly (up to 4K), sound optional; the plain Kling 3.0 also takes frames.',
    ),
    example: EX.video,
  },
  'kling-3-omni-i2v': {
    vendor: 'kling',
    bestAt: t(
      'Оживить фото на Kling 3.0 со звуком или без и с последним кадром по желанию, до 4K.',
      'Animating a photo on Kling 3.0, with or without sound and a last frame, up to 4K.',
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
    bestAt: t(
      'То же, что Kling Avatar Стандарт, но в 1080p и вдвое дороже.',
      'The same as Kling Avatar Standard, but in 1080p at twice the price.',
    ),
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
    bestAt: t(
      'Sora 2 Pro детальнее и даёт до 1080p, но дороже.',
      'Sora 2 Pro has more detail and goes up to 1080p, at a higher price.',
    ),
    example: EX.videoSpeech,
  },
  'sora-2-i2v': {
    vendor: 'openai',
    bestAt: t(
      'Оживить фото на Sora 2; другие модели со звуком — Kling 2.6 и Veo.',
      'Animating a photo on Sora 2; other models with sound: Kling 2.6 and Veo.',
    ),
    example: EX.animate,
  },
  'sora-2-pro': {
    vendor: 'openai',
    bestAt: t(
      'Старшая Sora 2: детальнее и до 1080p, но в несколько раз дороже.',
      'The senior Sora 2: more detail and up to 1080p, but several times the price.',
    ),
    example: EX.videoSpeech,
  },
  'sora-watermark-remover': {
    vendor: 'openai',
    bestAt: t(
      'Работает только со ссылкой на опубликованное видео Sora, не с файлом.',
      'Works only with a link to a published Sora video, not with a file.',
    ),
  },
  // tools for video
  'topaz-video-upscale': {
    vendor: 'topaz',
    bestAt: t(
      'Для любого вашего ролика; улучшение Grok Imagine берёт только ролики Grok Imagine, созданные здесь.',
      'For any clip of yours; Grok Imagine Video Upscale only takes Grok Imagine clips made here.',
    ),
  },
  'grok-image-upscale': {
    vendor: 'xai',
    bestAt: t(
      'Только для роликов Grok Imagine, созданных здесь; любой другой ролик улучшит Topaz.',
      'Only for Grok Imagine clips made here; any other clip goes to Topaz Video Upscale.',
    ),
  },
  infinitalk: {
    vendor: 'meigen',
    bestAt: t(
      'Говорящее фото до 15 с с выбором разрешения; похожее делают Kling Avatar и Wan 2.2 (ролик 5 с).',
      'A talking photo up to 15 s, resolution of your choice; Kling Avatar and Wan 2.2 speech to video (5 s clips) do similar things.',
    ),
    example: EX.avatar,
  },
  // ByteDance video
  'seedance-1-lite': {
    vendor: 'bytedance',
    bestAt: t(
      'Дешевле Seedance 1.0 Pro, тоже до 1080p и без звука.',
      'Cheaper than Seedance 1.0 Pro, also up to 1080p and silent.',
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
      'Звук по желанию и 4–12 с дешевле Seedance 2; Seedance 1.0 снимает без звука.',
      'Optional sound and 4–12 s for less than Seedance 2; Seedance 1.0 is silent.',
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
    bestAt: t(
      'Seedance 2 быстрее и дешевле, но только 480p или 720p; Mini ещё дешевле.',
      'Seedance 2 faster and cheaper, but only 480p or 720p; Mini is cheaper still.',
    ),
    example: EX.videoSpeech,
  },
  'seedance-2-mini': {
    vendor: 'bytedance',
    bestAt: t(
      'Самый дешёвый вход в Seedance 2 со звуком; Fast быстрее, полная Seedance 2 — до 4K.',
      'The cheapest way into Seedance 2 with sound; Fast is quicker, the full Seedance 2 goes up to 4K.',
    ),
    example: EX.videoSpeech,
  },
  'seedance-2-5': {
    vendor: 'bytedance',
    bestAt: t(
      'Самые длинные ролики Seedance со звуком — до 30 с, вдвое дольше Seedance 2.',
      'The longest Seedance clips with sound, up to 30 s, twice as long as Seedance 2.',
    ),
    example: EX.videoSpeech,
  },
  // xAI video
  'grok-video': {
    vendor: 'xai',
    bestAt: t(
      'Одно из самых дешёвых видео со звуком, и ролик может длиться до 30 с.',
      'One of the cheapest videos with sound, and a clip can run up to 30 s.',
    ),
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
    bestAt: t(
      'Самый короткий говорящий ролик (5 с); InfiniteTalk и Kling Avatar дают до 15 с.',
      'The shortest talking clip (5 s); InfiniteTalk and Kling Avatar go up to 15 s.',
    ),
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
    bestAt: t(
      'Предыдущий Wan для фото, 5 или 10 с; 2.6 и 2.7 снимают до 15 с.',
      'The previous Wan for photos, 5 or 10 s; 2.6 and 2.7 go up to 15 s.',
    ),
    example: EX.animate,
  },
  'wan-2-6': {
    vendor: 'alibaba',
    bestAt: t(
      'Между 2.5 и 2.7: до 15 с и 1080p; в 2.7 можно выбрать любую длину от 2 с.',
      'Between 2.5 and 2.7: up to 15 s and 1080p; 2.7 lets you pick any length from 2 s.',
    ),
    example: EX.video,
  },
  'wan-2-6-i2v': {
    vendor: 'alibaba',
    bestAt: t(
      'Оживить фото до 15 с; Wan 2.7 ещё и принимает последний кадр.',
      'Animating a photo up to 15 s; Wan 2.7 also takes a last frame.',
    ),
    example: EX.animate,
  },
  'wan-2-6-v2v': {
    vendor: 'alibaba',
    bestAt: t(
      'Единственный Wan, который берёт за основу ваше видео, а не фото.',
      'The only Wan that starts from your video rather than a photo.',
    ),
    example: t(
      'Тот же персонаж, но в костюме астронавта на Луне',
      'The same character, but in a spacesuit on the Moon',
    ),
  },
  'wan-2-7': {
    vendor: 'alibaba',
    bestAt: t(
      'Любая длина от 2 до 15 с: у других Wan выбор меньше.',
      'Any length from 2 to 15 s: the other Wan versions offer fewer lengths.',
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
    bestAt: t(
      'Дешевле Hailuo 02 Pro и может 10 с, но в 768p.',
      'Cheaper than Hailuo 02 Pro and can do 10 s, but in 768p.',
    ),
    example: EX.video,
  },
  'hailuo-02-pro': {
    vendor: 'minimax',
    bestAt: t(
      'Один режим — 6 с в 1080p — по одной цене; Hailuo 02 дешевле, но в 768p.',
      'One mode, 6 s in 1080p, at one price; Hailuo 02 is cheaper but 768p.',
    ),
    example: EX.video,
  },
  'hailuo-02-i2v': {
    vendor: 'minimax',
    bestAt: t(
      'Дешевле Hailuo 02 Pro и может 10 с; последний кадр — по желанию.',
      'Cheaper than Hailuo 02 Pro and can do 10 s; a last frame is optional.',
    ),
    example: EX.animate,
  },
  'hailuo-02-pro-i2v': {
    vendor: 'minimax',
    bestAt: t(
      'Одна цена за 6 с в 1080p; Hailuo 02 Standard дешевле и может 10 с.',
      'One price for 6 s in 1080p; Hailuo 02 Standard is cheaper and can do 10 s.',
    ),
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
      'Старшая Hailuo 2.3: реалистичнее и до 1080p, но дороже Standard.',
      'The senior Hailuo 2.3: more realistic and up to 1080p, but dearer than Standard.',
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
    bestAt: t(
      'Вдвое дешевле и быстрее Multilingual v2: выбирайте, когда скорость важнее естественности.',
      'Half the price of Multilingual v2 and faster: pick it when speed matters more than naturalness.',
    ),
    example: EX.speech,
    russian: 'native',
  },
  'eleven-dialogue': {
    vendor: 'elevenlabs',
    bestAt: t(
      'Несколько голосов в одной записи; для одного голоса обычная озвучка дешевле.',
      'Several voices in one recording; for a single voice, plain speech costs less.',
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
      'Не речь и не музыка, а звуки: шаги, дождь, атмосфера; для голоса есть озвучка ElevenLabs, для музыки — Suno.',
      'Not speech or music but sounds: footsteps, rain, ambience; for a voice use ElevenLabs speech, for music Suno.',
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
      'Проще всего: одна фраза — и песня готова; если текст у вас свой, берите вариант с вашими словами.',
      'The simplest way: one sentence and the song is done; if you have your own lyrics, take the one with your words.',
    ),
    example: EX.song,
    russian: 'native',
  },
  'suno-lyrics': {
    vendor: 'suno',
    bestAt: t(
      'Когда слова ваши: Suno только поёт их в нужном стиле.',
      'When the words are yours: Suno only sings them in the style you want.',
    ),
    example: EX.lyrics,
    russian: 'native',
  },
  'suno-instrumental': {
    vendor: 'suno',
    bestAt: t(
      'Когда голос не нужен: фон к видео, подкасту или игре.',
      'When no voice is wanted: a backing track for a video, podcast or game.',
    ),
    example: EX.style,
  },
  'suno-extend': {
    vendor: 'suno',
    bestAt: t(
      'Продолжить трек Suno, созданный здесь, а не начинать новый.',
      'Carrying on a Suno track made here instead of starting a new one.',
    ),
    example: EX.lyrics,
    russian: 'native',
  },
  'suno-cover': {
    vendor: 'suno',
    bestAt: t(
      'Берёт за основу вашу песню, а не описание: новая аранжировка и голос.',
      'Starts from your song, not a description: a new arrangement and voice.',
    ),
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
