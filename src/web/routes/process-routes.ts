import { Router } from 'express';
import { describeForm, PermissionDeniedError, type Flow } from '../../engine';
import type { AppDeps } from '../app-deps';
import { actorOf } from '../auth';
import { idParams, parseParams } from '../request-schemas';
import { describeEvent, taskUrls } from '../view-helpers';
import { involvedIn } from '../visibility';

/** Field labels from every form of a flow, so the data reads as it was asked. */
function labelsOf(flow: Flow): Map<string, string> {
  const labels = new Map<string, string>();
  for (const node of flow.allNodes()) {
    if (!node.form) continue;
    for (const field of describeForm(node.form)) if (!labels.has(field.name)) labels.set(field.name, field.label);
  }
  return labels;
}

function display(value: unknown): string {
  if (value === true) return 'Yes';
  if (value === false) return 'No';
  if (value === null || value === undefined) return '';
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A process: its data, its tasks and the history of everything done to it. */
export function processRoutes({ engine, users }: AppDeps): Router {
  const router = Router();
  router.get('/processes/:id', async (req, res) => {
    const actor = actorOf(req);
    const { id } = parseParams(idParams, req.params, 'process');
    const [view, everyone] = await Promise.all([engine.process(id, actor), users.list()]);
    if (!involvedIn(view, actor)) {
      throw new PermissionDeniedError(actor.id, 'view process', null);
    }
    const byId = new Map(everyone.map((u) => [u.id, u]));
    const nameOf = (userId: number | null) => (userId === null ? '' : (byId.get(userId)?.displayName ?? `user #${userId}`));
    const labels = labelsOf(view.flow);
    const tasks = view.tasks.map((task) => {
      const node = view.flow.node(task.node);
      return {
        id: task.id,
        title: node?.title || task.node,
        human: node?.isHuman ?? false,
        url: engine.taskUrl(task, actor, taskUrls),
        status: task.status,
        owner: nameOf(task.ownerId) || (task.offeredRole ? `(${task.offeredRole} queue)` : ''),
        createdAt: task.createdAt,
        finishedAt: task.finishedAt,
      };
    });
    const taskTitles = new Map(tasks.map((t) => [t.id, t.title]));
    res.render('processes/show', {
      title: view.process.summary || view.flow.title,
      process: view.process,
      flowTitle: view.flow.title,
      starter: nameOf(view.process.createdById),
      data: Object.entries(view.process.data).map(([key, value]) => ({ label: labels.get(key) ?? key, value: display(value) })),
      tasks,
      history: view.history.map((event) => ({
        at: event.at,
        actor: event.actorName ?? (event.actorId === null ? 'the engine' : nameOf(event.actorId)),
        task: event.taskId === null ? '' : (taskTitles.get(event.taskId) ?? ''),
        text: describeEvent(event, byId),
        comment: event.comment,
      })),
    });
  });
  return router;
}
