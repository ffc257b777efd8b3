"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.listModels = listModels;
exports.getModel = getModel;
exports.listByCategory = listByCategory;
exports.askedFields = askedFields;
exports.mediaFields = mediaFields;
exports.measuredFields = measuredFields;
exports.promptField = promptField;
exports.availableOptions = availableOptions;
exports.credits = credits;
exports.creditRange = creditRange;
const build_1 = require("./build");
const catalog_1 = require("./catalog");
const BY_SLUG = new Map(catalog_1.MODELS.map((m) => [m.slug, m]));
function listModels() {
    return catalog_1.MODELS;
}
function getModel(slug) {
    return BY_SLUG.get(slug);
}
function listByCategory(category) {
    return catalog_1.MODELS.filter((m) => m.category === category);
}
/** The wizard's screens, in order. */
function askedFields(model) {
    return model.fields.filter((f) => f.ask);
}
/** Inputs the user sends as files (photo, document, audio, voice, video). */
function mediaFields(model) {
    return model.fields.filter((f) => f.type === 'media');
}
/** Values the caller fills from an uploaded file (seconds of audio, image size); they drive the price. */
function measuredFields(model) {
    return model.fields.filter((f) => (f.type === 'integer' || f.type === 'number') && f.measuredFrom !== undefined);
}
/** The field `/gen <slug> <text>` fills. */
function promptField(model) {
    return model.fields.find((f) => f.type === 'text' && f.primary === true);
}
/**
 * Options of an enum field that do not clash with the other params under the model's
 * cross-field rules (e.g. Runway: 1080p disappears once 10 s is chosen). Unset fields
 * count with their defaults.
 */
function availableOptions(model, key, params) {
    const field = model.fields.find((f) => f.key === key);
    if (!field || field.type !== 'enum')
        return [];
    const base = {};
    for (const f of model.fields)
        if (f.default !== undefined)
            base[f.key] = f.default;
    Object.assign(base, params);
    const clashes = field.enum.map((value) => model.crossFieldErrors({ ...base, [key]: value }).length);
    const fewest = Math.min(...clashes);
    return field.enum.filter((_, i) => clashes[i] === fewest);
}
/** Kie credits for these params; throws InvalidParamsError when they are not valid. */
function credits(model, params) {
    return model.credits((0, build_1.requireValidParams)(model, params));
}
function creditRange(model) {
    return model.creditRange();
}
