import { Router } from 'express';
import { describeForm, PermissionDeniedError, type Flow } from '../../engine';
import type { AppDeps } from '../app-deps';
import { actorOf } from '../auth';
import { flowParams, formInput, parseParams } from '../request-schemas';
import { flatten } from '../task-page';

function startLocals(flow: Flow) {
  return {
    title: flow.start.title || `Start ${flow.title}`,
    flow: { name: flow.name, title: flow.title, description: flow.description },
    heading: flow.start.title || `Start ${flow.title}`,
    action: `/flows/${flow.name}/start`,
    fields: flow.start.form ? describeForm(flow.start.form) : [],
    values: {} as Record<string, string>,
    errors: {} as Record<string, string[]>,
  };
}

/** The Start page: one entry per flow the user may start, and each flow's start form. */
export function startRoutes({ engine }: AppDeps): Router {
  const router = Router();

  router.get('/start', (req, res) => {
    const actor = actorOf(req);
    const flows = engine
      .flows()
      .filter((flow) => engine.canStart(flow.name, actor))
      .map((flow) => ({ name: flow.name, title: flow.title, description: flow.description, startTitle: flow.start.title }));
    res.render('processes/start-list', { title: 'Start', flows });
  });

  function startableFlow(params: unknown, actor: Express.User): Flow {
    const { flow: name } = parseParams(flowParams, params, 'flow');
    const flow = engine.flow(name);
    if (!engine.canStart(flow.name, actor)) throw new PermissionDeniedError(actor.id, `start ${flow.name}`, null);
    return flow;
  }

  router.get('/flows/:flow/start', (req, res) => {
    res.render('processes/start', startLocals(startableFlow(req.params, actorOf(req))));
  });

  router.post('/flows/:flow/start', async (req, res) => {
    const actor = actorOf(req);
    const flow = startableFlow(req.params, actor);
    const locals = startLocals(flow);
    const input = formInput(locals.fields, req.body);
    res.locals.formPage = { template: 'processes/start', locals, fields: locals.fields, input: flatten(input), reloadUrl: locals.action };
    const process = await engine.start(flow.name, actor, input);
    req.session.flash = `Started “${process.summary || flow.title}”.`;
    res.redirect(303, `/processes/${process.id}`);
  });
  return router;
}
