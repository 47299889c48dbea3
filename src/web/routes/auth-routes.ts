import { Router, type Request, type Response } from 'express';
import { rateLimit } from 'express-rate-limit';
import type { AppDeps } from '../app-deps';
import { SESSION_COOKIE, type AuthInstance } from '../auth';
import { loginBody, nextQuery } from '../request-schemas';

const LOGIN_WINDOW_MS = 15 * 60_000;

function renderLogin(res: Response, status: number, locals: { username?: string; error?: string | null; next?: string }) {
  res.status(status).render('auth/login', { title: 'Log in', username: '', error: null, next: '', ...locals });
}

function authenticate(auth: AuthInstance, req: Request, res: Response): Promise<Express.User | false> {
  return new Promise((resolve, reject) => {
    auth.authenticate('local', { session: false }, (err: unknown, user: Express.User | false) => {
      if (err) reject(err);
      else resolve(user);
    })(req, res, reject);
  });
}

/** `/login` and `/logout`: the only routes open to anonymous users. */
export function authRoutes(deps: AppDeps, auth: AuthInstance): Router {
  const router = Router();
  const limiter = rateLimit({
    windowMs: LOGIN_WINDOW_MS,
    limit: deps.config.loginRateLimit,
    // Only failed attempts count, so a team behind one address can still log in.
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (req, res) => {
      const { next } = nextQuery.parse(req.query);
      renderLogin(res, 429, { error: 'Too many failed attempts. Wait a few minutes and try again.', next });
    },
  });

  router.get('/login', (req, res) => {
    if (req.user) return res.redirect(303, '/tasks/inbox');
    const { next } = nextQuery.parse(req.query);
    const expired = req.query.expired === '1';
    renderLogin(res, 200, { next, error: expired ? 'Your session has ended. Please log in again.' : null });
  });

  router.post('/login', limiter, async (req, res) => {
    const { next } = nextQuery.parse(req.query);
    const parsed = loginBody.safeParse(req.body);
    if (!parsed.success) return renderLogin(res, 400, { error: 'Enter your username and password.', next });
    const user = await authenticate(auth, req, res);
    if (!user) return renderLogin(res, 401, { error: 'Wrong username or password.', username: parsed.data.username, next });
    // passport regenerates the session here: a new id, nothing kept from before.
    await new Promise<void>((resolve, reject) => req.login(user, (err) => (err ? reject(err) : resolve())));
    req.session.loginAt = Date.now();
    res.redirect(303, next ?? '/tasks/inbox');
  });

  router.post('/logout', (req, res, next) => {
    req.logout((logoutErr) => {
      if (logoutErr) return next(logoutErr);
      req.session.destroy((err) => {
        if (err) return next(err);
        res.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'lax' });
        res.redirect(303, '/login');
      });
    });
  });
  return router;
}
