import { describe, expect, it } from 'vitest';
import nlFile from '../../../messages/nl.json';
import enFile from '../../../messages/en.json';

/** The messages of one file, without the `$schema` entry. */
function messages(file: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(file).filter(([key]) => key !== '$schema'));
}

/** The `{placeholders}` a message uses, sorted. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe('messages', () => {
  const nl = messages(nlFile);
  const en = messages(enFile);

  it('has every Dutch key in English and every English key in Dutch', () => {
    expect(Object.keys(en).filter((key) => !(key in nl))).toEqual([]);
    expect(Object.keys(nl).filter((key) => !(key in en))).toEqual([]);
  });

  it('has no empty message and the same placeholders in both languages', () => {
    for (const key of Object.keys(nl)) {
      expect(nl[key].trim(), `nl ${key}`).not.toBe('');
      expect(en[key].trim(), `en ${key}`).not.toBe('');
      expect(placeholders(en[key]), key).toEqual(placeholders(nl[key]));
    }
  });

  it('addresses the user as "u", never "je" or "jij"', () => {
    for (const [key, text] of Object.entries(nl)) {
      expect(/\b(je|jij|jouw|jullie)\b/i.test(text), `nl ${key}: ${text}`).toBe(false);
    }
  });
});
