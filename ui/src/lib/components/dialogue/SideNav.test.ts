// The side navigation: a button per section, with the count of what it holds.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/svelte';
import { locale } from '$lib/i18n';
import SideNav from './SideNav.svelte';

afterEach(() => locale.set('nl'));

describe('SideNav', () => {
  it('groups the digits of large counts as the language writes them', async () => {
    const onselect = vi.fn();
    locale.set('nl');
    const { unmount } = render(SideNav, { current: 'overview', counts: { topics: 1000, parties: 200, actions: 0 }, onselect });
    expect(screen.getByTestId('nav-topics')).toHaveTextContent('Onderwerpen 1.000');
    expect(screen.getByTestId('nav-parties')).toHaveTextContent('Partijen 200');
    expect(screen.getByTestId('nav-actions')).toHaveTextContent('0');
    expect(screen.getByTestId('nav-overview')).toHaveAttribute('aria-current', 'page');
    await fireEvent.click(screen.getByTestId('nav-topics'));
    expect(onselect).toHaveBeenCalledWith('topics');
    unmount();
    locale.set('en');
    render(SideNav, { current: 'topics', counts: { topics: 12345 }, onselect });
    expect(screen.getByTestId('nav-topics')).toHaveTextContent('12,345');
  });
});
