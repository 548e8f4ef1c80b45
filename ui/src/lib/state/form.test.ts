import { beforeEach, describe, expect, it } from 'vitest';
import { locale } from '$lib/i18n';
import { FormErrors } from './form.svelte';
import { errorPayload } from '../../test/fixtures';

beforeEach(() => locale.set('nl'));

describe('FormErrors.submit', () => {
  it('does not save while the check leaves a field error, and shows it beside the field', async () => {
    const errors = new FormErrors(['name']);
    let saves = 0;
    const done = await errors.submit(
      () => {
        errors.require('name', '  ');
        return { name: '' };
      },
      async () => {
        saves += 1;
      },
    );
    expect(done).toBe(false);
    expect(saves).toBe(0);
    expect(errors.text('name')).toBe('Vul dit veld in.');
    expect(errors.busy).toBe(false);
  });

  it('does not save when the check returns null', async () => {
    const errors = new FormErrors(['name']);
    let saves = 0;
    const done = await errors.submit(
      () => null,
      async () => {
        saves += 1;
      },
    );
    expect(done).toBe(false);
    expect(saves).toBe(0);
  });

  it('clears the errors of the last attempt, saves the built input and is busy meanwhile', async () => {
    const errors = new FormErrors(['name']);
    errors.set('name', () => 'old');
    let busyDuringSave: boolean | null = null;
    const saved: unknown[] = [];
    const done = await errors.submit(
      () => ({ name: 'NPO' }),
      async (input) => {
        busyDuringSave = errors.busy;
        saved.push(input);
      },
    );
    expect(done).toBe(true);
    expect(saved).toEqual([{ name: 'NPO' }]);
    expect(busyDuringSave).toBe(true);
    expect(errors.busy).toBe(false);
    expect(errors.empty).toBe(true);
  });

  it('places a failed save beside the field the core names, or on top of the form', async () => {
    const errors = new FormErrors(['name']);
    expect(await errors.submit(() => ({}), () => Promise.reject(errorPayload('invalid_input', 'name')))).toBe(false);
    expect(errors.text('name')).not.toBeNull();
    expect(errors.details('name')).toBe('technical detail for invalid_input');
    expect(errors.form).toBeNull();
    expect(errors.busy).toBe(false);

    expect(await errors.submit(() => ({}), () => Promise.reject(errorPayload('internal')))).toBe(false);
    expect(errors.text('name')).toBeNull();
    expect(errors.form?.details).toBe('technical detail for internal');
  });
});
