// Texts of the Mini App's entry points in the chat (the app's own texts live in packages/webapp).
export const en = {
  'gallery.open': '🖼 My gallery',
  'gallery.menu_button': 'Gallery',
}

export const ru: Record<keyof typeof en, string> = {
  'gallery.open': '🖼 Моя галерея',
  'gallery.menu_button': 'Галерея',
}
