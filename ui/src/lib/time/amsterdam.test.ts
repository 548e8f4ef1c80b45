import { describe, expect, it } from 'vitest';
import { amsterdamOffsetMs, amsterdamToUtcIso, isValidWallClock, utcIsoToAmsterdam } from './amsterdam';

const HOUR = 3_600_000;

describe('Amsterdam wall-clock time ↔ UTC', () => {
  it('uses UTC+1 in winter', () => {
    expect(amsterdamToUtcIso('2022-01-18', '10:00')).toBe('2022-01-18T09:00:00Z');
    expect(utcIsoToAmsterdam('2022-01-18T09:00:00Z')).toEqual({ date: '2022-01-18', time: '10:00' });
  });

  it('uses UTC+2 in summer', () => {
    expect(amsterdamToUtcIso('2022-04-12', '10:00')).toBe('2022-04-12T08:00:00Z');
    expect(utcIsoToAmsterdam('2022-09-23T14:30:00Z')).toEqual({ date: '2022-09-23', time: '16:30' });
  });

  it('crosses midnight into the previous UTC day', () => {
    expect(amsterdamToUtcIso('2024-07-01', '00:30')).toBe('2024-06-30T22:30:00Z');
    expect(utcIsoToAmsterdam('2024-06-30T22:30:00Z')).toEqual({ date: '2024-07-01', time: '00:30' });
  });

  it('switches at 01:00 UTC on the last Sunday of March', () => {
    // 31 March 2024: 02:00 CET becomes 03:00 CEST.
    expect(amsterdamOffsetMs(Date.parse('2024-03-31T00:59:00Z'))).toBe(HOUR);
    expect(amsterdamOffsetMs(Date.parse('2024-03-31T01:00:00Z'))).toBe(2 * HOUR);
    expect(amsterdamToUtcIso('2024-03-31', '01:59')).toBe('2024-03-31T00:59:00Z');
    expect(amsterdamToUtcIso('2024-03-31', '03:00')).toBe('2024-03-31T01:00:00Z');
    // 02:30 does not exist that night; it moves forward by the gap, to 03:30 CEST.
    expect(amsterdamToUtcIso('2024-03-31', '02:30')).toBe('2024-03-31T01:30:00Z');
  });

  it('switches back at 01:00 UTC on the last Sunday of October', () => {
    // 27 October 2024: 03:00 CEST becomes 02:00 CET, so 02:30 happens twice.
    expect(amsterdamToUtcIso('2024-10-27', '01:30')).toBe('2024-10-26T23:30:00Z');
    expect(amsterdamToUtcIso('2024-10-27', '02:30')).toBe('2024-10-27T00:30:00Z'); // the first, summer-time one
    expect(amsterdamToUtcIso('2024-10-27', '03:30')).toBe('2024-10-27T02:30:00Z');
    expect(utcIsoToAmsterdam('2024-10-27T00:30:00Z').time).toBe('02:30');
    expect(utcIsoToAmsterdam('2024-10-27T01:30:00Z').time).toBe('02:30');
  });

  it('round-trips every quarter hour of both transition days', () => {
    for (const date of ['2025-03-30', '2025-10-26']) {
      for (let minutes = 0; minutes < 24 * 60; minutes += 15) {
        const time = `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
        const back = utcIsoToAmsterdam(amsterdamToUtcIso(date, time));
        if (date === '2025-03-30' && time >= '02:00' && time < '03:00') continue; // the gap
        expect(back).toEqual({ date, time });
      }
    }
  });

  it('rejects malformed or impossible input', () => {
    expect(isValidWallClock('2024-02-30', '10:00')).toBe(false);
    expect(isValidWallClock('2024-02-29', '24:00')).toBe(false);
    expect(isValidWallClock('2024-2-1', '10:00')).toBe(false);
    expect(isValidWallClock('2024-02-29', '23:59')).toBe(true);
    expect(() => amsterdamToUtcIso('2024-13-01', '10:00')).toThrow(RangeError);
  });
});
