import { describe, expect, it } from 'vitest';
import { decodeCell, formatMeasure, formatShare, groupLabel, stanceTone, suggestionLabel } from './format';
import { locale } from '$lib/i18n/locale.svelte';

describe('analysis formatting', () => {
  it('decodes every heat-map cell code', () => {
    expect(decodeCell(4)).toEqual({ stance: undefined, conditional: false });
    expect(decodeCell(3)).toEqual({ stance: null, conditional: false });
    for (const s of [-2, -1, 0, 1, 2]) {
      expect(decodeCell(s)).toEqual({ stance: s, conditional: false });
      expect(decodeCell(s + 10)).toEqual({ stance: s, conditional: true });
    }
  });

  it('names the palette tone of each stance', () => {
    expect([2, 1, 0, -1, -2, null, undefined].map(stanceTone)).toEqual(['plus2', 'plus1', 'zero', 'min1', 'min2', 'none', 'unset']);
  });

  it('writes measures and shares the Dutch way, and a dash for none', () => {
    locale.set('nl');
    expect(formatMeasure(0.6113)).toBe('0,61');
    expect(formatMeasure(-1)).toBe('\u22121,00');
    expect(formatMeasure(null)).toBe('–');
    expect(formatShare(0.75)).toMatch(/^75\s?%$/);
    expect(suggestionLabel('consensus_with_reservations')).toBe('Consensus met voorbehoud');
    expect(groupLabel({ dimension: 'chain_role', code: 'public_broadcaster' })).toBe('Publieke omroep');
    expect(groupLabel({ dimension: 'segment', code: 'groep 1' })).toBe('groep 1');
    locale.set('en');
    expect(formatMeasure(0.6113)).toBe('0.61');
    expect(suggestionLabel('insufficient')).toBe('Too few positions');
    locale.set('nl');
  });
});
