import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { locale } from '$lib/i18n';
import { bouwstenen } from './bouwstenen.svelte';
import { topics } from './topics.svelte';
import { parties } from './parties.svelte';
import { sessions } from './sessions.svelte';
import { meeting } from './meeting.svelte';
import { meetingBackend, session, topic, bouwsteen, type MeetingBackend } from '../../test/meeting-backend';

async function ready(backend: MeetingBackend, sessionId = 's-1'): Promise<MeetingBackend> {
  await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load()]);
  meeting.reset();
  meeting.selectSession(sessionId);
  expect(await meeting.begin()).toBe(true);
  backend.calls.length = 0;
  return backend;
}

const sets = (backend: MeetingBackend) => backend.calls.filter((c) => c.cmd === 'position_set').map((c) => c.args.input);

beforeEach(() => locale.set('nl'));
afterEach(() => {
  meeting.reset();
  clearMocks();
});

describe('MeetingState set-up', () => {
  it('orders topics by bouwsteen, then by list order, and ticks every party when the session names none', async () => {
    await ready(meetingBackend());
    expect(meeting.topicList.map((t) => t.topic.code)).toEqual(['1.1', '1.2', '2.1']);
    expect(meeting.present.map((p) => p.name)).toEqual(['Bioscoopbond', 'Omroep B', 'Producentenalliantie']);
    expect(meeting.current?.bouwsteen?.name).toBe('Talent en vakmanschap');
  });

  it('ticks the session attendees, and stores a change with session_update', async () => {
    const backend = meetingBackend({ sessions: [session({ attendee_ids: ['p-a', 'p-c'] })] });
    await ready(backend);
    expect(meeting.present.map((p) => p.id)).toEqual(['p-c', 'p-a']);
    await meeting.setAttendees(['p-a']);
    expect(backend.calls).toContainEqual({ cmd: 'session_update', args: { id: 's-1', input: expect.objectContaining({ attendee_ids: ['p-a'], title: 'Werkgroep 12 maart' }) } });
    expect(meeting.present.map((p) => p.id)).toEqual(['p-a']);
  });

  it('starts a working-group session now, lasting two hours', async () => {
    const backend = meetingBackend({ sessions: [] });
    await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load()]);
    meeting.reset();
    const created = await meeting.startNow(new Date('2025-03-12T13:05:42Z'));
    const input = backend.calls.find((c) => c.cmd === 'session_create')?.args.input as Record<string, unknown>;
    expect(input).toMatchObject({ kind: 'working_group', starts_at: '2025-03-12T13:05:00Z', ends_at: '2025-03-12T15:05:00Z' });
    expect(input.title).toMatch(/^Vergadering .*14:05/);
    expect(meeting.sessionId).toBe(created?.id);
    expect(meeting.attendees).toHaveLength(3);
  });
});

