// /chat/texts.js is served from src/web/texts.ts (the one table of the page's texts).
export type PageLanguage = 'ru' | 'en'
export declare const TEXTS: Record<PageLanguage, Record<string, string>>
