"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defineModel = defineModel;
const limits_1 = require("./limits");
const pricing_1 = require("./pricing");
const range_1 = require("./range");
function defineModel(def) {
    const spec = {
        slug: def.slug,
        kieModel: def.kieModel,
        catalogModel: def.catalogModel ?? def.kieModel,
        family: def.family,
        category: def.category,
        kind: def.kind,
        output: def.output ?? def.category,
        name: def.name,
        description: def.description,
        inPredecessor: def.inPredecessor,
        deadlineMs: def.deadlineMs ?? limits_1.DEFAULT_DEADLINE_MS[def.category],
        fields: def.fields,
        fixedInput: def.fixed ?? {},
        omittedInput: def.omitted ?? {},
        derivedInput: def.derived?.keys ?? [],
        priceInputs: def.price.inputs,
        credits: (params) => (0, pricing_1.roundCredits)(def.price.credits(withDefaults(def.fields, params))),
        creditRange: () => {
            const { cheapest, dearest } = (0, range_1.priceExtremes)(spec);
            return { min: cheapest.credits, max: dearest.credits };
        },
        crossFieldErrors: (params) => def.rules?.(params) ?? [],
        deriveInput: (params) => def.derived?.compute(params) ?? {},
    };
    return Object.freeze(spec);
}
/** Defaults of every field (measured ones included) under the given params. */
function withDefaults(fields, params) {
    const filled = {};
    for (const field of fields)
        if (field.default !== undefined)
            filled[field.key] = field.default;
    for (const [key, value] of Object.entries(params))
        if (value !== undefined)
            filled[key] = value;
    return filled;
}
