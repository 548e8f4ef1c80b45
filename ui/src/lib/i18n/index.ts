//! Entry point for translations: import `m` from here so the locale hook is installed first.
export { locale } from './locale.svelte';
export { m } from '$lib/paraglide/messages.js';
export * from './labels';
export * from './errors';
export * from './format';
