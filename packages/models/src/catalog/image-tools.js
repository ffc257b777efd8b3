"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.IMAGE_TOOL_MODELS = void 0;
const define_1 = require("../define");
const fields_1 = require("../fields");
const labels_1 = require("../labels");
const limits_1 = require("../limits");
const pricing_1 = require("../pricing");
/** Image tools: background removal and upscalers. */
const TOPAZ_FACTORS = ['1', '2', '4', '8'];
/**
 * Topaz bills by output size: up to 2K 10, up to 4K 20, above 40 credits. The output long side
 * is the input's times the factor, so the caller passes the input's long side; unknown size is
 * assumed 8192 px, which always bills the top tier (decision, README).
 */
function topazCredits(params) {
    const outputLongSide = (0, pricing_1.numberOf)(params, 'image_long_side') * (0, pricing_1.numberOf)(params, 'upscale_factor');
    if (outputLongSide <= 2048)
        return 10;
    if (outputLongSide <= 4096)
        return 20;
    return 40;
}
/** Decision (README): grok-imagine/upscale has no price in the catalog; 10 credits. */
const GROK_UPSCALE_CREDITS = 10;
exports.IMAGE_TOOL_MODELS = [
    (0, define_1.defineModel)({
        slug: 'recraft-remove-bg',
        kieModel: 'recraft/remove-background',
        family: 'market',
        category: 'image',
        kind: 'background-removal',
        name: (0, labels_1.t)('Удаление фона', 'Background remover'),
        description: (0, labels_1.t)('Recraft вырезает объект и убирает фон: готовый PNG с прозрачностью.', 'Recraft cuts out the subject and removes the background: a ready transparent PNG.'),
        inPredecessor: true,
        fields: [(0, fields_1.image)('image', { label: labels_1.LABEL.sourceImage, maxMb: 5 })],
        price: (0, pricing_1.flat)(1),
    }),
    (0, define_1.defineModel)({
        slug: 'recraft-upscale',
        kieModel: 'recraft/crisp-upscale',
        family: 'market',
        category: 'image',
        kind: 'image-upscale',
        name: (0, labels_1.t)('Recraft: чёткое увеличение', 'Recraft Crisp Upscale'),
        description: (0, labels_1.t)('Увеличивает фото и делает его резче — самый дешёвый апскейл.', 'Enlarges a photo and sharpens it: the cheapest upscaler.'),
        inPredecessor: false,
        fields: [(0, fields_1.image)('image', { label: labels_1.LABEL.sourceImage, maxMb: 10 })],
        price: (0, pricing_1.flat)(0.5),
    }),
    (0, define_1.defineModel)({
        slug: 'topaz-image-upscale',
        kieModel: 'topaz/image-upscale',
        family: 'market',
        category: 'image',
        kind: 'image-upscale',
        name: (0, labels_1.t)('Topaz: увеличение фото', 'Topaz Image Upscale'),
        description: (0, labels_1.t)('Профессиональное увеличение фото Topaz до 8 раз с восстановлением деталей.', 'Professional Topaz upscaling up to 8x with detail recovery.'),
        inPredecessor: true,
        deadlineMs: 15 * limits_1.MINUTE_MS,
        fields: [
            (0, fields_1.image)('image_url', { label: labels_1.LABEL.sourceImage, maxMb: 10 }),
            (0, fields_1.choice)('upscale_factor', labels_1.LABEL.upscaleFactor, TOPAZ_FACTORS, { default: '2', labels: (0, labels_1.timesLabels)(TOPAZ_FACTORS) }),
            (0, fields_1.measuredLongSide)('image_long_side', 'image_url', 8192),
        ],
        price: (0, pricing_1.priced)(['upscale_factor', 'image_long_side'], topazCredits),
    }),
    (0, define_1.defineModel)({
        slug: 'grok-image-upscale',
        kieModel: 'grok-imagine/upscale',
        family: 'market',
        category: 'image',
        kind: 'image-upscale',
        name: (0, labels_1.t)('Grok Imagine: увеличение', 'Grok Imagine Upscale'),
        description: (0, labels_1.t)('Повышает разрешение картинки, созданной здесь же в Grok Imagine.', 'Raises the resolution of an image you made here with Grok Imagine.'),
        inPredecessor: true,
        fields: [
            (0, fields_1.text)('task_id', (0, labels_1.t)('Картинка Grok Imagine из истории', 'Grok Imagine image from your history'), {
                maxLength: 100,
                primary: true,
                taskRef: { kieModels: ['grok-imagine/text-to-image'] },
                pattern: {
                    regex: '^[A-Za-z0-9_-]+$',
                    message: (0, labels_1.t)('Выберите генерацию Grok Imagine из истории — нужен её номер задачи Kie.', 'Pick a Grok Imagine generation from your history: its Kie task id is needed.'),
                },
                example: 'task_grok_12345678',
                hint: (0, labels_1.t)('Увеличить можно только картинки Grok Imagine, созданные в этом боте.', 'Only Grok Imagine images made in this bot can be upscaled.'),
            }),
        ],
        price: (0, pricing_1.flat)(GROK_UPSCALE_CREDITS),
    }),
];
