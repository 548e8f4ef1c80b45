// The app's first-paint probe (ui/src/lib/ipc/paint.ts) on a static page: the content is in the
// DOM once this module runs (it comes last); the first frame runs before the paint, the second after.
const clock = () => performance.timeOrigin + performance.now();
const marks = [
  ['navigation', performance.timeOrigin],
  ['script', clock()],
  ['dom', clock()],
];
requestAnimationFrame(() => {
  marks.push(['frame', clock()]);
  requestAnimationFrame(() => {
    window.__TAURI_INTERNALS__.invoke('paint_probe', { report: { screen: 'bare', marks, calls: [] } }).catch(() => {});
  });
});
