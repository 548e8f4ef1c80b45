//! Projector mode: larger type and spacing and higher contrast for the whole app, so a room
//! can read along. Sets `data-projector="on"` on <html> (see app.css); remembered per machine.
const STORAGE_KEY = 'ketentafel.projector';

function stored(): boolean {
  try {
    return typeof localStorage !== 'undefined' && localStorage.getItem(STORAGE_KEY) === 'on';
  } catch {
    return false;
  }
}

export class ProjectorState {
  on = $state(false);

  constructor(initial = stored()) {
    this.set(initial);
  }

  set(on: boolean): void {
    this.on = on;
    if (typeof document !== 'undefined') {
      if (on) document.documentElement.dataset.projector = 'on';
      else delete document.documentElement.dataset.projector;
    }
    try {
      localStorage?.setItem(STORAGE_KEY, on ? 'on' : 'off');
    } catch {
      // Remembering is a convenience; the mode itself still works.
    }
  }

  toggle(): void {
    this.set(!this.on);
  }
}

export const projector = new ProjectorState();
