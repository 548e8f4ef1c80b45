import { afterEach, describe, expect, it } from 'vitest';
import { conditionText } from './meeting';
import { locale } from './locale.svelte';

describe('conditionText', () => {
  afterEach(() => locale.set('nl'));

  it('puts "mits" before a condition once, never twice', () => {
    locale.set('nl');
    expect(conditionText('de omroep meebetaalt')).toBe('mits de omroep meebetaalt');
    expect(conditionText('mits de omroep meebetaalt')).toBe('mits de omroep meebetaalt');
    expect(conditionText('  Mits de omroep meebetaalt ')).toBe('Mits de omroep meebetaalt');
    // A word that merely begins with the letters is not the word itself.
    expect(conditionText('mitsubishi-regeling blijft')).toBe('mits mitsubishi-regeling blijft');
    locale.set('en');
    expect(conditionText('the broadcaster pays')).toBe('provided the broadcaster pays');
    expect(conditionText('mits de omroep meebetaalt')).toBe('mits de omroep meebetaalt');
  });
});
