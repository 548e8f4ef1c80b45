//! The UI language as reactive state; paraglide's `getLocale` reads it, so every message
//! re-renders when it changes, without a reload.
import type { Lang } from '$lib/ipc/bindings';
import { baseLocale, overwriteGetLocale } from '$lib/paraglide/runtime.js';

export class LocaleState {
  current = $state<Lang>(baseLocale);

  /** The BCP 47 tag for `Intl` formatting in the current language. */
  get intlTag(): string {
    return this.current === 'nl' ? 'nl-NL' : 'en-GB';
  }

  set(lang: Lang): void {
    this.current = lang;
    if (typeof document !== 'undefined') document.documentElement.lang = lang;
  }
}

export const locale = new LocaleState();
overwriteGetLocale(() => locale.current);
