/** Escapes text for HTML element content and quoted attribute values. User code always goes through here. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"'`]/g, (ch) => `&#${ch.charCodeAt(0)};`);
}
