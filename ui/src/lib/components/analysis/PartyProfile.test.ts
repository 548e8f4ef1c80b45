// The party profile: role and segment, counts per stance, closest and furthest parties,
// where it stands alone, and all its positions beside the others' mean.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { clearMocks, mockIPC } from '@tauri-apps/api/mocks';
import type { Ally, ErrorPayload, PartyProfile } from '$lib/ipc/bindings';
import { locale } from '$lib/i18n';
import { ui } from '$lib/state/ui.svelte';
import { counts, partyRef, profileTopic } from '$lib/analysis/divergence.fixtures';
import PartyProfileView from './PartyProfile.svelte';

/** n other parties, most agreeing first, as the core sends them. */
function allies(n: number): Ally[] {
  return Array.from({ length: n }, (_, i) => ({
    party: partyRef(`p-${i + 1}`, `Partij ${i + 1}`, i % 2 ? 'streamer' : 'maker'),
    agreement: 1 - i / n,
    shared: 20 - i,
  }));
}

function profile(overrides: Partial<PartyProfile> = {}): PartyProfile {
  return {
    party: { ...partyRef('p-0', 'Omroepvereniging Horizon', 'public_broadcaster', 'groep 2'), short_name: 'OH' },
    counts: counts(3, 1, 2, 4, 5, 2),
    topics: [
      profileTopic({ topic_id: 't-1', code: '1.1', title: 'Opleidingen', cell: 2, others_mean: 0.2 }),
      profileTopic({ topic_id: 't-2', code: '2.2', title: 'Rechten bij de producent', bouwsteen: 'Ontwikkeling en productie', cell: 3, others_mean: -1.6 }),
      profileTopic({ topic_id: 't-3', code: '3.1', title: 'Zichtbaarheid', bouwsteen: 'Zichtbaarheid', cell: -2, others_mean: null }),
    ],
    alone: [profileTopic({ topic_id: 't-1', code: '1.1', title: 'Opleidingen', cell: 2, others_mean: -1.25 })],
    allies: allies(12),
    ...overrides,
  };
}

function backend(result: PartyProfile | ErrorPayload = profile()) {
  const calls: { cmd: string; args: unknown }[] = [];
  mockIPC((cmd, args) => {
    calls.push({ cmd, args });
    if (cmd === 'analysis_party') {
      if ('code' in result) throw result;
      return result;
    }
    throw { code: 'internal', message: `unexpected ${cmd}`, field: null } satisfies ErrorPayload;
  });
  return calls;
}

const names = (side: string) =>
  screen
    .getAllByTestId('party-ally')
    .filter((r) => r.dataset.side === side)
    .map((r) => within(r).getByRole('button').textContent);

beforeEach(() => {
  locale.set('nl');
  ui.detail = null;
});
afterEach(() => clearMocks());

