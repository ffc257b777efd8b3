"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.MODELS = void 0;
const audio_1 = require("./audio");
const image_google_bytedance_1 = require("./image-google-bytedance");
const image_tools_1 = require("./image-tools");
const image_other_1 = require("./image-other");
const video_kling_1 = require("./video-kling");
const video_seedance_grok_1 = require("./video-seedance-grok");
const video_sora_tools_1 = require("./video-sora-tools");
const video_veo_runway_1 = require("./video-veo-runway");
const video_wan_hailuo_1 = require("./video-wan-hailuo");
/** Every offering, in catalog display order. */
exports.MODELS = [
    ...image_google_bytedance_1.GOOGLE_BYTEDANCE_IMAGE_MODELS,
    ...image_other_1.OTHER_IMAGE_MODELS,
    ...image_tools_1.IMAGE_TOOL_MODELS,
    ...video_veo_runway_1.VEO_RUNWAY_VIDEO_MODELS,
    ...video_kling_1.KLING_VIDEO_MODELS,
    ...video_sora_tools_1.SORA_TOOL_VIDEO_MODELS,
    ...video_seedance_grok_1.SEEDANCE_GROK_VIDEO_MODELS,
    ...video_wan_hailuo_1.WAN_HAILUO_VIDEO_MODELS,
    ...audio_1.AUDIO_MODELS,
];
