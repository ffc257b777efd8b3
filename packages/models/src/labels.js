"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RENDERING_SPEED_LABELS = exports.IMAGE_SIZE_LABELS = exports.ASPECT_LABELS = exports.LABEL = exports.t = void 0;
exports.secondsLabels = secondsLabels;
exports.timesLabels = timesLabels;
/** A text in both languages. */
const t = (ru, en) => ({ ru, en });
exports.t = t;
/** Labels of the inputs that recur across models (wire names differ, meaning does not). */
exports.LABEL = {
    prompt: (0, exports.t)('Описание (промпт)', 'Prompt'),
    editPrompt: (0, exports.t)('Что изменить', 'What to change'),
    motionPrompt: (0, exports.t)('Что должно происходить', 'What should happen'),
    negativePrompt: (0, exports.t)('Чего избегать', 'What to avoid'),
    aspectRatio: (0, exports.t)('Формат кадра', 'Aspect ratio'),
    imageSize: (0, exports.t)('Размер изображения', 'Image size'),
    resolution: (0, exports.t)('Разрешение', 'Resolution'),
    quality: (0, exports.t)('Качество', 'Quality'),
    duration: (0, exports.t)('Длительность', 'Duration'),
    sound: (0, exports.t)('Звук', 'Sound'),
    outputFormat: (0, exports.t)('Формат файла', 'File format'),
    imageCount: (0, exports.t)('Количество изображений', 'Number of images'),
    sourceImages: (0, exports.t)('Исходные изображения', 'Source images'),
    sourceImage: (0, exports.t)('Исходное изображение', 'Source image'),
    referenceImages: (0, exports.t)('Референсы', 'Reference images'),
    firstFrame: (0, exports.t)('Первый кадр', 'First frame'),
    lastFrame: (0, exports.t)('Последний кадр', 'Last frame'),
    frames: (0, exports.t)('Кадры (первый и последний)', 'Frames (first and last)'),
    portrait: (0, exports.t)('Фото лица', 'Portrait photo'),
    speech: (0, exports.t)('Аудио с речью', 'Speech audio'),
    audio: (0, exports.t)('Аудио', 'Audio'),
    video: (0, exports.t)('Видео', 'Video'),
    audioSeconds: (0, exports.t)('Длительность аудио', 'Audio length'),
    videoSeconds: (0, exports.t)('Длительность видео', 'Video length'),
    imageLongSide: (0, exports.t)('Длинная сторона изображения', 'Image long side'),
    mode: (0, exports.t)('Режим', 'Mode'),
    style: (0, exports.t)('Стиль', 'Style'),
    renderingSpeed: (0, exports.t)('Скорость / качество', 'Speed / quality'),
    upscaleFactor: (0, exports.t)('Увеличение', 'Upscale factor'),
    version: (0, exports.t)('Версия модели', 'Model version'),
    text: (0, exports.t)('Текст', 'Text'),
    voice: (0, exports.t)('Голос', 'Voice'),
};
const ratio = (value, ru, en) => [value, (0, exports.t)(`${value} ${ru}`, `${value} ${en}`)];
/** Aspect ratio buttons: the ratio plus what it is good for. */
exports.ASPECT_LABELS = Object.fromEntries([
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
    ['auto', (0, exports.t)('Авто', 'Auto')],
    ['Auto', (0, exports.t)('Авто', 'Auto')],
    ['adaptive', (0, exports.t)('По исходнику', 'Adaptive')],
    ['portrait', (0, exports.t)('Вертикальный', 'Portrait')],
    ['landscape', (0, exports.t)('Горизонтальный', 'Landscape')],
]);
/** Named sizes used by seedream v4, ideogram and qwen. */
exports.IMAGE_SIZE_LABELS = {
    square: (0, exports.t)('Квадрат', 'Square'),
    square_hd: (0, exports.t)('Квадрат HD', 'Square HD'),
    portrait_4_3: (0, exports.t)('Портрет 3:4', 'Portrait 3:4'),
    portrait_3_2: (0, exports.t)('Портрет 2:3', 'Portrait 2:3'),
    portrait_16_9: (0, exports.t)('Вертикальный 9:16', 'Vertical 9:16'),
    landscape_4_3: (0, exports.t)('Альбомный 4:3', 'Landscape 4:3'),
    landscape_3_2: (0, exports.t)('Альбомный 3:2', 'Landscape 3:2'),
    landscape_16_9: (0, exports.t)('Широкий 16:9', 'Widescreen 16:9'),
    landscape_21_9: (0, exports.t)('Кино 21:9', 'Cinema 21:9'),
};
function secondsLabels(values) {
    return Object.fromEntries(values.map((v) => [String(v), (0, exports.t)(`${v} с`, `${v} s`)]));
}
function timesLabels(values) {
    return Object.fromEntries(values.map((v) => [String(v), (0, exports.t)(`×${v}`, `×${v}`)]));
}
exports.RENDERING_SPEED_LABELS = {
    TURBO: (0, exports.t)('Быстро', 'Turbo'),
    BALANCED: (0, exports.t)('Баланс', 'Balanced'),
    QUALITY: (0, exports.t)('Максимальное качество', 'Quality'),
};
