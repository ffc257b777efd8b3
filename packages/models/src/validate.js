"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defaultParams = defaultParams;
exports.validateParams = validateParams;
exports.isHttpUrl = isHttpUrl;
const messages_1 = require("./messages");
/** Every asked field's default. Required fields without one (like the prompt) are absent: the wizard asks. */
function defaultParams(model) {
    const params = {};
    for (const field of model.fields) {
        if (field.ask && field.default !== undefined)
            params[field.key] = field.default;
    }
    return params;
}
/**
 * Checks types, options, lengths, ranges, file counts, required fields and the model's
 * cross-field rules; fills defaults. The returned params are wire-typed ("5" stays a string).
 */
function validateParams(model, input) {
    const errors = [];
    const fieldsByKey = new Map(model.fields.map((f) => [f.key, f]));
    for (const key of Object.keys(input)) {
        if (input[key] === undefined || fieldsByKey.has(key))
            continue;
        const setAutomatically = key in model.fixedInput || key in model.omittedInput || model.derivedInput.includes(key);
        errors.push(setAutomatically ? (0, messages_1.notSettableError)(key) : (0, messages_1.unknownFieldError)(key));
    }
    const params = {};
    for (const field of model.fields) {
        const raw = input[field.key];
        if (isAbsent(raw)) {
            if (field.default !== undefined)
                params[field.key] = field.default;
            else if (field.required)
                errors.push((0, messages_1.requiredError)(field));
            continue;
        }
        const checked = checkField(model, field, raw);
        if ('error' in checked)
            errors.push(checked.error);
        else
            params[field.key] = checked.value;
    }
    if (errors.length === 0)
        errors.push(...model.crossFieldErrors(params));
    return errors.length === 0 ? { ok: true, params } : { ok: false, errors };
}
function isAbsent(value) {
    if (value === undefined || value === null)
        return true;
    if (typeof value === 'string')
        return value.trim() === '';
    return Array.isArray(value) && value.length === 0;
}
function checkField(model, field, raw) {
    switch (field.type) {
        case 'text':
            return checkText(field, raw);
        case 'enum':
            return checkEnum(field, raw);
        case 'boolean':
            if (typeof raw === 'boolean')
                return { value: raw };
            if (raw === 'true' || raw === 'false')
                return { value: raw === 'true' };
            return { error: (0, messages_1.invalidTypeError)(field) };
        case 'integer':
        case 'number':
            return checkNumber(model, field, raw);
        case 'media':
            return checkMedia(field, raw);
    }
}
function checkText(field, raw) {
    if (typeof raw !== 'string')
        return { error: (0, messages_1.invalidTypeError)(field) };
    const value = raw.trim();
    const length = [...value].length;
    if (field.minLength !== undefined && length < field.minLength)
        return { error: (0, messages_1.tooShortError)(field, field.minLength) };
    if (field.maxLength !== undefined && length > field.maxLength)
        return { error: (0, messages_1.tooLongError)(field, field.maxLength, length) };
    if (field.pattern && !new RegExp(field.pattern.regex).test(value)) {
        return { error: (0, messages_1.fieldError)(field.key, 'invalid_format', field.pattern.message) };
    }
    return { value };
}
/** Accepts the value or its string form (callback data is text) and returns the wire-typed value. */
function checkEnum(field, raw) {
    if (typeof raw === 'string' || typeof raw === 'number') {
        const match = field.enum.find((v) => v === raw) ?? field.enum.find((v) => String(v) === String(raw));
        if (match !== undefined)
            return { value: match };
    }
    return { error: (0, messages_1.invalidOptionError)(field, field.enum) };
}
function checkNumber(model, field, raw) {
    const n = typeof raw === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(raw) ? Number(raw) : raw;
    if (typeof n !== 'number' || !Number.isFinite(n))
        return { error: (0, messages_1.invalidTypeError)(field) };
    if (field.type === 'integer' && !Number.isInteger(n))
        return { error: (0, messages_1.notIntegerError)(field) };
    if (field.min !== undefined && n < field.min)
        return { error: (0, messages_1.tooSmallError)(field, field.min) };
    if (field.max !== undefined && n > field.max) {
        const media = field.measuredFrom && model.fields.find((f) => f.key === field.measuredFrom?.media);
        if (media && field.measuredFrom?.quantity === 'duration-seconds')
            return { error: (0, messages_1.mediaTooLongError)(media, field.max) };
        return { error: (0, messages_1.tooLargeError)(field, field.max) };
    }
    return { value: n };
}
function checkMedia(field, raw) {
    if (!field.multiple) {
        if (typeof raw !== 'string')
            return { error: (0, messages_1.invalidTypeError)(field) };
        return isHttpUrl(raw) ? { value: raw } : { error: (0, messages_1.invalidUrlError)(field) };
    }
    if (!Array.isArray(raw) || !raw.every((u) => typeof u === 'string'))
        return { error: (0, messages_1.invalidTypeError)(field) };
    if (raw.length < field.minItems)
        return { error: (0, messages_1.tooFewFilesError)(field, field.minItems) };
    if (raw.length > field.maxItems)
        return { error: (0, messages_1.tooManyFilesError)(field, field.maxItems, raw.length) };
    if (!raw.every(isHttpUrl))
        return { error: (0, messages_1.invalidUrlError)(field) };
    return { value: [...raw] };
}
function isHttpUrl(value) {
    try {
        const url = new URL(value);
        return url.protocol === 'https:' || url.protocol === 'http:';
    }
    catch {
        return false;
    }
}
