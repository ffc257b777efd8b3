"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.OMIT = void 0;
/** Why a catalog field is never sent (the Kie default applies). Shared wording for ModelSpec.omittedInput. */
exports.OMIT = {
    nsfwChecker: 'Kie-side NSFW flag; the Kie default applies',
    safetyChecker: 'Kie-side safety flag; the Kie default applies',
    seed: 'reproducible seeds are not offered in the bot',
    negativePrompt: 'not asked to keep the wizard short; Kie default (none)',
    tuning: 'advanced sampler tuning; the Kie default applies',
    outputFormat: 'file format does not matter in Telegram; the Kie default applies',
    promptExpansion: 'Kie-side prompt rewriting; the Kie default applies',
    aspectAlias: 'deprecated alias of aspect_ratio; sending both would set the value twice',
    fromSourceImage: 'the result follows the uploaded image',
    uploadCn: 'China-region storage; not needed',
    watermark: 'no watermark text is added',
};
