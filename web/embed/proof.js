/* The proof of a choice: its record posted to the site's proofEndpoint
   and, with "proofs" on, to Charte's own receiver beside embed.js. */
import { C, self, language } from './config.js';
import { gpc } from './signals.js';

// proof is fire-and-forget: a failing or hanging endpoint delays nothing.
// No Referer (the body has the origin and path, never the query), no
// cookie; keepalive lets it outlive a page the choice navigates away.
export function proof(c, source) {
  const body = JSON.stringify({
    site: C.site, id: c.id, revision: c.revision, time: c.time,
    accepted: c.accepted, refused: c.refused,
    url: location.origin + location.pathname, gpc: gpc,
    source: source, lang: language()
  });
  [C.proofEndpoint, C.proofs && new URL(C.proofs, self)].forEach((url) => {
    // no-cors with a text/plain body: no preflight, nothing to read back;
    // fetch reports every failure through its promise.
    if (url) {
      fetch(url, { method: 'POST', body: body, mode: 'no-cors', credentials: 'omit', keepalive: true, referrerPolicy: 'no-referrer' })
        .catch((e) => { console.warn('Charte: proof not sent', e); });
    }
  });
}
