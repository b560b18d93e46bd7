/** Browsers list some zones under their old CLDR names; people search for the current IANA ones. */
const CURRENT_NAMES: Record<string, string> = {
  'Europe/Kiev': 'Europe/Kyiv',
  'Asia/Calcutta': 'Asia/Kolkata',
  'Asia/Saigon': 'Asia/Ho_Chi_Minh',
  'Asia/Katmandu': 'Asia/Kathmandu',
  'Asia/Rangoon': 'Asia/Yangon',
  'Atlantic/Faeroe': 'Atlantic/Faroe',
  'America/Godthab': 'America/Nuuk',
  'Pacific/Enderbury': 'Pacific/Kanton',
  'Europe/Uzhgorod': 'Europe/Kyiv',
  'Europe/Zaporozhye': 'Europe/Kyiv',
};

/** IANA time zones the browser knows (plus UTC, current names preferred), for the searchable picker. */
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const zones = (intl.supportedValuesOf?.('timeZone') ?? []).map((z) => {
    const current = CURRENT_NAMES[z];
    return current && isValidTimeZone(current) ? current : z;
  });
  return Array.from(new Set(['UTC', ...zones])).sort((a, b) => (a === 'UTC' ? -1 : b === 'UTC' ? 1 : a.localeCompare(b)));
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
  // A valid zone typed in full (also a link the list lacks, e.g. "US/Pacific") is offered first.
  const typed = query.trim();
  const out: string[] = typed.includes('/') && isValidTimeZone(typed) && !zones.includes(typed) ? [typed] : [];
  for (const z of zones) {
    const name = z.toLowerCase().replace(/[_/]/g, ' ');
    if (words.every((w) => name.includes(w))) out.push(z);
    if (out.length >= max) break;
  }
  return out;
}
