"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.roundCredits = roundCredits;
exports.flat = flat;
exports.priced = priced;
exports.byChoice = byChoice;
exports.lookup = lookup;
exports.choiceOf = choiceOf;
exports.numberOf = numberOf;
exports.flagOf = flagOf;
exports.lengthOf = lengthOf;
/** Credits keep at most 3 decimals and are rounded up (we never sell below cost). */
function roundCredits(credits) {
    // Round away float noise first (0.24 * 7 = 1.6800000000000002), then ceil to 3 decimals.
    return Math.ceil(Math.round(credits * 1e6) / 1e3) / 1e3;
}
function flat(credits) {
    return { inputs: [], credits: () => credits };
}
function priced(inputs, credits) {
    return { inputs, credits };
}
/** Price looked up by one field's value (table keyed by String(value)). */
function byChoice(key, table) {
    return priced([key], (p) => lookup(table, choiceOf(p, key)));
}
function lookup(table, key) {
    const credits = table[key];
    if (credits === undefined)
        throw new Error(`no price for "${key}"`);
    return credits;
}
function choiceOf(params, key) {
    const value = params[key];
    if (typeof value !== 'string' && typeof value !== 'number')
        throw new Error(`price needs "${key}"`);
    return String(value);
}
function numberOf(params, key) {
    const value = params[key];
    const n = typeof value === 'string' ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isFinite(n))
        throw new Error(`price needs a number "${key}"`);
    return n;
}
function flagOf(params, key) {
    const value = params[key];
    if (typeof value !== 'boolean')
        throw new Error(`price needs a boolean "${key}"`);
    return value;
}
/** Unicode characters in a text field (what per-character billing counts). */
function lengthOf(params, key) {
    const value = params[key];
    if (typeof value !== 'string')
        throw new Error(`price needs a text "${key}"`);
    return [...value].length;
}
