"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.DEFAULT_DEADLINE_MS = exports.MINUTE_MS = exports.DEFAULT_MAX_BYTES = exports.TELEGRAM_DOWNLOAD_LIMIT_BYTES = exports.MB = void 0;
exports.mediaMaxBytes = mediaMaxBytes;
exports.MB = 1024 * 1024;
/**
 * A Telegram bot can download at most 20 MB per file (Bot API getFile), so no media
 * input may ask for more, whatever Kie would accept.
 */
exports.TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * exports.MB;
/** Used when the catalog gives no maxFileSize (then capped by the Telegram limit). */
exports.DEFAULT_MAX_BYTES = {
    image: 10 * exports.MB,
    video: 50 * exports.MB,
    audio: 20 * exports.MB,
};
exports.MINUTE_MS = 60_000;
/** How long the worker follows a task before giving up and refunding. */
exports.DEFAULT_DEADLINE_MS = {
    image: 10 * exports.MINUTE_MS,
    video: 30 * exports.MINUTE_MS,
    audio: 10 * exports.MINUTE_MS,
};
/** Kie's per-file limit for a media kind, capped at what a Telegram bot can download. */
function mediaMaxBytes(kind, kieLimitMb) {
    const kieLimit = kieLimitMb === undefined ? exports.DEFAULT_MAX_BYTES[kind] : kieLimitMb * exports.MB;
    return Math.min(kieLimit, exports.TELEGRAM_DOWNLOAD_LIMIT_BYTES);
}
