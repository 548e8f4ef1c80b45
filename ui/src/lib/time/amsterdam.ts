//! Converts between Europe/Amsterdam wall-clock time (what the facilitator types) and UTC
//! ISO instants (what the core stores), with `Intl` only, so summer time is always right.

export const AMSTERDAM = 'Europe/Amsterdam';

export interface WallClock {
  /** `YYYY-MM-DD` */
  date: string;
  /** `HH:MM`, 24-hour */
  time: string;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
const DAY_MS = 86_400_000;

let partsFormatter: Intl.DateTimeFormat | null = null;
function formatter(): Intl.DateTimeFormat {
  partsFormatter ??= new Intl.DateTimeFormat('en-GB', {
    timeZone: AMSTERDAM,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  });
  return partsFormatter;
}

function wallParts(epochMs: number): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of formatter().formatToParts(new Date(epochMs))) {
    if (part.type !== 'literal') out[part.type] = Number(part.value);
  }
  return out;
}

/** Amsterdam's offset from UTC at an instant, in milliseconds (+1 h in winter, +2 h in summer). */
export function amsterdamOffsetMs(epochMs: number): number {
  const p = wallParts(epochMs);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  // Drop sub-second precision: the wall clock above has none.
  return asUtc - Math.floor(epochMs / 1000) * 1000;
}

/** True when `date` and `time` are well-formed (`YYYY-MM-DD`, `HH:MM`) and exist in the calendar. */
export function isValidWallClock(date: string, time: string): boolean {
  const d = DATE_RE.exec(date);
  const t = TIME_RE.exec(time);
  if (!d || !t) return false;
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi] = [Number(t[1]), Number(t[2])];
  if (h > 23 || mi > 59) return false;
  const probe = new Date(Date.UTC(y, mo - 1, da));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === da;
}

/**
 * The UTC instant of an Amsterdam wall-clock time, as `YYYY-MM-DDTHH:MM:SSZ`.
 * Like Temporal's "compatible" disambiguation: a time that occurs twice (the night summer
 * time ends) resolves to the first, summer-time occurrence; a time that does not exist
 * (the night summer time starts) moves forward by the length of the gap.
 */
export function amsterdamToUtcIso(date: string, time: string): string {
  if (!isValidWallClock(date, time)) throw new RangeError(`Invalid wall-clock time: ${date} ${time}`);
  const [y, mo, d] = date.split('-').map(Number);
  const [h, mi] = time.split(':').map(Number);
  const wall = Date.UTC(y, mo - 1, d, h, mi);
  // The offsets a day either side cover both sides of any transition that night.
  const candidates = [...new Set([amsterdamOffsetMs(wall - DAY_MS), amsterdamOffsetMs(wall + DAY_MS)])];
  const valid = candidates.map((offset) => wall - offset).filter((t) => amsterdamOffsetMs(t) === wall - t);
  const instant = valid.length > 0 ? Math.min(...valid) : wall - amsterdamOffsetMs(wall - DAY_MS);
  return new Date(instant).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The Amsterdam wall-clock date and time of a UTC ISO instant. */
export function utcIsoToAmsterdam(iso: string): WallClock {
  const p = wallParts(new Date(iso).getTime());
  const pad = (n: number) => String(n).padStart(2, '0');
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Today's date in Amsterdam, `YYYY-MM-DD`. */
export function todayInAmsterdam(now: Date = new Date()): string {
  return utcIsoToAmsterdam(now.toISOString()).date;
}
