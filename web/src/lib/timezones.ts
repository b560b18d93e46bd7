/** IANA time zones the browser knows (plus UTC), for the searchable picker. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return Array.from(new Set(['UTC', ...zones]));
}

/** The same rule as the API: whatever `new Intl.DateTimeFormat('en', { timeZone })` accepts. */
export function isValidTimeZone(tz: string): boolean {
  if (!tz || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Case-insensitive match on the whole name, with "/" and "_" read as spaces ("new york", "kyiv"). */
export function filterTimeZones(zones: string[], query: string, max = 50): string[] {
  const q = query.trim().toLowerCase().replace(/[_/]/g, ' ');
  if (!q) return zones.slice(0, max);
  const words = q.split(/\s+/);
  const out: string[] = [];
  for (const z of zones) {
    const name = z.toLowerCase().replace(/[_/]/g, ' ');
    if (words.every((w) => name.includes(w))) out.push(z);
    if (out.length >= max) break;
  }
  return out;
}
