"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.fieldError = fieldError;
exports.requiredError = requiredError;
exports.unknownFieldError = unknownFieldError;
exports.notSettableError = notSettableError;
exports.invalidTypeError = invalidTypeError;
exports.invalidOptionError = invalidOptionError;
exports.tooShortError = tooShortError;
exports.tooLongError = tooLongError;
exports.tooSmallError = tooSmallError;
exports.tooLargeError = tooLargeError;
exports.notIntegerError = notIntegerError;
exports.tooFewFilesError = tooFewFilesError;
exports.tooManyFilesError = tooManyFilesError;
exports.invalidUrlError = invalidUrlError;
exports.mediaTooLongError = mediaTooLongError;
/** Error texts shown to the user; the code is what callers branch on. */
const quote = (label) => ({ ru: `«${label.ru}»`, en: `"${label.en}"` });
function error(field, code, ru, en) {
    return { field, code, message: { ru, en } };
}
function fieldError(field, code, message) {
    return { field, code, message };
}
function requiredError(field) {
    const q = quote(field.label);
    const ru = field.type === 'media' ? `Пришлите ${q.ru}.` : `Заполните ${q.ru}.`;
    const en = field.type === 'media' ? `Please send ${q.en}.` : `${q.en} is required.`;
    return error(field.key, 'required', ru, en);
}
function unknownFieldError(key) {
    return error(key, 'unknown_field', `У этой модели нет параметра «${key}».`, `This model has no parameter "${key}".`);
}
function notSettableError(key) {
    return error(key, 'not_settable', `Параметр «${key}» задаётся автоматически.`, `"${key}" is set automatically and cannot be changed.`);
}
const EXPECTED = {
    text: { ru: 'текст', en: 'text' },
    enum: { ru: 'один из вариантов', en: 'one of the options' },
    boolean: { ru: 'да или нет', en: 'yes or no' },
    integer: { ru: 'целое число', en: 'a whole number' },
    number: { ru: 'число', en: 'a number' },
    media: { ru: 'файл', en: 'a file' },
};
function invalidTypeError(field) {
    const q = quote(field.label);
    const expected = EXPECTED[field.type];
    return error(field.key, 'invalid_type', `${q.ru}: нужно указать ${expected.ru}.`, `${q.en} must be ${expected.en}.`);
}
function invalidOptionError(field, options) {
    const q = quote(field.label);
    const list = options.join(', ');
    return error(field.key, 'invalid_option', `${q.ru}: выберите один из вариантов: ${list}.`, `${q.en} must be one of: ${list}.`);
}
function tooShortError(field, min) {
    const q = quote(field.label);
    return error(field.key, 'too_short', `${q.ru}: слишком коротко, нужно не меньше ${min} симв.`, `${q.en} is too short: at least ${min} characters.`);
}
function tooLongError(field, max, actual) {
    const q = quote(field.label);
    return error(field.key, 'too_long', `${q.ru}: слишком длинно — ${actual} симв., можно не больше ${max}.`, `${q.en} is too long: ${actual} characters, at most ${max} allowed.`);
}
function tooSmallError(field, min) {
    const q = quote(field.label);
    return error(field.key, 'too_small', `${q.ru}: не меньше ${min}.`, `${q.en} must be at least ${min}.`);
}
function tooLargeError(field, max) {
    const q = quote(field.label);
    return error(field.key, 'too_large', `${q.ru}: не больше ${max}.`, `${q.en} must be at most ${max}.`);
}
function notIntegerError(field) {
    const q = quote(field.label);
    return error(field.key, 'not_integer', `${q.ru}: нужно целое число.`, `${q.en} must be a whole number.`);
}
function tooFewFilesError(field, min) {
    const q = quote(field.label);
    return error(field.key, 'too_few_files', `${q.ru}: нужно не меньше ${min} файл(ов).`, `${q.en}: send at least ${min} file(s).`);
}
function tooManyFilesError(field, max, actual) {
    const q = quote(field.label);
    return error(field.key, 'too_many_files', `${q.ru}: можно не больше ${max} файл(ов), получено ${actual}.`, `${q.en}: at most ${max} file(s) allowed, got ${actual}.`);
}
function invalidUrlError(field) {
    const q = quote(field.label);
    return error(field.key, 'invalid_url', `${q.ru}: файл не загружен (нужна ссылка http/https).`, `${q.en}: the file is not uploaded (an http/https link is needed).`);
}
function mediaTooLongError(media, maxSeconds) {
    const q = quote(media.label);
    return error(media.key, 'media_too_long', `${q.ru}: не длиннее ${maxSeconds} с.`, `${q.en} must be at most ${maxSeconds} s long.`);
}
