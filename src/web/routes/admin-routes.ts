import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { actorOf, requireAdmin } from '../auth';
import { idParams, parseInput, parseParams, pausedQueueQuery, reassignBody, versionBody } from '../request-schemas';
import { olderUrl, taskRows } from '../task-list-page';

const HOUR_MS = 3_600_000;

/** Choices for the "paused for at least" filter, in hours. */
const MIN_AGES = [
  { hours: 1, label: '1 hour' },
  { hours: 24, label: '1 day' },
  { hours: 72, label: '3 days' },
  { hours: 168, label: '1 week' },
  { hours: 720, label: '30 days' },
];

/** The admins' paused queue: everyone's paused tasks, with reassign and cancel. */
export function adminRoutes({ engine, users, config }: AppDeps): Router {
  const router = Router();
  router.use(requireAdmin);

  router.get('/paused', async (req, res) => {
    const actor = actorOf(req);
    const query = parseInput(pausedQueueQuery, req.query);
    const [page, everyone] = await Promise.all([
      engine.pausedQueue(actor, {
        flow: query.flow,
        ownerId: query.owner,
        minAgeMs: query.minAge ? query.minAge * HOUR_MS : undefined,
        after: query.after,
        limit: config.listPageSize,
      }),
      users.list(),
    ]);
    const filters = { flow: query.flow, owner: query.owner, minAge: query.minAge };
    res.render('admin/paused', {
      title: 'Paused queue',
      rows: taskRows(engine, actor, 'paused-queue', page.items),
      older: olderUrl('/admin/paused', filters, page),
      flows: engine.flows().map((f) => ({ name: f.name, title: f.title })),
      users: everyone.filter((u) => !u.disabled),
      minAges: MIN_AGES,
      filter: { flow: query.flow ?? '', owner: query.owner ?? '', minAge: query.minAge ?? '' },
      returnTo: req.originalUrl,
    });
  });

  router.post('/tasks/:id/reassign', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const body = parseInput(reassignBody, req.body);
    if (body.to === null) {
      req.session.flash = `Choose who should get task #${id}, then press Reassign.`;
      return res.redirect(303, '/admin/paused');
    }
    const task = await engine.reassign(id, actor, { toUserId: body.to, version: body.version });
    const target = (await users.getById(body.to))?.displayName ?? 'the chosen user';
    req.session.flash = `Task #${task.id} reassigned to ${target}.`;
    res.redirect(303, '/admin/paused');
  });

  router.post('/tasks/:id/cancel', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const { version } = parseInput(versionBody, req.body);
    const task = await engine.cancel(id, actor, { version });
    req.session.flash = `Task #${task.id} canceled.`;
    res.redirect(303, '/admin/paused');
  });
  return router;
}
