/** Escapes text for HTML markup (the page is built from contracts' constants only). */
export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** `<option>`s of a select, value and label the same. */
export const options = (values: readonly string[]): string =>
  values.map((v) => `<option value="${escapeHtml(v)}">${escapeHtml(v)}</option>`).join('');
