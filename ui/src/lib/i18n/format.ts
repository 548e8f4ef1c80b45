//! Dates, times, sizes and counts for display, always in the sector's zone (Europe/Amsterdam) and the UI language.
import { AMSTERDAM } from '$lib/time/amsterdam';
import { locale } from './locale.svelte';

export function formatDate(iso: string): string {
  return new Intl.DateTimeFormat(locale.intlTag, {
    timeZone: AMSTERDAM,
    weekday: 'short',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(iso));
}

export function formatTime(iso: string): string {
  return new Intl.DateTimeFormat(locale.intlTag, {
    timeZone: AMSTERDAM,
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
}

export function formatDateTime(iso: string): string {
  return new Intl.DateTimeFormat(locale.intlTag, {
    timeZone: AMSTERDAM,
    dateStyle: 'medium',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/** A file size in kB, MB or GB (1000-based, as file managers show it), in the UI language. */
export function formatSize(bytes: number): string {
  const [value, unit] =
    bytes >= 1e9 ? [bytes / 1e9, 'gigabyte'] : bytes >= 1e6 ? [bytes / 1e6, 'megabyte'] : [bytes / 1e3, 'kilobyte'];
  return new Intl.NumberFormat(locale.intlTag, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}

/** A count with the UI language's digit grouping: 1.000.000 in Dutch, 1,000,000 in English. */
export function formatCount(n: number): string {
  return new Intl.NumberFormat(locale.intlTag, { maximumFractionDigits: 0 }).format(n);
}
