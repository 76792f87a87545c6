/**
 * The service's icon: a microphone in the "working" green, the same shape the docs use.
 * @example app.get('/favicon.svg', (c) => c.body(favicon, 200, { 'content-type': 'image/svg+xml' }))
 */
export const favicon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#1d7a43" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><title>capture-doctor</title><rect x="9" y="2" width="6" height="12" rx="3" fill="#1d7a43"/><path d="M5 11a7 7 0 0 0 14 0"/><path d="M12 18v4"/></svg>';
