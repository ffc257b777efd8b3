import type { ModelSpec } from '../types'
import { GOOGLE_BYTEDANCE_IMAGE_MODELS } from './image-google-bytedance'
import { OTHER_IMAGE_MODELS } from './image-other'
import { IMAGE_TOOL_MODELS } from './image-tools'

/** Every offering, in catalog display order. */
export const MODELS: readonly ModelSpec[] = [...GOOGLE_BYTEDANCE_IMAGE_MODELS, ...OTHER_IMAGE_MODELS, ...IMAGE_TOOL_MODELS]
