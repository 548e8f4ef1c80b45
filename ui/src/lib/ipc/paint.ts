//! Tells the Rust side, once, that the first screen is painted: the first-paint probe that
//! `scripts/paint-bench.mjs` times (`src-tauri/src/probe.rs`; a no-op unless the app was started
//! with `KETENTAFEL_PAINT_PROBE`). The screen is in the DOM after Svelte's `tick`; a first
//! animation frame runs before the browser paints it, a second one after that paint. The report
//! carries when the page began loading, when its code ran and the commands called until then.
import { invoke } from '@tauri-apps/api/core';
import { tick } from 'svelte';

/** Milliseconds since the Unix epoch, as precise as the page's clock allows. */
export const clock = (): number => performance.timeOrigin + performance.now();

const marks: [string, number][] = [
  ['navigation', performance.timeOrigin],
  ['script', clock()],
];
/** Commands called before the first paint: name, sent, answered (0 while unanswered). Null once reported. */
let calls: [string, number, number][] | null = [];

/** Notes a command sent (`api.ts` calls this for every command); the returned function notes its answer. */
export function noteCall(command: string): () => void {
  if (calls === null) return () => {};
  const call: [string, number, number] = [command, clock(), 0];
  calls.push(call);
  return () => {
    call[2] = clock();
  };
}

const frame = () => new Promise<void>((resolve) => requestAnimationFrame(() => resolve()));

/** Resolves once what the last state change put in the DOM has been painted; `mark` notes each step. */
export async function painted(mark: (step: string) => void = () => {}): Promise<void> {
  await tick();
  mark('dom');
  // Without a renderer (Vitest's DOM) there is no frame to wait for.
  if (typeof requestAnimationFrame !== 'function') return;
  await frame();
  mark('frame');
  await frame();
  mark('painted');
}

/** Reports the first screen, once; call it before anything else waits for `painted`. */
export function reportFirstPaint(screen: string): void {
  if (calls === null) return;
  const noted = calls;
  calls = null;
  void painted((step) => marks.push([step, clock()])).then(() =>
    // A probe that fails must never disturb the app.
    invoke('paint_probe', { report: { screen, marks, calls: noted } }).catch(() => {}),
  );
}