describe('MeetingState capture', () => {
  it('saves a stance key with position_set and the full input, then marks the row saved', async () => {
    const backend = await ready(meetingBackend());
    const saving = meeting.stanceKey('4');
    expect(meeting.saveState('t-1', 'p-c')).toBe('saving');
    expect(await saving).toBe(true);
    expect(sets(backend)).toEqual([
      { topic_id: 't-1', party_id: 'p-c', session_id: 's-1', stance: 1, rationale: '', condition: '', quote: '' },
    ]);
    expect(meeting.saveState('t-1', 'p-c')).toBe('saved');
    expect(meeting.position('t-1', 'p-c')?.stance).toBe(1);
    expect(meeting.partyIndex).toBe(0);
  });

  it('maps 1–5 and 0, and ignores keys that set no stance', async () => {
    const backend = await ready(meetingBackend());
    for (const key of ['1', '2', '3', '5', '0']) await meeting.stanceKey(key);
    expect(meeting.stanceKey('x')).toBeNull();
    expect(sets(backend).map((i) => (i as { stance: number | null }).stance)).toEqual([-2, -1, 0, 2, null]);
    expect(meeting.position('t-1', 'p-c')?.stance).toBeNull();
  });

  it('keeps the texts when the stance changes, and the stance when a text changes', async () => {
    const backend = await ready(meetingBackend());
    await meeting.setText('condition', '  er komt een regeling  ');
    expect(meeting.position('t-1', 'p-c')).toMatchObject({ stance: null, condition: 'er komt een regeling' });
    await meeting.stanceKey('2');
    await meeting.setText('rationale', 'te duur');
    expect(sets(backend).at(-1)).toEqual({
      topic_id: 't-1',
      party_id: 'p-c',
      session_id: 's-1',
      stance: -1,
      rationale: 'te duur',
      condition: 'er komt een regeling',
      quote: '',
    });
  });

  it('saves keys pressed in quick succession in order, each on top of the last', async () => {
    const backend = await ready(meetingBackend());
    const first = meeting.stanceKey('+');
    const second = meeting.stanceKey('+');
    const text = meeting.setText('quote', 'Ja, graag.');
    await Promise.all([first, second, text]);
    expect(sets(backend).map((i) => i as { stance: number; quote: string })).toMatchObject([
      { stance: 1, quote: '' },
      { stance: 2, quote: '' },
      { stance: 2, quote: 'Ja, graag.' },
    ]);
  });

  it('undoes a first entry with position_clear, and redoes it with position_set', async () => {
    const backend = await ready(meetingBackend());
    await meeting.stanceKey('5');
    backend.calls.length = 0;
    expect(await meeting.undo()).toBe(true);
    expect(backend.calls).toEqual([{ cmd: 'position_clear', args: { key: { topic_id: 't-1', party_id: 'p-c', session_id: 's-1' } } }]);
    expect(meeting.saveState('t-1', 'p-c')).toBe('empty');
    expect(meeting.redoSize).toBe(1);
    expect(await meeting.redo()).toBe(true);
    expect(sets(backend).at(-1)).toMatchObject({ stance: 2 });
    expect(meeting.saveState('t-1', 'p-c')).toBe('saved');
  });

  it('undoes a correction by restoring the earlier values, and folds ++ into one step', async () => {
    const backend = await ready(meetingBackend());
    await meeting.setText('rationale', 'eerst');
    await meeting.stanceKey('+');
    await meeting.stanceKey('+');
    expect(meeting.undoSize).toBe(2);
    await meeting.undo();
    expect(sets(backend).at(-1)).toMatchObject({ stance: null, rationale: 'eerst' });
    expect(meeting.position('t-1', 'p-c')?.stance).toBeNull();
  });

  it('undoes across topics and shows the topic and party that changed', async () => {
    await ready(meetingBackend());
    await meeting.stanceKey('1');
    meeting.moveParty(2);
    meeting.moveTopic(1);
    meeting.moveParty(1);
    await meeting.stanceKey('5');
    meeting.moveTopic(1);
    expect(meeting.current?.topic.id).toBe('t-3');
    await meeting.undo();
    expect([meeting.current?.topic.id, meeting.party?.id]).toEqual(['t-2', 'p-a']);
    expect(meeting.saveState('t-2', 'p-a')).toBe('empty');
    await meeting.undo();
    expect([meeting.current?.topic.id, meeting.party?.id]).toEqual(['t-1', 'p-c']);
    expect(meeting.saveState('t-1', 'p-c')).toBe('empty');
    expect(await meeting.undo()).toBe(false);
  });

  it('undoes 60 changes made across topics, one by one', async () => {
    const backend = await ready(meetingBackend());
    for (let i = 0; i < 60; i++) {
      meeting.moveTopic(i % 3 === 0 && i > 0 ? 1 : 0);
      if (meeting.topicIndex === 2 && i % 3 === 0) meeting.moveTopic(-2);
      await meeting.stanceKey(String((i % 5) + 1));
    }
    expect(meeting.undoSize).toBe(60);
    for (let i = 0; i < 60; i++) expect(await meeting.undo()).toBe(true);
    expect(meeting.undoSize).toBe(0);
    expect(backend.positions.size).toBe(0);
  });

  it('clears what could be redone when a new change is made', async () => {
    await ready(meetingBackend());
    await meeting.stanceKey('1');
    await meeting.stanceKey('2');
    await meeting.undo();
    expect(meeting.redoSize).toBe(1);
    await meeting.stanceKey('4');
    expect(meeting.redoSize).toBe(0);
    expect(await meeting.redo()).toBe(false);
  });

  it('shows a failed save as an error with the code, and keeps the last saved values', async () => {
    const backend = await ready(meetingBackend());
    await meeting.stanceKey('4');
    backend.failNext('io');
    expect(await meeting.stanceKey('1')).toBe(false);
    expect(meeting.saveState('t-1', 'p-c')).toBe('error');
    expect(meeting.rowError('t-1', 'p-c')?.code).toBe('io');
    expect(meeting.position('t-1', 'p-c')?.stance).toBe(1);
    expect(meeting.undoSize).toBe(1);
    await meeting.stanceKey('2');
    expect(meeting.saveState('t-1', 'p-c')).toBe('saved');
  });

  it('does not write when nothing changes', async () => {
    const backend = await ready(meetingBackend());
    await meeting.setText('quote', '   ');
    await meeting.stanceKey('4');
    await meeting.setStance(1);
    expect(sets(backend)).toHaveLength(1);
    expect(meeting.undoSize).toBe(1);
  });

  it('fetches a topic at a time, ahead of the facilitator, and never saves over an entry not yet fetched', async () => {
    const backend = meetingBackend();
    backend.positions.set('t-3|p-a|s-1', {
      id: 'pos-x',
      topic_id: 't-3',
      party_id: 'p-a',
      session_id: 's-1',
      stance: -2,
      rationale: 'Bestaande toelichting',
      condition: '',
      quote: 'Zo zeiden ze het',
      recorded_at: '2025-03-12T09:30:00Z',
      recorded_by: '',
    });
    await Promise.all([bouwstenen.load(), topics.load(), parties.load(), sessions.load()]);
    meeting.reset();
    meeting.selectSession('s-1');
    expect(await meeting.begin()).toBe(true);
    await meeting.settled();
    const loads = () => backend.calls.filter((c) => c.cmd === 'positions_in_session').map((c) => c.args);
    // The first topic and the one after it; never the whole session.
    expect(loads()).toEqual([
      { session_id: 's-1', topic_id: 't-1' },
      { session_id: 's-1', topic_id: 't-2' },
    ]);
    expect(meeting.loadedTopics.has('t-3')).toBe(false);
    // Straight onto the third topic before its entries are here: the key waits for them and
    // keeps the texts already recorded.
    meeting.topicIndex = 2;
    meeting.partyIndex = meeting.present.findIndex((p) => p.id === 'p-a');
    expect(await meeting.stanceKey('5')).toBe(true);
    expect(sets(backend).at(-1)).toMatchObject({ topic_id: 't-3', party_id: 'p-a', stance: 2, rationale: 'Bestaande toelichting', quote: 'Zo zeiden ze het' });
    expect(meeting.loadedTopics.has('t-3')).toBe(true);
    // Moving on fetches what is not here yet, once.
    meeting.moveTopic(-1);
    await meeting.settled();
    expect(loads().filter((a) => a.topic_id === 't-3')).toHaveLength(1);
    expect(loads()).toHaveLength(3);
  });

  it('loads the positions already in the session on begin', async () => {
    const backend = meetingBackend({ topics: [topic('t-1', 'b1', '1.1', 'Opleidingen')], bouwstenen: [bouwsteen('b1', 1, 'Talent')] });
    await ready(backend);
    await meeting.stanceKey('5');
    meeting.end();
    meeting.reset();
    meeting.selectSession('s-1');
    await meeting.begin();
    expect(meeting.saveState('t-1', 'p-c')).toBe('saved');
    expect(backend.calls.some((c) => c.cmd === 'positions_in_session' && c.args.session_id === 's-1' && c.args.topic_id === 't-1')).toBe(true);
  });
});
