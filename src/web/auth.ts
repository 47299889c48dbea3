import type { RequestHandler } from 'express';
import passport from 'passport';
import { Strategy as LocalStrategy } from 'passport-local';
import { verifyPassword } from '../auth/passwords';
import type { UserAccounts } from '../auth/user-accounts';
import { isAdmin, PermissionDeniedError, type UserRef } from '../engine';
import { SessionExpiredError } from './error-handler';

export const SESSION_COOKIE = 'pauseflow.sid';

function sessionUser(user: UserRef): Express.User {
  return { id: user.id, username: user.username, displayName: user.displayName, roles: [...user.roles] };
}

/**
 * A passport instance of its own (not the global singleton, so that several
 * apps can live in one process, as in tests): the local strategy checks the
 * argon2id hash; the session holds only the user id, and the user is read
 * again on each request so a disabled account or a changed role takes effect
 * at once.
 */
export type AuthInstance = InstanceType<typeof passport.Passport>;

export function createPassport(users: UserAccounts): AuthInstance {
  const instance = new passport.Passport();
  instance.use(
    new LocalStrategy(async (username, password, done) => {
      try {
        const account = await users.findByUsername(username.trim());
        const usable = account && !account.disabled ? account : null;
        const ok = await verifyPassword(usable?.passwordHash ?? null, password);
        done(null, ok && usable ? sessionUser(usable) : false);
      } catch (err) {
        done(err);
      }
    }),
  );
  instance.serializeUser((user, done) => done(null, user.id));
  instance.deserializeUser((id: unknown, done) => {
    if (typeof id !== 'number') return done(null, false);
    users.getById(id).then(
      (user) => done(null, user && !user.disabled ? sessionUser(user) : false),
      (err: unknown) => done(err),
    );
  });
  return instance;
}

/**
 * Ends a session that has lived longer than `absoluteMs` since login,
 * however active it was (the idle timeout is the cookie's rolling max age).
 */
export function absoluteTimeout(absoluteMs: number): RequestHandler {
  return (req, res, next) => {
    if (!req.user) return next();
    const loginAt = req.session.loginAt;
    if (typeof loginAt === 'number' && Date.now() - loginAt <= absoluteMs) return next();
    req.session.destroy((err) => {
      if (err) return next(err);
      // A form sent now would be lost by a redirect: the error page shows what was typed.
      if (req.method === 'POST') return next(new SessionExpiredError());
      res.redirect(303, '/login?expired=1');
    });
  };
}

/** Anonymous requests go to the login page (or get a 401 when they ask for JSON). */
export const requireLogin: RequestHandler = (req, res, next) => {
  if (req.user) return next();
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(401).json({ error: { code: 'UNAUTHENTICATED', message: 'Log in first.' } });
    return;
  }
  if (req.method === 'POST') return next(new SessionExpiredError());
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
};

export const requireAdmin: RequestHandler = (req, _res, next) => {
  if (isAdmin(req.user)) return next();
  next(new PermissionDeniedError(req.user?.id ?? null, 'use the admin pages', null));
};

/** The signed-in user; only for handlers mounted behind {@link requireLogin}. */
export function actorOf(req: { user?: Express.User }): Express.User {
  if (!req.user) throw new PermissionDeniedError(null, 'act without logging in', null);
  return req.user;
}
