import { afterEach, describe, expect, it } from 'vitest';
import { formatCount } from './format';
import { locale } from './locale.svelte';

describe('formatCount', () => {
  afterEach(() => locale.set('nl'));

  it('groups digits as the UI language does', () => {
    locale.set('nl');
    expect(formatCount(1_000_000)).toBe('1.000.000');
    expect(formatCount(462)).toBe('462');
    locale.set('en');
    expect(formatCount(1_000_000)).toBe('1,000,000');
  });
});
