import { describe, expect, it } from 'vitest';
import { parseStanceToken, StanceKeys, stanceSymbol } from './stance';

describe('StanceKeys', () => {
  it('maps 1–5 to −2 … +2 and 0 to no position', () => {
    const keys = new StanceKeys();
    expect(['1', '2', '3', '4', '5', '0'].map((k) => keys.press(k, 'a')?.stance)).toEqual([-2, -1, 0, 1, 2, null]);
  });

  it('makes + for and ++ strongly for, - against and -- strongly against', () => {
    const keys = new StanceKeys();
    expect(keys.press('+', 'a')).toEqual({ stance: 1, doubled: false });
    expect(keys.press('+', 'a')).toEqual({ stance: 2, doubled: true });
    expect(keys.press('-', 'a')).toEqual({ stance: -1, doubled: false });
    expect(keys.press('-', 'a')).toEqual({ stance: -2, doubled: true });
    expect(keys.press('−', 'a')).toEqual({ stance: -1, doubled: false });
  });

  it('starts over after a third press, another row, another key or a reset', () => {
    const keys = new StanceKeys();
    keys.press('+', 'a');
    keys.press('+', 'a');
    expect(keys.press('+', 'a')?.stance).toBe(1);
    expect(keys.press('+', 'b')?.stance).toBe(1);
    keys.press('-', 'c');
    expect(keys.press('x', 'c')).toBeNull();
    expect(keys.press('-', 'c')?.stance).toBe(-1);
    keys.reset();
    expect(keys.press('-', 'c')?.stance).toBe(-1);
    keys.press('+', 'd');
    keys.press('-', 'd');
    expect(keys.press('+', 'd')?.stance).toBe(1);
  });

  it('ignores keys that set no stance', () => {
    const keys = new StanceKeys();
    for (const key of ['6', '9', 'a', 'Enter', ' ']) expect(keys.press(key, 'a')).toBeNull();
  });
});

describe('parseStanceToken', () => {
  it('reads the typed forms', () => {
    expect(['--', '-', '0', '+', '++', '−−', ' + '].map(parseStanceToken)).toEqual([-2, -1, 0, 1, 2, -2, 1]);
    expect(parseStanceToken('+++')).toBeUndefined();
    expect(parseStanceToken('ja')).toBeUndefined();
  });
});

describe('stanceSymbol', () => {
  it('gives each point its own symbol, and no position its own', () => {
    const symbols = [2, 1, 0, -1, -2, null].map(stanceSymbol);
    expect(new Set(symbols).size).toBe(6);
    expect(symbols[0]).toBe('++');
  });
});
