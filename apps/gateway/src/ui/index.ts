// The gateway's UI kit: what every feature uses to talk to the user. Imports no feature.
export { ButtonRouter, findAction, toast, type Buttons } from './buttons'
export { alertAdmins } from './alerts'
export { MAX_INLINE_RETRY_AFTER_SECONDS, waitOutShortFloods } from './flood'
export { formatDate, formatPriceRange, formatRub, formatSignedRub, formatStartingPrice, pluralForm } from './format'
export { mainMenu, mainMenuWith, menuButton } from './home'
export { escapeHtml } from './html'
export { button, rows, urlButton, type Keyboard, type Screen } from './keyboard'
export { isNotModified, show } from './show'
