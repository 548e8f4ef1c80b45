import { describe, expect, it } from 'vitest';
import { fuzzyFilter, fuzzyScore } from './fuzzy';

describe('fuzzyScore', () => {
  it('matches letters in order, not necessarily together', () => {
    expect(fuzzyScore('rcht', 'Rechten en vergoedingen')).not.toBeNull();
    expect(fuzzyScore('RCHT', 'rechten')).not.toBeNull();
    expect(fuzzyScore('thcr', 'Rechten')).toBeNull();
    expect(fuzzyScore('xyz', 'Rechten')).toBeNull();
  });

  it('ignores accents and spaces in the query', () => {
    expect(fuzzyScore('ceel', 'Coöperatie en één loket')).not.toBeNull();
    expect(fuzzyScore('omr b', 'Omroep B')).not.toBeNull();
  });

  it('matches everything on an empty query', () => {
    expect(fuzzyScore('', 'anything')).toBe(0);
  });
});

describe('fuzzyFilter', () => {
  const items = ['Talentontwikkeling', 'Rechten en exploitatie', 'Regionale omroepen', 'Distributie in bioscopen'];

  it('finds "Rechten…" for "rcht" and ranks runs and word starts first', () => {
    expect(fuzzyFilter('rcht', items, (s) => s)[0]).toBe('Rechten en exploitatie');
    expect(fuzzyFilter('reg', items, (s) => s)[0]).toBe('Regionale omroepen');
    expect(fuzzyFilter('bios', items, (s) => s)).toEqual(['Distributie in bioscopen']);
  });

  it('keeps list order among equals and honours the limit', () => {
    expect(fuzzyFilter('', items, (s) => s, 2)).toEqual(items.slice(0, 2));
  });
});