describe('PartyProfile', () => {
  it('names the party with its chain role and segment, and counts its stances', async () => {
    const calls = backend();
    render(PartyProfileView, { partyId: 'p-0' });
    expect(await screen.findByRole('heading', { level: 1 })).toHaveTextContent('Omroepvereniging Horizon (OH)');
    expect(calls).toContainEqual({ cmd: 'analysis_party', args: { party_id: 'p-0' } });
    expect(screen.getByTestId('profile-chain-role')).toHaveTextContent('Publieke omroep');
    expect(screen.getByTestId('profile-segment')).toHaveTextContent('groep 2');
    const table = screen.getByTestId('profile-counts');
    expect(within(table).getAllByRole('columnheader').map((h) => h.textContent?.replace(/\s+/g, ' ').trim())).toEqual([
      '−− sterk tegen',
      '− tegen',
      '0 neutraal',
      '+ voor',
      '++ sterk voor',
      '∅ geen standpunt',
    ]);
    expect(within(table).getAllByRole('cell').map((c) => c.textContent)).toEqual(['3', '1', '2', '4', '5', '2']);
  });

  it('shows the five closest and the five furthest parties, never one twice', async () => {
    backend();
    render(PartyProfileView, { partyId: 'p-0' });
    await screen.findByTestId('party-profile');
    expect(names('closest')).toEqual(['Partij 1', 'Partij 2', 'Partij 3', 'Partij 4', 'Partij 5']);
    expect(names('furthest')).toEqual(['Partij 12', 'Partij 11', 'Partij 10', 'Partij 9', 'Partij 8']);
    const first = screen.getAllByTestId('party-ally')[0];
    expect(first).toHaveTextContent(/100\s?%/);
    expect(first).toHaveTextContent('20');
    expect(first).toHaveTextContent('Maker');

    await fireEvent.click(within(first).getByRole('button', { name: 'Partij 1' }));
    expect(ui.detail).toEqual({ kind: 'party', id: 'p-1' });
  });

  it('leaves the furthest list out when every other party is already among the closest', async () => {
    backend(profile({ allies: allies(7) }));
    render(PartyProfileView, { partyId: 'p-0' });
    await screen.findByTestId('party-profile');
    expect(names('closest')).toHaveLength(5);
    expect(names('furthest')).toEqual(['Partij 7', 'Partij 6']);
  });

  it('lists where the party stands alone, each topic opening its page', async () => {
    backend();
    render(PartyProfileView, { partyId: 'p-0' });
    const alone = await screen.findAllByTestId('party-alone');
    expect(alone).toHaveLength(1);
    expect(alone[0]).toHaveTextContent('1.1 Opleidingen');
    expect(within(alone[0]).getByTestId('stance')).toHaveTextContent('++ sterk voor');
    expect(alone[0]).toHaveTextContent('Anderen gemiddeld: \u22121,25 (tegen)');
    await fireEvent.click(within(alone[0]).getByRole('button'));
    expect(ui.detail).toEqual({ kind: 'topic', id: 't-1' });
  });

  it('lists every recorded position beside the others’ mean, "no position" as such', async () => {
    backend();
    render(PartyProfileView, { partyId: 'p-0' });
    const rows = within(await screen.findByTestId('profile-positions')).getAllByTestId('profile-position');
    expect(rows.map((r) => r.dataset.code)).toEqual(['1.1', '2.2', '3.1']);
    expect(within(rows[0]).getByTestId('stance')).toHaveTextContent('++ sterk voor');
    expect(rows[0]).toHaveTextContent('0,20 (neutraal)');
    expect(within(rows[1]).getByTestId('stance')).toHaveTextContent('∅ geen standpunt');
    expect(rows[1]).toHaveTextContent('\u22121,60 (sterk tegen)');
    expect(within(rows[2]).getByTestId('stance')).toHaveTextContent('−− sterk tegen');
    expect(within(rows[2]).getAllByRole('cell')[2]).toHaveTextContent('–');
  });

  it('says so when the party stands alone nowhere and shares no topic', async () => {
    backend(profile({ alone: [], allies: [], topics: [] }));
    render(PartyProfileView, { partyId: 'p-0' });
    await screen.findByTestId('party-profile');
    expect(screen.getByText('Op geen enkel onderwerp staat deze partij alleen.')).toBeInTheDocument();
    expect(screen.getByText('Deze partij deelt nog geen onderwerp met een andere partij.')).toBeInTheDocument();
    expect(screen.getByText('Van deze partij is nog niets vastgelegd.')).toBeInTheDocument();
    expect(screen.queryAllByTestId('party-ally')).toHaveLength(0);
  });

  it('shows a failed load as an alert', async () => {
    backend({ code: 'not_found', message: 'party p-9 not found', field: null });
    render(PartyProfileView, { partyId: 'p-9' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Dit item bestaat niet meer.');
    expect(alert).toHaveTextContent('Details: party p-9 not found');
  });
});
