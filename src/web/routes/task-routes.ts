import { Router } from 'express';
import { ConcurrentUpdateError, draftFromInput, PermissionDeniedError, STATUS } from '../../engine';
import type { AppDeps } from '../app-deps';
import { actorOf } from '../auth';
import { dateOrNull, formInput, idParams, parseInput, parseParams, taskPostBody, versionBody } from '../request-schemas';
import { fieldsOf, taskFormPage, taskPageLocals } from '../task-page';
import { taskDetailLocals } from '../task-detail';
import { someoneElses } from '../visibility';

const WORKABLE: readonly string[] = [STATUS.NEW, STATUS.PREPARED, STATUS.PAUSED];

/** The task page: open (or resume) and work on a task, take it from the queue, or see it read-only. */
export function taskRoutes({ engine, users }: AppDeps): Router {
  const router = Router();

  router.get('/tasks/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const view = await engine.view(id, actor);
    const { task, node } = view;
    if (node.isHuman && node.form && task.ownerId === actor.id && WORKABLE.includes(task.status)) {
      // Opening prepares a NEW task and resumes a PAUSED one (PAUSED → PREPARED).
      const opened = await engine.open(id, actor);
      res.render('tasks/execute', taskPageLocals(opened, actor, { resumed: opened.resumed }));
      return;
    }
    if (view.activation.canProceed('assign', actor)) {
      res.render('tasks/take', taskPageLocals(view, actor));
      return;
    }
    if (task.ownerId === actor.id) return res.redirect(303, `/tasks/${id}/detail`);
    throw new PermissionDeniedError(actor.id, 'execute', id);
  });

  router.post('/tasks/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const body = parseInput(taskPostBody, req.body);
    const view = await engine.view(id, actor);
    const input = formInput(fieldsOf(view), req.body);
    res.locals.formPage = taskFormPage(view, actor, input, body);
    // A stale page is a conflict whoever sent it; a current one from someone else is a refusal.
    if (view.task.version !== body.version) throw new ConcurrentUpdateError(id, body.version, view.task.version);
    if (view.task.ownerId !== actor.id) throw new PermissionDeniedError(actor.id, 'execute', id);
    const title = view.node.title || view.node.name;
    if (body._pause !== undefined && view.node.form) {
      // The view read above is reused: one read of the task per Save and Pause.
      await engine.pause(view, actor, {
        version: body.version,
        draft: draftFromInput(view.node.form, input),
        reason: body.pauseReason?.trim() || null,
        resumeBy: dateOrNull(body.resumeBy),
      });
      req.session.flash = `Saved and paused “${title}”. Open it from this list to carry on.`;
      return res.redirect(303, '/tasks/paused');
    }
    await engine.complete(view, actor, { version: body.version, values: input });
    req.session.flash = `Completed “${title}”.`;
    res.redirect(303, '/tasks/inbox');
  });

  router.post('/tasks/:id/take', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const { version } = parseInput(versionBody, req.body);
    await engine.take(id, actor, version);
    req.session.flash = 'The task is yours now.';
    res.redirect(303, `/tasks/${id}`);
  });

  router.get('/tasks/:id/detail', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'task');
    const view = await engine.view(id, actor);
    if (someoneElses(view, actor)) throw new PermissionDeniedError(actor.id, 'view', id);
    const [history, everyone] = await Promise.all([engine.taskHistory(id), users.list()]);
    res.render('tasks/detail', taskDetailLocals(engine, view, actor, history, everyone));
  });
  return router;
}
