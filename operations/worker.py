"""The task worker: runs the tasks of the database queue and enqueues the periodic jobs when due.

`manage.py run_worker` runs `work()`. Tasks are taken with django-tasks-db's own worker, which
claims one task at a time in a transaction with `SELECT ... FOR UPDATE SKIP LOCKED` (on SQLite,
an exclusive transaction), so any number of workers on any number of machines never run one task
twice. Between batches of tasks it claims the due periodic jobs (operations/schedule.py) and
enqueues them as tasks.

With Redis (TASK_BACKEND=django_tasks_rq.RQBackend, docs/deployment.md section 6) `run_worker` only
keeps the schedule: the jobs it enqueues go to Redis like every other task, and RQ's worker,
`manage.py rqworker --with-scheduler default`, runs them, one worker per task. Its scheduler moves a
task enqueued with `run_after` (the provisional report's render) to the queue when due; without
`--with-scheduler` on at least one RQ worker such a task never runs. A task opens its own scope
(`scope(municipality)` or `every_municipality(...)`), so it runs alike in either worker: RQ forks a
process per task, which starts with no scope, as the database worker's loop does.
tests/operations/test_rq_worker.py runs both commands against a real Redis.
"""

from __future__ import annotations

import logging
import threading

from django.db import DatabaseError, connections
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker
from django_tasks_db.management.commands.db_worker import Worker
from redis.exceptions import RedisError

from .schedule import enqueue_due_jobs

logger = logging.getLogger(__name__)

# Tasks run before the worker looks at the schedule again (and how long a stop may wait, at most).
TASKS_PER_ROUND = 20


def new_worker_id() -> str:
    """A worker's name in the task results: unique across the machines."""
    return get_random_string(32)


def runs_database_tasks() -> bool:
    """Whether the configured backend is the database queue this worker can run."""
    return isinstance(task_backends[DEFAULT_TASK_BACKEND_ALIAS], DatabaseBackend)


class _Worker(Worker):
    """django-tasks-db's worker, stopping after the running task once `stop` is set (its signals are ours)."""

    def __init__(self, *, stop: threading.Event, **kwargs) -> None:
        self.stop = stop
        super().__init__(**kwargs)

    @property
    def running(self) -> bool:
        return not self.stop.is_set()

    @running.setter
    def running(self, value: bool) -> None:
        if not value:
            self.stop.set()


def run_ready_tasks(worker_id: str, stop: threading.Event, limit: int = TASKS_PER_ROUND) -> int:
    """Run the ready tasks, at most `limit`; returns how many ran."""
    worker = _Worker(
        stop=stop,
        queue_names=["*"],
        excluded_queue_names=[],
        interval=0,
        batch=True,
        backend_name=DEFAULT_TASK_BACKEND_ALIAS,
        startup_delay=False,
        max_tasks=limit,
        worker_id=worker_id,
    )
    worker.run()
    return worker._run_tasks


def work(interval: float, stop: threading.Event, batch: bool = False, worker_id: str | None = None) -> None:
    """Run tasks and the schedule until `stop` is set (with batch: until no task is left)."""
    worker_id = worker_id or new_worker_id()
    database_tasks = runs_database_tasks()
    logger.info("Task worker %s started (every %ss when idle)", worker_id, interval)
    if not database_tasks:
        logger.info("Task worker %s keeps the schedule only: the task backend's own worker runs the tasks", worker_id)
    while not stop.is_set():
        ran = 0
        try:
            enqueue_due_jobs()
            if database_tasks:
                ran = run_ready_tasks(worker_id, stop)
        except DatabaseError:
            logger.exception("Task worker: the database is unavailable; trying again in %ss", interval)
        except RedisError:  # TASK_BACKEND on Redis: the due jobs stay due
            logger.exception("Task worker: Redis (the task queue) is unavailable; trying again in %ss", interval)
        finally:
            release_connections()  # a database restart between rounds costs one failed round, no more
        if batch and not ran:
            break
        if not ran:
            stop.wait(interval)
    logger.info("Task worker %s stopped", worker_id)


def release_connections() -> None:
    """Close broken or expired database connections between rounds, as Django does between requests."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:  # a test's transaction, never a worker's
            connection.close_if_unusable_or_obsolete()


# django-tasks-db's worker calls Django's close_old_connections() between tasks, which also closes a
# connection inside a transaction (on PostgreSQL, a test's). Ours is the same for a worker, which is
# never inside one between tasks, and lets the tests run the tasks in their own transaction.
db_worker.close_old_connections = release_connections
