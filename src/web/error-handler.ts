import type { ErrorRequestHandler, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import {
  ConcurrentUpdateError,
  InvalidTransitionError,
  NotFoundError,
  PermissionDeniedError,
  StoreBusyError,
  ValidationError,
  WorkflowError,
  type FieldDescriptor,
} from '../engine';
import { viewHelpers } from './view-helpers';

/**
 * What a form route leaves in `res.locals.formPage` before it calls the
 * engine, so that a failure can show the form again with what was typed:
 * a 400 re-renders `template` with the errors, a 409 shows the conflict page
 * with the input.
 */
export interface FormPage {
  template: string;
  locals: Record<string, unknown>;
  fields: readonly FieldDescriptor[];
  /** What the user typed, one value per field. */
  input: Record<string, string>;
  /** Where the conflict page's "reload" link leads. */
  reloadUrl: string;
}

/** A POST from a browser whose session has ended (idle or absolute timeout). */
export class SessionExpiredError extends Error {
  readonly code = 'SESSION_EXPIRED';
  constructor() {
    super('the session has ended');
    this.name = 'SessionExpiredError';
  }
}

interface Mapped {
  status: number;
  code: string;
  title: string;
  message: string;
}

/** HTTP errors raised by middleware (body parser, CSRF) carry their own status. */
interface HttpLikeError {
  status?: number;
  statusCode?: number;
  expose?: boolean;
  type?: string;
  code?: string;
  message?: string;
}

const BUSY_MESSAGE = 'The database was busy, so nothing was saved. Press the button again in a moment.';

/** The one mapping from errors to HTTP statuses. */
function mapError(err: unknown): Mapped {
  if (err instanceof ValidationError) return { status: 400, code: err.code, title: 'Check your input', message: err.message };
  if (err instanceof PermissionDeniedError) {
    return { status: 403, code: err.code, title: 'Not allowed', message: 'You are not allowed to do this.' };
  }
  if (err instanceof NotFoundError) {
    const what = err.entity === 'node' ? 'page' : err.entity;
    return { status: 404, code: err.code, title: 'Not found', message: `This ${what} does not exist.` };
  }
  if (err instanceof ConcurrentUpdateError || err instanceof InvalidTransitionError) {
    return {
      status: 409,
      code: err.code,
      title: 'Someone else changed this task',
      message: 'The task was changed since you opened it, so your action was not applied.',
    };
  }
  if (err instanceof StoreBusyError) {
    return { status: 503, code: err.code, title: 'The database is busy', message: BUSY_MESSAGE };
  }
  if (err instanceof SessionExpiredError) {
    return { status: 401, code: err.code, title: 'Your session has ended', message: 'You were logged out before this form was sent, so it was not saved.' };
  }
  if (!(err instanceof WorkflowError) && typeof err === 'object' && err !== null) {
    const http = err as HttpLikeError;
    const status = http.status ?? http.statusCode;
    if (status && status >= 400 && status < 500 && http.expose !== false) {
      if (http.code === 'EBADCSRFTOKEN') {
        return { status: 403, code: 'CSRF', title: 'Form expired', message: 'The form was too old or not sent from this site. Go back, reload the page and try again.' };
      }
      if (status === 413) return { status, code: 'TOO_LARGE', title: 'Too much data', message: 'What you sent is too large.' };
      return { status, code: 'BAD_REQUEST', title: 'Bad request', message: 'The request could not be understood.' };
    }
  }
  return { status: 500, code: 'INTERNAL', title: 'Something went wrong', message: 'An unexpected error happened. It has been logged.' };
}

const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
const NOT_TYPED = new Set(['version', 'pauseReason', 'resumeBy']);

/**
 * The text fields of a refused POST, so that a user whose session ended
 * while typing can copy their work. Only plain, well-named string fields,
 * bounded; shown escaped.
 */
function typedInput(body: unknown): { name: string; value: string }[] {
  if (!body || typeof body !== 'object') return [];
  return Object.entries(body as Record<string, unknown>)
    .filter(([name, value]) => FIELD_NAME.test(name) && !NOT_TYPED.has(name) && typeof value === 'string' && value.trim() !== '')
    .slice(0, 50)
    .map(([name, value]) => ({ name, value: (value as string).slice(0, 20_000) }));
}

function wantsJson(req: Parameters<RequestHandler>[0]): boolean {
  return req.accepts(['html', 'json']) === 'json';
}

/** Renders a page; if the template itself fails, a plain 500 without details. */
function render(res: Response, logger: Logger, status: number, template: string, locals: Record<string, unknown>): void {
  // Errors raised before the page locals were set (body too large) still get a page.
  res.locals.user ??= null;
  res.locals.nav ??= [];
  res.locals.flash ??= null;
  res.locals.h ??= viewHelpers;
  res.status(status).render(template, locals, (error: Error | null, html?: string) => {
    if (error) {
      logger.error({ err: error }, 'error page failed to render');
      res.status(500).type('text/plain').send('Something went wrong.');
      return;
    }
    res.send(html);
  });
}

/** Turns any error into an HTML page or a JSON body; a 500 never shows a stack. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    if (res.headersSent) return next(err);
    const mapped = mapError(err);
    if (mapped.status >= 500) logger.error({ err, url: req.originalUrl }, 'request failed');
    else logger.debug({ code: mapped.code, url: req.originalUrl }, 'request refused');

    if (mapped.status === 503) res.set('Retry-After', '5');
    if (wantsJson(req)) {
      const fields = err instanceof ValidationError ? err.fieldErrors : undefined;
      res.status(mapped.status).json({ error: { code: mapped.code, message: mapped.message, fields } });
      return;
    }
    const page = res.locals.formPage as FormPage | undefined;
    if (page && err instanceof ValidationError) {
      return render(res, logger, 400, page.template, { ...page.locals, values: page.input, errors: err.fieldErrors });
    }
    if (page && mapped.status === 409) return render(res, logger, 409, 'errors/conflict', { ...mapped, page });
    // Busy: nothing was saved, so the same form comes back with what was typed, ready to send again.
    if (page && mapped.status === 503) {
      return render(res, logger, 503, page.template, { ...page.locals, values: page.input, errors: { _form: [BUSY_MESSAGE] } });
    }
    const typed = req.method === 'POST' && (mapped.code === 'CSRF' || mapped.code === 'SESSION_EXPIRED') ? typedInput(req.body) : [];
    if (typed.length) return render(res, logger, mapped.status, 'errors/expired', { ...mapped, typed });
    render(res, logger, mapped.status, 'errors/error', { ...mapped });
  };
}

/** The last route: nothing matched. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new NotFoundError('node', 'page'));
};
