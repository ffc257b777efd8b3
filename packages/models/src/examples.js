"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.SAMPLE_MEDIA_URLS = void 0;
exports.sampleValue = sampleValue;
exports.exampleParams = exampleParams;
const validate_1 = require("./validate");
/** Placeholder uploads (Kie's upload host) for sandbox runs, price ranges and tests. */
exports.SAMPLE_MEDIA_URLS = {
    image: 'https://tempfile.redpandaai.co/kieai/sample/photo.png',
    video: 'https://tempfile.redpandaai.co/kieai/sample/clip.mp4',
    audio: 'https://tempfile.redpandaai.co/kieai/sample/voice.mp3',
};
const SAMPLE_TEXT = 'A red fox sitting in fresh snow at sunrise, soft golden light';
/** A value that passes the field's own checks. */
function sampleValue(field) {
    switch (field.type) {
        case 'text': {
            if (field.example !== undefined)
                return field.example;
            const min = field.minLength ?? 0;
            const text = SAMPLE_TEXT.length >= min ? SAMPLE_TEXT : SAMPLE_TEXT.padEnd(min, '.');
            return field.maxLength === undefined ? text : [...text].slice(0, field.maxLength).join('');
        }
        case 'enum':
            return field.default ?? field.enum[0];
        case 'boolean':
            return field.default ?? false;
        case 'integer':
        case 'number':
            return field.default ?? field.min ?? 1;
        case 'media': {
            const url = exports.SAMPLE_MEDIA_URLS[field.kind];
            return field.multiple ? Array.from({ length: Math.max(1, field.minItems) }, () => url) : url;
        }
    }
}
/** Defaults plus a sample value for every required asked field without one (prompt, media...). */
function exampleParams(model) {
    const params = (0, validate_1.defaultParams)(model);
    for (const field of model.fields) {
        if (field.ask && field.required && params[field.key] === undefined)
            params[field.key] = sampleValue(field);
    }
    return params;
}
