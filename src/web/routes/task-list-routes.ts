import { Router } from 'express';
import type { AppDeps } from '../app-deps';
import { actorOf } from '../auth';
import { flowParams, listQuery, parseInput, parseParams } from '../request-schemas';
import { renderTaskList, type ListKind } from '../task-list-page';

interface ListSpec {
  kind: Exclude<ListKind, 'paused-queue'>;
  heading: string;
  intro: string;
  empty: string;
}

const LISTS: ListSpec[] = [
  { kind: 'inbox', heading: 'Inbox', intro: 'Tasks assigned to you.', empty: 'Nothing in your inbox. Take a task from the Queue.' },
  { kind: 'queue', heading: 'Queue', intro: 'Tasks waiting for someone in your roles to take them.', empty: 'The queue is empty.' },
  { kind: 'paused', heading: 'Paused', intro: 'Tasks you saved and paused. Open one to carry on where you left off.', empty: 'You have no paused tasks.' },
  { kind: 'archive', heading: 'Archive', intro: 'Tasks you completed.', empty: 'You have not completed any task yet.' },
];

/** Inbox, Queue, Paused (all flows or one) and Archive. */
export function taskListRoutes({ engine }: AppDeps): Router {
  const router = Router();
  for (const spec of LISTS) {
    router.get(`/tasks/${spec.kind}`, async (req, res) => {
      const actor = actorOf(req);
      const query = parseInput(listQuery, req.query);
      const page = await engine[spec.kind](actor, { flow: query.flow, after: query.after });
      renderTaskList(res, engine, actor, { ...spec, basePath: req.path, page, filters: { flow: query.flow }, flowFilter: true });
    });
  }

  // The sample's per-flow list of the user's paused tasks.
  router.get('/flows/:flow/paused', async (req, res) => {
    const actor = actorOf(req);
    const { flow: name } = parseParams(flowParams, req.params, 'flow');
    const flow = engine.flow(name);
    const query = parseInput(listQuery.pick({ after: true }), req.query);
    const page = await engine.paused(actor, { flow: flow.name, after: query.after });
    renderTaskList(res, engine, actor, {
      kind: 'paused',
      heading: `Paused: ${flow.title}`,
      intro: `Your paused ${flow.title.toLowerCase()} tasks.`,
      empty: 'You have no paused tasks in this flow.',
      basePath: req.path,
      page,
      filters: {},
      flowFilter: false,
    });
  });
  return router;
}
