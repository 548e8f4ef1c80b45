import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, IpcError, toIpcError } from './api';
import { errorPayload, snapshot } from '../../test/fixtures';

afterEach(() => clearMocks());

describe('api client', () => {
  it('passes snake_case arguments and returns the result', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd === 'app_snapshot' ? snapshot() : null;
    });
    expect((await api.appSnapshot()).version).toBe('0.1.0');
    await api.dialogueNew('/tmp/a.ketentafel');
    await api.bouwsteenMove('b-1', 2);
    expect(calls[1]).toEqual(['dialogue_new', { path: '/tmp/a.ketentafel', demo: false }]);
    expect(calls[2]).toEqual(['bouwsteen_move', { id: 'b-1', index: 2 }]);
  });

  it('maps a rejection to an IpcError with the code, message and field', async () => {
    mockIPC(() => {
      throw errorPayload('invalid_input', 'name');
    });
    const error = await api.partyCreate({
      name: '',
      short_name: '',
      chain_role: 'producer',
      production_types: [],
      colour: '#000000',
      notes: '',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'invalid_input', field: 'name', message: 'technical detail for invalid_input' });
  });

  it('treats anything that is not an error payload as internal', () => {
    expect(toIpcError('boom')).toMatchObject({ code: 'internal', message: 'boom' });
    expect(toIpcError(new Error('bad'))).toMatchObject({ code: 'internal', message: 'bad' });
    expect(toIpcError({ code: 'made_up', message: 'x' }).code).toBe('internal');
  });
});
