import type { PyImport, TaskFramework } from './facts-types';

/** Decorators that make a function a background task: Celery's, Huey's `db_task`, Dramatiq's `actor`, RQ's `job`. */
const TASK_DECORATOR = /^(?:shared_task|task|periodic_task|db_task|db_periodic_task|actor|job)$/;

/**
 * `@shared_task`, `@app.task`, `@celery.task`, `@huey.db_task`,
 * `@dramatiq.actor`, `@job('default')` (RQ, django-rq): a decorator (as a
 * dotted name) that queues the function instead of running it in a request.
 * A bare name counts, and so does any object's `.task`.
 */
export function isTaskDecorator(name: readonly string[]): boolean {
  const last = name[name.length - 1] ?? '';
  return TASK_DECORATOR.test(last) && (name.length === 1 || /celery|app|huey|dramatiq|rq/i.test(name[0]) || last === 'task');
}

/**
 * Which library a task decorator belongs to, from what its first name is
 * imported from (`from huey.contrib.djhuey import db_task`) or how the object
 * is named (`@huey.task()`). Celery when nothing says otherwise.
 */
export function taskFramework(name: readonly string[], imports: readonly PyImport[]): TaskFramework {
  const entry = [...imports].reverse().find((candidate) => candidate.local === name[0]);
  const source = `${entry?.module ?? ''} ${name[0] ?? ''}`;
  if (/huey/i.test(source)) return 'huey';
  if (/dramatiq/i.test(source)) return 'dramatiq';
  if (/(?:^|[\s._])(?:django_)?rq(?:$|[\s._])/i.test(source)) return 'rq';
  return 'celery';
}
