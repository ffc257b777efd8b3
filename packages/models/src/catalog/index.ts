import type { ModelSpec } from '../types'
import { AUDIO_MODELS } from './audio'
import { AUDIO_2026_MODELS } from './audio-2026'
import { GOOGLE_BYTEDANCE_IMAGE_MODELS } from './image-google-bytedance'
import { IMAGE_TOOL_MODELS } from './image-tools'
import { FLUX_OPENAI_IMAGE_MODELS } from './image-flux-openai'
import { IDEOGRAM_QWEN_GROK_IMAGE_MODELS } from './image-ideogram-qwen-grok'
import { IMAGE_2026_MODELS } from './image-2026'
import { MIDJOURNEY_MODELS } from './midjourney'
import { VIDEO_2026_MODELS } from './video-2026'
import { KLING_VIDEO_MODELS } from './video-kling'
import { SEEDANCE_GROK_VIDEO_MODELS } from './video-seedance-grok'
import { SORA_TOOL_VIDEO_MODELS } from './video-sora-tools'
import { VEO_RUNWAY_VIDEO_MODELS } from './video-veo-runway'
import { WAN_HAILUO_VIDEO_MODELS } from './video-wan-hailuo'

/** Every offering, in catalog display order. */
export const MODELS: readonly ModelSpec[] = [
  ...GOOGLE_BYTEDANCE_IMAGE_MODELS,
  ...FLUX_OPENAI_IMAGE_MODELS,
  ...MIDJOURNEY_MODELS,
  ...IDEOGRAM_QWEN_GROK_IMAGE_MODELS,
  ...IMAGE_2026_MODELS,
  ...IMAGE_TOOL_MODELS,
  ...VEO_RUNWAY_VIDEO_MODELS,
  ...KLING_VIDEO_MODELS,
  ...SORA_TOOL_VIDEO_MODELS,
  ...SEEDANCE_GROK_VIDEO_MODELS,
  ...WAN_HAILUO_VIDEO_MODELS,
  ...VIDEO_2026_MODELS,
  ...AUDIO_MODELS,
  ...AUDIO_2026_MODELS,
]
