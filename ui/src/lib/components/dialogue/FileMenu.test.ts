// The header's "Bestand" menu: a menu button whose items exist only while it is open.
import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import FileMenu from './FileMenu.svelte';

function setup() {
  const save = vi.fn();
  const close = vi.fn();
  render(FileMenu, {
    items: [
      { testid: 'menu-save-copy', label: 'Kopie opslaan…', shortcut: 'Control+Shift+S', onselect: save },
      { testid: 'menu-close', label: 'Sluiten', onselect: close },
    ],
  });
  return { save, close, button: screen.getByTestId('menu-file') };
}

describe('FileMenu', () => {
  it('opens on click with the focus on the first item, and runs the chosen action', async () => {
    const { save, button } = setup();
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(screen.queryByRole('menu')).toBeNull();
    await fireEvent.click(button);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    const menu = screen.getByRole('menu');
    expect(menu).toHaveAccessibleName('Bestand');
    const items = screen.getAllByRole('menuitem');
    expect(items.map((i) => i.textContent?.trim())).toEqual(['Kopie opslaan…', 'Sluiten']);
    expect(items[0]).toHaveAttribute('aria-keyshortcuts', 'Control+Shift+S');
    await waitFor(() => expect(items[0]).toHaveFocus());
    await fireEvent.click(screen.getByTestId('menu-save-copy'));
    expect(save).toHaveBeenCalledOnce();
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('moves with the arrows, wraps around, and closes on Escape with the focus back on the button', async () => {
    const { button } = setup();
    button.focus();
    await fireEvent.keyDown(button, { key: 'ArrowDown' });
    const items = screen.getAllByRole('menuitem');
    await waitFor(() => expect(items[0]).toHaveFocus());
    await fireEvent.keyDown(items[0], { key: 'ArrowDown' });
    expect(items[1]).toHaveFocus();
    await fireEvent.keyDown(items[1], { key: 'ArrowDown' });
    expect(items[0]).toHaveFocus();
    await fireEvent.keyDown(items[0], { key: 'ArrowUp' });
    expect(items[1]).toHaveFocus();
    await fireEvent.keyDown(items[1], { key: 'Escape' });
    expect(screen.queryByRole('menu')).toBeNull();
    expect(button).toHaveFocus();
  });

  it('closes on a click outside', async () => {
    const { button } = setup();
    await fireEvent.click(button);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await fireEvent.pointerDown(document.body);
    expect(screen.queryByRole('menu')).toBeNull();
  });
});
