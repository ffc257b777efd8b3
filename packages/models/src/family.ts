/**
 * Kie.ai API families the registry uses. Each has its own create and status
 * endpoints (their paths: KIE_PATHS in packages/kie) and its own success flag;
 * packages/kie normalises them: market, veo, suno, runway, flux-kontext,
 * gpt4o-image, midjourney.
 */
export const API_FAMILIES = ['market', 'veo', 'suno', 'runway', 'flux-kontext', 'gpt4o-image', 'midjourney'] as const
export type ApiFamily = (typeof API_FAMILIES)[number]
