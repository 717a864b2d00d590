// Short tasks: the runtime's work is cut into pieces with a pause between them, in which the browser
// paints and answers the reader's taps and scrolls (a slow phone never waits on one long task,
// Lighthouse's total blocking time).

// How long one piece of work may run before it pauses, in milliseconds of this machine. Lighthouse's
// phone runs the page's work four times slower and counts every task over 50 ms as blocking: a piece
// of 4 ms here stays under that with room for the style and layout the browser adds to it.
const PIECE = 4;
let pieceStarted = performance.now();

/** Let the browser paint and answer input before the next piece of work (one long task is many short). */
export function nextTask() {
  const pause =
    globalThis.scheduler && typeof globalThis.scheduler.yield === 'function'
      ? globalThis.scheduler.yield()
      : new Promise((resolve) => setTimeout(resolve, 0));
  return pause.then(() => {
    pieceStarted = performance.now();
  });
}

/** True while the present piece of work (since the last pause) may go on. */
export function timeLeft() {
  return performance.now() - pieceStarted < PIECE;
}
