/**
 * Runs `task` when the page is idle (within `timeoutMs` at the latest); answers a function that
 * cancels it. For prefetching: fetching the next step's code never competes with this one's start.
 */
export function whenIdle(task: () => void, timeoutMs = 1000): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(() => task(), { timeout: timeoutMs });
    return () => cancelIdleCallback(id);
  }
  const id = setTimeout(task, 200);
  return () => clearTimeout(id);
}
