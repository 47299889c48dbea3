import { fileURLToPath } from 'node:url';
import { csrfSync } from 'csrf-sync';
import express, { type Express } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import './express-types';
import type { AppDeps } from './app-deps';
import { absoluteTimeout, createPassport, requireLogin, SESSION_COOKIE } from './auth';
import { errorHandler, notFoundHandler } from './error-handler';
import { pageLocals } from './page-locals';
import { saveSessionBeforeRedirect } from './save-before-redirect';
import { adminRoutes } from './routes/admin-routes';
import { authRoutes } from './routes/auth-routes';
import { healthRoutes } from './routes/health-routes';
import { processRoutes } from './routes/process-routes';
import { startRoutes } from './routes/start-routes';
import { taskListRoutes } from './routes/task-list-routes';
import { taskRoutes } from './routes/task-routes';

const VIEWS_DIR = fileURLToPath(new URL('../../views', import.meta.url));
const PUBLIC_DIR = fileURLToPath(new URL('../../public', import.meta.url));

export const BODY_LIMIT = '100kb';

/**
 * Builds the Express app from its dependencies. It never listens: the
 * composition root (src/server.ts) and the tests decide where it runs.
 */
export function createApp(deps: AppDeps): Express {
  const { config, logger } = deps;
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', config.trustProxy);
  app.set('views', VIEWS_DIR);
  app.set('view engine', 'ejs');
  if (config.isProduction) app.enable('view cache');

  app.use(healthRoutes(deps));
  // Access lines are info; below that level pino-http would still build a child
  // logger and hook every response for nothing (failures are logged by errorHandler).
  if (logger.isLevelEnabled('info')) {
    app.use(pinoHttp({ logger, autoLogging: { ignore: (req) => req.url?.startsWith('/public/') ?? false } }));
  }
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'none'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          baseUri: ["'none'"],
        },
      },
      xFrameOptions: { action: 'deny' },
      // Sent below, and only on requests that came over TLS.
      strictTransportSecurity: false,
    }),
  );
  // HSTS only means something over TLS: behind a trusted proxy that says so
  // (X-Forwarded-Proto: https), never on a plain-http request.
  const hsts = helmet.strictTransportSecurity();
  app.use((req, res, next) => (req.secure ? hsts(req, res, next) : next()));
  app.use('/public', express.static(PUBLIC_DIR, { maxAge: config.isProduction ? '1h' : 0 }));
  app.use(express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 200 }));

  app.use(
    session({
      name: SESSION_COOKIE,
      store: deps.sessionStore,
      secret: config.sessionSecret,
      resave: false,
      saveUninitialized: false,
      // Every response pushes the expiry out again: the max age is the idle timeout.
      rolling: true,
      cookie: { httpOnly: true, sameSite: 'lax', secure: 'auto', maxAge: config.sessionIdleMs },
    }),
  );
  app.use(saveSessionBeforeRedirect());
  const auth = createPassport(deps.users);
  app.use(auth.initialize());
  app.use(auth.session());
  app.use(absoluteTimeout(config.sessionAbsoluteMs));

  const csrf = csrfSync({ getTokenFromRequest: (req) => (req.body as Record<string, unknown> | undefined)?._csrf as string | undefined });
  app.use(pageLocals(csrf.generateToken));
  app.use(csrf.csrfSynchronisedProtection);

  app.use(authRoutes(deps, auth));
  app.use(requireLogin);
  app.get('/', (_req, res) => res.redirect(303, '/tasks/inbox'));
  app.use(taskListRoutes(deps));
  app.use(taskRoutes(deps));
  app.use(startRoutes(deps));
  app.use(processRoutes(deps));
  app.use('/admin', adminRoutes(deps));
  app.use(notFoundHandler);
  app.use(errorHandler(logger));
  return app;
}
