import type { RequestHandler, Response } from 'express';

/** The session's contents as express-session compares them: everything but the cookie. */
function contents(session: object): string {
  return JSON.stringify(session, function (this: unknown, key, value: unknown) {
    return this === session && key === 'cookie' ? undefined : value;
  });
}

/**
 * Makes a redirect wait until a changed session is stored.
 *
 * Why: express-session saves a changed session when the response ends, but
 * it sends the status line and headers first and finishes the response only
 * once the store has answered. A browser follows a 303 as soon as it has the
 * headers, so its next request can read the session before the write lands:
 * the flash message is missing, or the `loginAt` set after login is, and the
 * fresh login counts as expired. With the store in PostgreSQL, and above all
 * with several instances behind a load balancer, that window is real. So a
 * redirect from a request that changed (or regenerated) its session first
 * saves it; express-session then sees it saved and does not write it again.
 * Unchanged sessions are not written, so anonymous redirects create none.
 */
export function saveSessionBeforeRedirect(): RequestHandler {
  return (req, res, next) => {
    if (!req.session) return next();
    const startId = req.sessionID;
    const startContents = contents(req.session);
    const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
    res.redirect = ((...args: unknown[]) => {
      const session = req.session;
      const changed = session && (req.sessionID !== startId || contents(session) !== startContents);
      if (!changed) return redirect(...args);
      session.save((err) => (err ? next(err) : redirect(...args)));
    }) as Response['redirect'];
    next();
  };
}
