"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.TELEGRAM_DOWNLOAD_LIMIT_BYTES = exports.DEFAULT_MAX_BYTES = exports.priceExtremes = exports.SAMPLE_MEDIA_URLS = exports.exampleParams = exports.CREATE_TASK_PATHS = exports.InvalidParamsError = exports.buildCreateRequest = exports.validateParams = exports.defaultParams = exports.creditRange = exports.credits = exports.availableOptions = exports.promptField = exports.measuredFields = exports.mediaFields = exports.askedFields = exports.listByCategory = exports.getModel = exports.listModels = void 0;
__exportStar(require("./family"), exports);
var registry_1 = require("./registry");
Object.defineProperty(exports, "listModels", { enumerable: true, get: function () { return registry_1.listModels; } });
Object.defineProperty(exports, "getModel", { enumerable: true, get: function () { return registry_1.getModel; } });
Object.defineProperty(exports, "listByCategory", { enumerable: true, get: function () { return registry_1.listByCategory; } });
Object.defineProperty(exports, "askedFields", { enumerable: true, get: function () { return registry_1.askedFields; } });
Object.defineProperty(exports, "mediaFields", { enumerable: true, get: function () { return registry_1.mediaFields; } });
Object.defineProperty(exports, "measuredFields", { enumerable: true, get: function () { return registry_1.measuredFields; } });
Object.defineProperty(exports, "promptField", { enumerable: true, get: function () { return registry_1.promptField; } });
Object.defineProperty(exports, "availableOptions", { enumerable: true, get: function () { return registry_1.availableOptions; } });
Object.defineProperty(exports, "credits", { enumerable: true, get: function () { return registry_1.credits; } });
Object.defineProperty(exports, "creditRange", { enumerable: true, get: function () { return registry_1.creditRange; } });
var validate_1 = require("./validate");
Object.defineProperty(exports, "defaultParams", { enumerable: true, get: function () { return validate_1.defaultParams; } });
Object.defineProperty(exports, "validateParams", { enumerable: true, get: function () { return validate_1.validateParams; } });
var build_1 = require("./build");
Object.defineProperty(exports, "buildCreateRequest", { enumerable: true, get: function () { return build_1.buildCreateRequest; } });
Object.defineProperty(exports, "InvalidParamsError", { enumerable: true, get: function () { return build_1.InvalidParamsError; } });
Object.defineProperty(exports, "CREATE_TASK_PATHS", { enumerable: true, get: function () { return build_1.CREATE_TASK_PATHS; } });
var examples_1 = require("./examples");
Object.defineProperty(exports, "exampleParams", { enumerable: true, get: function () { return examples_1.exampleParams; } });
Object.defineProperty(exports, "SAMPLE_MEDIA_URLS", { enumerable: true, get: function () { return examples_1.SAMPLE_MEDIA_URLS; } });
var range_1 = require("./range");
Object.defineProperty(exports, "priceExtremes", { enumerable: true, get: function () { return range_1.priceExtremes; } });
var limits_1 = require("./limits");
Object.defineProperty(exports, "DEFAULT_MAX_BYTES", { enumerable: true, get: function () { return limits_1.DEFAULT_MAX_BYTES; } });
Object.defineProperty(exports, "TELEGRAM_DOWNLOAD_LIMIT_BYTES", { enumerable: true, get: function () { return limits_1.TELEGRAM_DOWNLOAD_LIMIT_BYTES; } });
