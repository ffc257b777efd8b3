"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.text = text;
exports.prompt = prompt;
exports.choice = choice;
exports.aspectRatio = aspectRatio;
exports.imageSize = imageSize;
exports.resolution = resolution;
exports.duration = duration;
exports.toggle = toggle;
exports.integer = integer;
exports.decimal = decimal;
exports.measuredSeconds = measuredSeconds;
exports.measuredLongSide = measuredLongSide;
exports.image = image;
exports.images = images;
exports.video = video;
exports.videos = videos;
exports.audio = audio;
const labels_1 = require("./labels");
const limits_1 = require("./limits");
/** Builders for the field specs that recur across models, so catalog files stay declarative. */
/** Drops undefined properties so specs only carry what was decided. */
function compact(spec) {
    return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}
function text(key, label, options = {}) {
    return compact({ key, type: 'text', label, ask: true, ...options, required: options.required ?? true });
}
/** The main free-text input (`/gen <slug> <text>` fills it). `maxLength` undefined = the catalog sets none. */
function prompt(maxLength, options = {}) {
    return text(options.key ?? 'prompt', options.label ?? labels_1.LABEL.prompt, {
        required: options.required ?? true,
        ...(maxLength === undefined ? {} : { maxLength }),
        ...(options.minLength === undefined ? {} : { minLength: options.minLength }),
        ...(options.hint === undefined ? {} : { hint: options.hint }),
        primary: true,
    });
}
function choice(key, label, values, options = {}) {
    const labels = options.labels === undefined ? undefined : pickLabels(options.labels, values);
    return compact({
        key,
        type: 'enum',
        label,
        required: options.required ?? options.default !== undefined,
        ask: true,
        enum: values,
        default: options.default,
        optionLabels: labels,
        hint: options.hint,
    });
}
function pickLabels(labels, values) {
    const picked = Object.fromEntries(values.flatMap((v) => (labels[String(v)] ? [[String(v), labels[String(v)]]] : [])));
    return Object.keys(picked).length > 0 ? picked : undefined;
}
function aspectRatio(values, defaultValue, key = 'aspect_ratio') {
    return choice(key, labels_1.LABEL.aspectRatio, values, { default: defaultValue, labels: labels_1.ASPECT_LABELS });
}
/** Named sizes (square_hd, landscape_16_9...) of seedream v4, ideogram and qwen. */
function imageSize(values, defaultValue, key = 'image_size') {
    return choice(key, labels_1.LABEL.imageSize, values, { default: defaultValue, labels: labels_1.IMAGE_SIZE_LABELS });
}
function resolution(values, defaultValue, key = 'resolution') {
    return choice(key, labels_1.LABEL.resolution, values, { default: defaultValue });
}
/** Duration picked from fixed values; keeps their wire type ("5" or 5). */
function duration(values, defaultValue, key = 'duration') {
    return choice(key, labels_1.LABEL.duration, values, { default: defaultValue, labels: (0, labels_1.secondsLabels)(values) });
}
function toggle(key, label, defaultValue, hint) {
    return compact({ key, type: 'boolean', label, required: true, ask: true, default: defaultValue, hint });
}
function integer(key, label, options) {
    return compact({ key, type: 'integer', label, ask: true, ...options, required: options.required ?? options.default !== undefined });
}
function decimal(key, label, options) {
    return compact({ key, type: 'number', label, ask: true, ...options, required: options.required ?? options.default !== undefined });
}
/**
 * Whole seconds (rounded up, at least 1) of an uploaded audio/video, filled by the caller;
 * unknown length is billed as `maxSeconds`.
 */
function measuredSeconds(key, media, label, maxSeconds) {
    return {
        key,
        type: 'number',
        label,
        required: false,
        ask: false,
        min: 1,
        max: maxSeconds,
        default: maxSeconds,
        unit: 'seconds',
        measuredFrom: { media, quantity: 'duration-seconds' },
    };
}
/** Longer side of an uploaded image in pixels, filled by the caller; unknown size is billed as `assumed`. */
function measuredLongSide(key, media, assumed) {
    return {
        key,
        type: 'integer',
        label: labels_1.LABEL.imageLongSide,
        required: false,
        ask: false,
        min: 1,
        default: assumed,
        unit: 'px',
        measuredFrom: { media, quantity: 'long-side-px' },
    };
}
function media(key, kind, multiple, minItems, maxItems, options) {
    return compact({
        key,
        type: 'media',
        label: options.label,
        required: options.required ?? true,
        ask: true,
        kind,
        multiple,
        minItems,
        maxItems,
        maxBytes: (0, limits_1.mediaMaxBytes)(kind, options.maxMb),
        hint: options.hint,
    });
}
/** One image, sent as a URL string. */
function image(key, options) {
    return media(key, 'image', false, 1, 1, options);
}
/** 1..maxItems images, sent as an array of URLs (also when maxItems is 1). */
function images(key, maxItems, options) {
    return media(key, 'image', true, 1, maxItems, options);
}
function video(key, options) {
    return media(key, 'video', false, 1, 1, options);
}
function videos(key, maxItems, options) {
    return media(key, 'video', true, 1, maxItems, options);
}
function audio(key, options) {
    return media(key, 'audio', false, 1, 1, options);
}
