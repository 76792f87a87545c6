/**
 * The one script the screens load (from /assets/page.js, so the policy allows 'self' and no
 * inline code). Every screen works without it; with it, times read in the viewer's time zone
 * (UTC stays on hover) and a running sync's line follows the sync without a reload. The
 * sentences it shows come from the server: the status answer carries the line to show.
 * @example app.get('/assets/page.js', (c) => c.body(pageScript, 200, { 'content-type': 'text/javascript' }))
 */
export const pageScript = `(() => {
  for (const el of document.querySelectorAll('time[datetime]')) {
    const at = new Date(el.getAttribute('datetime'));
    if (Number.isNaN(at.getTime())) continue;
    el.textContent = at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
    el.dataset.local = 'true';
  }
  const line = document.querySelector('[data-sync-poll]');
  if (!line) return;
  const poll = async () => {
    const res = await fetch(line.getAttribute('data-sync-poll'), { headers: { accept: 'application/json' } });
    if (!res.ok) return;
    const status = await res.json();
    line.textContent = status.line;
    line.dataset.phase = status.phase;
    if (status.running) return setTimeout(poll, 1000);
    const done = document.querySelector('[data-sync-done]');
    if (done) done.hidden = false;
  };
  setTimeout(poll, 300);
})();
`;
