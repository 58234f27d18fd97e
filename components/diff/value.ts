/** How a JSON value is shown in a diff cell: compact JSON, long values cut with an ellipsis. */
export function formatValue(value: unknown, max = 240): string {
  if (value === undefined) return '';
  const text = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** "targetPath $.emails[0].value (scope createEntity, 2nd)" for a mapping's match key. */
export function mappingLabel(key: { path: string | null; scope: string | null; occurrence: number }): string {
  const parts = [key.path ?? '(no path)'];
  if (key.scope) parts.push(`scope ${key.scope}`);
  if (key.occurrence > 0) parts.push(`occurrence ${key.occurrence + 1}`);
  return parts.join(' · ');
}
