import type { Request, RequestHandler } from 'express';
import { isAdmin } from '../engine';
import { viewHelpers } from './view-helpers';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

function navFor(user: Express.User | undefined, path: string): NavItem[] {
  if (!user) return [];
  const items = [
    { href: '/tasks/inbox', label: 'Inbox' },
    { href: '/tasks/queue', label: 'Queue' },
    { href: '/tasks/paused', label: 'Paused' },
    { href: '/tasks/archive', label: 'Archive' },
    { href: '/start', label: 'Start' },
  ];
  if (isAdmin(user)) items.push({ href: '/admin/paused', label: 'Paused queue' });
  return items.map((item) => ({ ...item, current: path === item.href }));
}

/** Puts what every page needs into `res.locals`: the user, the navigation, a CSRF token, a pending confirmation. */
export function pageLocals(generateToken: (req: Request) => string): RequestHandler {
  return (req, res, next) => {
    res.locals.user = req.user ?? null;
    res.locals.isAdmin = isAdmin(req.user);
    res.locals.nav = navFor(req.user, req.path);
    // Made only when a page is rendered, so redirects and anonymous misses create no session.
    Object.defineProperty(res.locals, 'csrfToken', { enumerable: true, get: () => generateToken(req) });
    res.locals.h = viewHelpers;
    res.locals.title = 'Pauseflow';
    const flash = req.session.flash;
    if (flash !== undefined) delete req.session.flash;
    res.locals.flash = flash ?? null;
    next();
  };
}
