import { afterEach, describe, expect, it } from 'vitest';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import { api, IpcError } from './api';
import { errorPayload } from '../../test/fixtures';

afterEach(() => clearMocks());

describe('api client: positions and verdicts', () => {
  it('passes snake_case arguments to the position and verdict commands', async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      return cmd.endsWith('_list') || cmd.startsWith('positions_') || cmd === 'position_history' ? [] : null;
    });
    const key = { topic_id: 't', party_id: 'p', session_id: 's' };
    const input = { ...key, stance: -1, rationale: '', condition: 'mits', quote: '' };
    await api.positionSet(input);
    await api.positionClear(key);
    await api.positionsInSession('s', 't');
    await api.positionHistory('t', 'p');
    await api.verdictSet('t', 'consensus_with_reservations', 'noot');
    await api.verdictList();
    await api.verdictClear('t');
    expect(calls).toEqual([
      ['position_set', { input }],
      ['position_clear', { key }],
      ['positions_in_session', { session_id: 's', topic_id: 't' }],
      ['position_history', { topic_id: 't', party_id: 'p' }],
      ['verdict_set', { topic_id: 't', marking: 'consensus_with_reservations', note: 'noot' }],
      ['verdict_list', {}],
      ['verdict_clear', { topic_id: 't' }],
    ]);
  });

  it('maps a failed position_set to an IpcError', async () => {
    mockIPC(() => {
      throw errorPayload('not_found', 'topic_id');
    });
    const error = await api.positionSet({ topic_id: 't', party_id: 'p', session_id: 's', stance: 0, rationale: '', condition: '', quote: '' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IpcError);
    expect(error).toMatchObject({ code: 'not_found', field: 'topic_id' });
  });
});
