export { en, ru, type MessageKey } from './messages'
export { LANGS, placeholders, t, type Lang } from './translate'
