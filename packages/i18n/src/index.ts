export { en, ru, PARTS, type MessageKey } from './messages'
export { LANGS, placeholders, t, type Lang } from './translate'
