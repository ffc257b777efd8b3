"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.InvalidParamsError = exports.CREATE_TASK_PATHS = void 0;
exports.requireValidParams = requireValidParams;
exports.buildCreateRequest = buildCreateRequest;
const validate_1 = require("./validate");
/** Create-task endpoint of each API family (kie-api.md §2.1, §6). */
exports.CREATE_TASK_PATHS = {
    market: '/api/v1/jobs/createTask',
    veo: '/api/v1/veo/generate',
    suno: '/api/v1/generate',
    runway: '/api/v1/runway/generate',
    'flux-kontext': '/api/v1/flux/kontext/generate',
    'gpt4o-image': '/api/v1/gpt4o-image/generate',
};
class InvalidParamsError extends Error {
    slug;
    errors;
    constructor(slug, errors) {
        super(`${slug}: invalid params: ${errors.map((e) => `${e.field} ${e.code}`).join(', ')}`);
        this.slug = slug;
        this.errors = errors;
        this.name = 'InvalidParamsError';
    }
}
exports.InvalidParamsError = InvalidParamsError;
/** Validated params (defaults filled); throws InvalidParamsError otherwise. */
function requireValidParams(model, params) {
    const result = (0, validate_1.validateParams)(model, params);
    if (!result.ok)
        throw new InvalidParamsError(model.slug, result.errors);
    return result.params;
}
/**
 * The exact create-task call. Market: `{ model, callBackUrl, input }`; flat families: the
 * input fields at the top level plus `callBackUrl`. Media params are URLs already uploaded
 * to Kie. Measured params (file lengths) are never sent.
 */
function buildCreateRequest(model, params, options) {
    const valid = requireValidParams(model, params);
    const input = { ...model.fixedInput };
    for (const field of model.fields) {
        const value = valid[field.key];
        if (field.ask && value !== undefined)
            input[field.key] = value;
    }
    for (const [key, value] of Object.entries(model.deriveInput(valid))) {
        if (input[key] === undefined)
            input[key] = value;
    }
    const path = exports.CREATE_TASK_PATHS[model.family];
    const body = model.family === 'market'
        ? { model: model.kieModel, callBackUrl: options.callBackUrl, input }
        : { ...input, callBackUrl: options.callBackUrl };
    return { family: model.family, path, body };
}
