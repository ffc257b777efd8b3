"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OTHER_IMAGE_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const labels_1 = require("../labels");
const pricing_1 = require("../pricing");
const messages_1 = require("../messages");
const omit_1 = require("./omit");
/** Image offerings from Black Forest Labs (FLUX), OpenAI, Ideogram, Qwen, Z-Image and xAI (Grok). */
const FLUX_RATIOS = ['1:1', '4:3', '3:4', '16:9', '9:16', '3:2', '2:3'];
const FLUX_FLEX_RATIOS = [...FLUX_RATIOS, 'auto'];
const NAMED_SIZES = ['square', 'square_hd', 'portrait_4_3', 'portrait_16_9', 'landscape_4_3', 'landscape_16_9'];
const IMAGE_COUNT_LABELS = { '1': (0, labels_1.t)('1 изображение', '1 image') };
/** Output pixels of the named sizes (fal.ai presets, which Kie's Qwen endpoints use). */
const NAMED_SIZE_PIXELS = {
    square: 512 * 512,
    square_hd: 1024 * 1024,
    portrait_4_3: 768 * 1024,
    portrait_16_9: 576 * 1024,
    landscape_4_3: 1024 * 768,
    landscape_16_9: 1024 * 576,
};
/** Qwen bills per megapixel; decision: megapixel = 1024×1024 px, rounded up per image. */
function megapixels(params) {
    return Math.ceil((0, pricing_1.lookup)(NAMED_SIZE_PIXELS, (0, pricing_1.choiceOf)(params, 'image_size')) / (1024 * 1024));
}
const gptQuality = (0, fields_1.choice)('quality', labels_1.LABEL.quality, ['medium', 'high'], {
    default: 'medium',
    labels: { medium: (0, labels_1.t)('Среднее', 'Medium'), high: (0, labels_1.t)('Высокое', 'High') },
});
const renderingSpeed = (defaultValue) => (0, fields_1.choice)('rendering_speed', labels_1.LABEL.renderingSpeed, ['TURBO', 'BALANCED', 'QUALITY'], {
    default: defaultValue ?? 'BALANCED',
    labels: labels_1.RENDERING_SPEED_LABELS,
});
const GPT_IMAGE_2_RATIOS = ['auto', '1:1', '3:2', '2:3', '4:3', '3:4', '5:4', '4:5', '16:9', '9:16', '2:1', '1:2', '3:1', '1:3', '21:9', '9:21'];
/** Kie rejects these ratios at 2K and 4K (catalog priceNote). */
const GPT_IMAGE_2_1K_ONLY_RATIOS = ['5:4', '4:5', '3:1', '1:3', '9:21'];
function gptImage2Rules(params) {
    const ratio = params.aspect_ratio;
    if (params.resolution !== '1K' && typeof ratio === 'string' && GPT_IMAGE_2_1K_ONLY_RATIOS.includes(ratio)) {
        return [
            (0, messages_1.fieldError)('aspect_ratio', 'conflict', {
                ru: `Формат ${ratio} доступен только в разрешении 1K.`,
                en: `Aspect ratio ${ratio} is only available at 1K.`,
            }),
        ];
    }
    return [];
}
const fluxKontextOmitted = {
    promptUpsampling: omit_1.OMIT.promptExpansion,
    safetyTolerance: 'the Kie default (2) is valid for both generation and editing',
    enableTranslation: 'the Kie default (on) translates non-English prompts',
    outputFormat: omit_1.OMIT.outputFormat,
    uploadCn: omit_1.OMIT.uploadCn,
    watermark: omit_1.OMIT.watermark,
};
exports.OTHER_IMAGE_MODELS = [
    (0, define_1.defineModel)({
        slug: 'flux-2-pro',
        kieModel: 'flux-2/pro-text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('FLUX.2 Pro', 'FLUX.2 Pro'),
        description: (0, labels_1.t)('FLUX.2 от Black Forest Labs: реалистичные фото и чёткая типографика, 1K или 2K.', "Black Forest Labs' FLUX.2: realistic photos and crisp typography, 1K or 2K."),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.aspectRatio)(FLUX_RATIOS, '1:1'), (0, fields_1.resolution)(['1K', '2K'], '1K')],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.byChoice)('resolution', { '1K': 5, '2K': 7 }),
    }),
    (0, define_1.defineModel)({
        slug: 'flux-2-pro-edit',
        kieModel: 'flux-2/pro-image-to-image',
        family: 'market',
        category: 'image',
        kind: 'image-to-image',
        name: (0, labels_1.t)('FLUX.2 Pro: по фото', 'FLUX.2 Pro from photos'),
        description: (0, labels_1.t)('Новое изображение на основе до 8 ваших фото: перенос стиля, объектов и персонажей.', 'A new image based on up to 8 of your photos: carry over style, objects and characters.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.images)('input_urls', 8, { label: labels_1.LABEL.sourceImages, maxMb: 10 }),
            (0, fields_1.prompt)(5000, { label: labels_1.LABEL.editPrompt }),
            (0, fields_1.aspectRatio)(FLUX_RATIOS, '1:1'),
            (0, fields_1.resolution)(['1K', '2K'], '1K'),
        ],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.byChoice)('resolution', { '1K': 5, '2K': 7 }),
    }),
    (0, define_1.defineModel)({
        slug: 'flux-2-flex',
        kieModel: 'flux-2/flex-text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('FLUX.2 Flex', 'FLUX.2 Flex'),
        description: (0, labels_1.t)('FLUX.2 с упором на точность деталей и текста; дороже Pro, но аккуратнее.', 'FLUX.2 tuned for fine detail and text; dearer than Pro but more precise.'),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(5000, { minLength: 3 }), (0, fields_1.aspectRatio)(FLUX_FLEX_RATIOS, '1:1'), (0, fields_1.resolution)(['1K', '2K'], '1K')],
        price: (0, pricing_1.byChoice)('resolution', { '1K': 14, '2K': 24 }),
    }),
    (0, define_1.defineModel)({
        slug: 'flux-2-flex-edit',
        kieModel: 'flux-2/flex-image-to-image',
        family: 'market',
        category: 'image',
        kind: 'image-to-image',
        name: (0, labels_1.t)('FLUX.2 Flex: по фото', 'FLUX.2 Flex from photos'),
        description: (0, labels_1.t)('Точное редактирование и комбинирование ваших фото моделью FLUX.2 Flex.', 'Precise editing and combining of your photos with FLUX.2 Flex.'),
        inPredecessor: true,
        fields: [
            // The catalog gives no count limit; 8 like FLUX.2 Pro (decision).
            (0, fields_1.images)('input_urls', 8, { label: labels_1.LABEL.sourceImages }),
            (0, fields_1.prompt)(5000, { minLength: 3, label: labels_1.LABEL.editPrompt }),
            (0, fields_1.aspectRatio)(FLUX_FLEX_RATIOS, '1:1'),
            (0, fields_1.resolution)(['1K', '2K'], '1K'),
        ],
        price: (0, pricing_1.byChoice)('resolution', { '1K': 14, '2K': 24 }),
    }),
    (0, define_1.defineModel)({
        slug: 'gpt-image-1-5',
        kieModel: 'gpt-image/1.5-text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('GPT Image 1.5', 'GPT Image 1.5'),
        description: (0, labels_1.t)('Модель OpenAI: хорошо понимает длинные описания и пишет текст на картинках.', "OpenAI's model: understands long prompts and renders text in images well."),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(undefined), (0, fields_1.aspectRatio)(['1:1', '2:3', '3:2'], '1:1'), gptQuality],
        price: (0, pricing_1.byChoice)('quality', { medium: 4, high: 22 }),
    }),
    (0, define_1.defineModel)({
        slug: 'gpt-image-1-5-edit',
        kieModel: 'gpt-image/1.5-image-to-image',
        family: 'market',
        category: 'image',
        kind: 'image-edit',
        name: (0, labels_1.t)('GPT Image 1.5: редактор', 'GPT Image 1.5 Edit'),
        description: (0, labels_1.t)('Редактирует ваши фото по команде на обычном языке; до 16 фото.', 'Edits your photos by a plain-language instruction; up to 16 photos.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.images)('input_urls', 16, { label: labels_1.LABEL.sourceImages, maxMb: 10 }),
            (0, fields_1.prompt)(undefined, { label: labels_1.LABEL.editPrompt }),
            (0, fields_1.aspectRatio)(['1:1', '2:3', '3:2'], '3:2'),
            gptQuality,
        ],
        price: (0, pricing_1.byChoice)('quality', { medium: 4, high: 22 }),
    }),
    (0, define_1.defineModel)({
        slug: 'gpt-image-2',
        kieModel: 'gpt-image-2-text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('GPT Image 2', 'GPT Image 2'),
        description: (0, labels_1.t)('Новейшая модель OpenAI: до 4K, точный текст и сложные сцены.', "OpenAI's newest image model: up to 4K, accurate text and complex scenes."),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(20000, { minLength: 1 }), (0, fields_1.resolution)(['1K', '2K', '4K'], '1K'), (0, fields_1.aspectRatio)(GPT_IMAGE_2_RATIOS, 'auto')],
        price: (0, pricing_1.byChoice)('resolution', { '1K': 6, '2K': 10, '4K': 16 }),
        rules: gptImage2Rules,
    }),
    (0, define_1.defineModel)({
        slug: 'ideogram-3',
        kieModel: 'ideogram/v3-text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('Ideogram 3', 'Ideogram 3'),
        description: (0, labels_1.t)('Лучшая модель для надписей, логотипов и постеров.', 'The best model for lettering, logos and posters.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.prompt)(5000),
            renderingSpeed(),
            (0, fields_1.choice)('style', labels_1.LABEL.style, ['AUTO', 'GENERAL', 'REALISTIC', 'DESIGN'], {
                default: 'AUTO',
                labels: {
                    AUTO: (0, labels_1.t)('Авто', 'Auto'),
                    GENERAL: (0, labels_1.t)('Универсальный', 'General'),
                    REALISTIC: (0, labels_1.t)('Реалистичный', 'Realistic'),
                    DESIGN: (0, labels_1.t)('Дизайн', 'Design'),
                },
            }),
            (0, fields_1.imageSize)(NAMED_SIZES, 'square_hd'),
        ],
        omitted: { expand_prompt: omit_1.OMIT.promptExpansion, seed: omit_1.OMIT.seed, negative_prompt: omit_1.OMIT.negativePrompt },
        price: (0, pricing_1.byChoice)('rendering_speed', { TURBO: 3.5, BALANCED: 7, QUALITY: 10 }),
    }),
    (0, define_1.defineModel)({
        slug: 'ideogram-character',
        kieModel: 'ideogram/character',
        family: 'market',
        category: 'image',
        kind: 'character-reference',
        name: (0, labels_1.t)('Ideogram Character', 'Ideogram Character'),
        description: (0, labels_1.t)('Один и тот же персонаж по вашему фото в новых сценах и образах.', 'The same character from your photo in new scenes and looks.'),
        inPredecessor: false,
        fields: [
            // The catalog gives no count limit; Ideogram takes one character reference (decision).
            (0, fields_1.images)('reference_image_urls', 1, { label: (0, labels_1.t)('Фото персонажа', 'Character photo'), maxMb: 10 }),
            (0, fields_1.prompt)(5000, { label: (0, labels_1.t)('Новая сцена', 'New scene') }),
            renderingSpeed('BALANCED'),
            (0, fields_1.choice)('style', labels_1.LABEL.style, ['AUTO', 'REALISTIC', 'FICTION'], {
                default: 'AUTO',
                labels: { AUTO: (0, labels_1.t)('Авто', 'Auto'), REALISTIC: (0, labels_1.t)('Реалистичный', 'Realistic'), FICTION: (0, labels_1.t)('Сказочный', 'Fiction') },
            }),
            (0, fields_1.choice)('num_images', labels_1.LABEL.imageCount, ['1', '2', '3', '4'], { default: '1', labels: IMAGE_COUNT_LABELS }),
            (0, fields_1.imageSize)(NAMED_SIZES, 'square_hd'),
        ],
        omitted: { expand_prompt: omit_1.OMIT.promptExpansion, seed: omit_1.OMIT.seed, negative_prompt: omit_1.OMIT.negativePrompt },
        price: (0, pricing_1.priced)(['rendering_speed', 'num_images'], (p) => (0, pricing_1.lookup)({ TURBO: 12, BALANCED: 18, QUALITY: 24 }, (0, pricing_1.choiceOf)(p, 'rendering_speed')) * (0, pricing_1.numberOf)(p, 'num_images')),
    }),
    (0, define_1.defineModel)({
        slug: 'qwen-image',
        kieModel: 'qwen/text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('Qwen Image', 'Qwen Image'),
        description: (0, labels_1.t)('Модель Alibaba: отлично рисует текст, в том числе кириллицу и иероглифы.', "Alibaba's model: great at text in images, including Cyrillic and Chinese."),
        inPredecessor: false,
        fields: [(0, fields_1.prompt)(5000), (0, fields_1.imageSize)(NAMED_SIZES, 'square_hd')],
        omitted: {
            num_inference_steps: omit_1.OMIT.tuning,
            guidance_scale: omit_1.OMIT.tuning,
            acceleration: omit_1.OMIT.tuning,
            seed: omit_1.OMIT.seed,
            negative_prompt: omit_1.OMIT.negativePrompt,
            output_format: omit_1.OMIT.outputFormat,
            enable_safety_checker: omit_1.OMIT.safetyChecker,
            nsfw_checker: omit_1.OMIT.nsfwChecker,
        },
        price: (0, pricing_1.priced)(['image_size'], (p) => 4 * megapixels(p)),
    }),
    (0, define_1.defineModel)({
        slug: 'qwen-image-edit',
        kieModel: 'qwen/image-edit',
        family: 'market',
        category: 'image',
        kind: 'image-edit',
        name: (0, labels_1.t)('Qwen Image: редактор', 'Qwen Image Edit'),
        description: (0, labels_1.t)('Точечно меняет фото по команде: заменить текст, объект, цвет или фон.', 'Makes targeted photo edits: replace text, an object, a colour or the background.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.sourceImage, maxMb: 10 }),
            (0, fields_1.prompt)(2000, { label: labels_1.LABEL.editPrompt }),
            (0, fields_1.imageSize)(NAMED_SIZES, 'landscape_4_3'),
            (0, fields_1.choice)('num_images', labels_1.LABEL.imageCount, ['1', '2', '3', '4'], { default: '1', labels: IMAGE_COUNT_LABELS }),
        ],
        omitted: {
            num_inference_steps: omit_1.OMIT.tuning,
            guidance_scale: omit_1.OMIT.tuning,
            acceleration: omit_1.OMIT.tuning,
            sync_mode: 'results arrive by callback; sync mode is not used',
            seed: omit_1.OMIT.seed,
            negative_prompt: omit_1.OMIT.negativePrompt,
            output_format: omit_1.OMIT.outputFormat,
            enable_safety_checker: omit_1.OMIT.safetyChecker,
            nsfw_checker: omit_1.OMIT.nsfwChecker,
        },
        price: (0, pricing_1.priced)(['image_size', 'num_images'], (p) => 6 * megapixels(p) * (0, pricing_1.numberOf)(p, 'num_images')),
    }),
    (0, define_1.defineModel)({
        slug: 'z-image',
        kieModel: 'z-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('Z-Image', 'Z-Image'),
        description: (0, labels_1.t)('Самая дешёвая генерация: быстрые реалистичные картинки за копейки.', 'The cheapest generator: quick realistic pictures for pennies.'),
        inPredecessor: true,
        fields: [(0, fields_1.prompt)(1000), (0, fields_1.aspectRatio)(['1:1', '4:3', '3:4', '16:9', '9:16'], '1:1')],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        price: (0, pricing_1.flat)(0.8),
    }),
    (0, define_1.defineModel)({
        slug: 'grok-image',
        kieModel: 'grok-imagine/text-to-image',
        family: 'market',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('Grok Imagine', 'Grok Imagine'),
        description: (0, labels_1.t)('Генератор xAI: сразу 6 вариантов картинки (в режиме Pro — 4 более качественных).', "xAI's generator: 6 image variants at once (Pro mode: 4 higher-quality ones)."),
        inPredecessor: true,
        fields: [
            (0, fields_1.prompt)(5000),
            (0, fields_1.aspectRatio)(['2:3', '3:2', '1:1', '16:9', '9:16'], '1:1'),
            (0, fields_1.toggle)('enable_pro', (0, labels_1.t)('Режим Pro', 'Pro mode'), false, (0, labels_1.t)('4 изображения лучшего качества', '4 higher-quality images')),
        ],
        omitted: { nsfw_checker: omit_1.OMIT.nsfwChecker },
        // Catalog: 4 credits per call; priceNote: Pro ("quality") mode $0.025 = 5 credits.
        price: (0, pricing_1.priced)(['enable_pro'], (p) => ((0, pricing_1.flagOf)(p, 'enable_pro') ? 5 : 4)),
    }),
    (0, define_1.defineModel)({
        slug: 'gpt-4o-image',
        kieModel: 'gpt4o-image',
        catalogModel: 'gpt4o-image (GPT Image 1)',
        family: 'gpt4o-image',
        category: 'image',
        kind: 'text-to-image',
        name: (0, labels_1.t)('GPT-4o Image', 'GPT-4o Image'),
        description: (0, labels_1.t)('Картинки ChatGPT (GPT Image 1): по описанию или по вашим фото, до 4 вариантов.', 'ChatGPT images (GPT Image 1): from a description or your photos, up to 4 variants.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.prompt)(undefined),
            (0, fields_1.images)('filesUrl', 5, { label: labels_1.LABEL.referenceImages, required: false }),
            (0, fields_1.aspectRatio)(['1:1', '3:2', '2:3'], '1:1', 'size'),
            (0, fields_1.choice)('nVariants', labels_1.LABEL.imageCount, [1, 2, 4], { default: 1 }),
        ],
        omitted: {
            fileUrl: 'deprecated single-file alias of filesUrl',
            maskUrl: 'the bot has no mask editor',
            isEnhance: omit_1.OMIT.promptExpansion,
            uploadCn: omit_1.OMIT.uploadCn,
            enableFallback: 'a fallback model would be billed differently; off (Kie default)',
            fallbackModel: 'fallback is off',
        },
        // Catalog: 6 credits per image; nVariants multiplies (decision, see README).
        price: (0, pricing_1.priced)(['nVariants'], (p) => 6 * (0, pricing_1.numberOf)(p, 'nVariants')),
    }),
    (0, define_1.defineModel)({
        slug: 'flux-kontext-pro',
        kieModel: 'flux-kontext-pro',
        catalogModel: 'flux-kontext-pro | flux-kontext-max',
        family: 'flux-kontext',
        category: 'image',
        kind: 'image-edit',
        name: (0, labels_1.t)('FLUX Kontext Pro', 'FLUX Kontext Pro'),
        description: (0, labels_1.t)('Рисует по описанию или меняет ваше фото по команде, сохраняя лица и детали.', 'Draws from a description or edits your photo by an instruction, keeping faces and details.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.prompt)(undefined),
            (0, fields_1.image)('inputImage', { label: (0, labels_1.t)('Фото для редактирования', 'Photo to edit'), required: false }),
            (0, fields_1.aspectRatio)(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
        ],
        fixed: { model: 'flux-kontext-pro' },
        omitted: fluxKontextOmitted,
        price: (0, pricing_1.flat)(5),
    }),
    (0, define_1.defineModel)({
        slug: 'flux-kontext-max',
        kieModel: 'flux-kontext-max',
        catalogModel: 'flux-kontext-pro | flux-kontext-max',
        family: 'flux-kontext',
        category: 'image',
        kind: 'image-edit',
        name: (0, labels_1.t)('FLUX Kontext Max', 'FLUX Kontext Max'),
        description: (0, labels_1.t)('Старшая версия Kontext: точнее следует командам и лучше пишет текст.', 'The top Kontext: follows instructions more closely and renders text better.'),
        inPredecessor: false,
        fields: [
            (0, fields_1.prompt)(undefined),
            (0, fields_1.image)('inputImage', { label: (0, labels_1.t)('Фото для редактирования', 'Photo to edit'), required: false }),
            (0, fields_1.aspectRatio)(['21:9', '16:9', '4:3', '1:1', '3:4', '9:16'], '16:9', 'aspectRatio'),
        ],
        fixed: { model: 'flux-kontext-max' },
        omitted: fluxKontextOmitted,
        price: (0, pricing_1.flat)(10),
    }),
];
