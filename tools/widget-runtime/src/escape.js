// HTML escaping for text that must never become markup.

const ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The text with &, <, >, " and ' escaped, so that as innerHTML it shows exactly as written. */
export function escapeHTML(text) {
  return String(text).replace(/[&<>"']/g, (character) => ENTITIES[character]);
}
