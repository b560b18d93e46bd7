const dateFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium' });
const dateTimeFmt = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeStyle: 'short' });
const numberFmt = new Intl.NumberFormat('en');
const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });

export const formatDate = (iso: string | null | undefined) => (iso ? dateFmt.format(new Date(iso)) : '—');
export const formatDateTime = (iso: string | null | undefined) => (iso ? dateTimeFmt.format(new Date(iso)) : '—');
export const formatNumber = (n: number) => numberFmt.format(n);
export const formatLimit = (n: number | null) => (n === null ? 'Unlimited' : numberFmt.format(n));

export function formatMoney(minor: number, currency: string) {
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency.toUpperCase() }).format(minor / 100);
}

/** "in 6 days", "3 hours ago"; `now` injectable for tests. */
export function relativeTime(iso: string | null | undefined, now = Date.now()): string {
  if (!iso) return 'never';
  const diff = new Date(iso).getTime() - now;
  const abs = Math.abs(diff);
  const units: [Intl.RelativeTimeFormatUnit, number][] = [
    ['day', 86_400_000],
    ['hour', 3_600_000],
    ['minute', 60_000],
  ];
  for (const [unit, ms] of units) if (abs >= ms) return rtf.format(Math.round(diff / ms), unit);
  return diff >= 0 ? 'in less than a minute' : 'just now';
}

export const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
