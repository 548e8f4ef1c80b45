import { describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n/locale.svelte';
import { counts } from './divergence.fixtures';
import { distributionParts, distributionText, distributionTotal, formatMean, meanBand } from './distribution';

describe('distribution', () => {
  it('gives every part in scale order with "no position" last, zeros included', () => {
    locale.set('nl');
    const parts = distributionParts(counts(2, 0, 1, 3, 4, 5));
    expect(parts.map((p) => [p.key, p.stance, p.count, p.tone, p.symbol, p.label])).toEqual([
      ['-2', -2, 2, 'min2', '−−', 'sterk tegen'],
      ['-1', -1, 0, 'min1', '−', 'tegen'],
      ['0', 0, 1, 'zero', '0', 'neutraal'],
      ['1', 1, 3, 'plus1', '+', 'voor'],
      ['2', 2, 4, 'plus2', '++', 'sterk voor'],
      ['none', null, 5, 'none', '∅', 'geen standpunt'],
    ]);
    expect(distributionTotal(counts(2, 0, 1, 3, 4, 5))).toBe(15);
  });

  it('says the counts in words in the UI language', () => {
    locale.set('nl');
    expect(distributionText(counts(1, 0, 2, 0, 3, 1))).toBe('Verdeling: 1 sterk tegen, 0 tegen, 2 neutraal, 0 voor, 3 sterk voor, 1 geen standpunt');
    locale.set('en');
    expect(distributionText(counts(1, 0, 2, 0, 3, 1))).toBe('Distribution: 1 strongly against, 0 against, 2 neutral, 0 for, 3 strongly for, 1 no position');
    locale.set('nl');
  });

  it('places a mean in the fault line’s bands', () => {
    expect([2, 1.5, 1.49, 0.5, 0.49, 0, -0.49, -0.5, -1.49, -1.5, -2].map(meanBand)).toEqual([2, 2, 1, 1, 0, 0, 0, -1, -1, -2, -2]);
    locale.set('nl');
    expect(formatMean(0.38)).toBe('0,38 (neutraal)');
    expect(formatMean(-1.6)).toBe('\u22121,60 (sterk tegen)');
    expect(formatMean(null)).toBe('–');
  });
});
