import { Router } from 'express';
import type { AppDeps } from '../app-deps';

/**
 * `/healthz` for load balancers and orchestrators: 200 `{"status":"ok"}`
 * when the database answers, 503 `{"status":"unavailable"}` when it does
 * not. Mounted before request logging, sessions and CSRF: a probe every few
 * seconds from several balancers must not create sessions or flood the log.
 * A change of state is logged once, not every failed probe.
 */
export function healthRoutes({ checkDatabase, logger }: Pick<AppDeps, 'checkDatabase' | 'logger'>): Router {
  const router = Router();
  let healthy = true;
  router.get('/healthz', async (_req, res) => {
    res.set('Cache-Control', 'no-store');
    try {
      await checkDatabase();
    } catch (err) {
      if (healthy) logger.error({ err }, 'health check: the database does not answer');
      healthy = false;
      res.status(503).json({ status: 'unavailable' });
      return;
    }
    if (!healthy) logger.info('health check: the database answers again');
    healthy = true;
    res.json({ status: 'ok' });
  });
  return router;
}
