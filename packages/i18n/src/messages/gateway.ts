// Texts of the gateway's screens (conversation, payments, admin).
export const en = {
  'menu.title': 'Main menu',
} as const

export const ru: Record<keyof typeof en, string> = {
  'menu.title': 'Главное меню',
}
