"""Two users acting at the same moment, as two web requests (or a request and
the scheduler) would: each in a transaction of its own, both reading the
database as it was before either acted. A test in one transaction cannot see
these races; the suite's locks and checks are tested against them here.

A helper for the addons' tests, not a test module: tests/__init__.py does not
import it."""

import threading
from functools import partial

from odoo import api
from odoo.exceptions import UserError
from odoo.service.model import retrying

# for the racing transactions when chatter work would only slow them apart
CONTEXT = {"tracking_disable": True, "mail_create_nosubscribe": True, "mail_create_nolog": True}


def run_at_once(registry, calls, refusal=UserError, context=None):
    """Runs each ``(user id, fn)`` of ``calls`` at the same moment: ``fn(env)``
    does the user's action in that user's environment, in a thread and a
    committed transaction of its own, retried as Odoo retries a request that
    failed to serialise. Returns the outcomes in the order of ``calls``:
    "done", the ``refusal`` exception raised, or the repr of anything else."""
    barrier = threading.Barrier(len(calls))
    outcomes = ["still running"] * len(calls)

    def act(index, user_id, fn):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, user_id, dict(context or {}))
                # every transaction takes its snapshot before any acts
                cr.execute("SELECT 1")
                barrier.wait(timeout=30)
                retrying(partial(fn, env), env)
            outcomes[index] = "done"
        except refusal as e:
            outcomes[index] = e
        except Exception as e:  # reported by the test thread
            outcomes[index] = repr(e)

    threads = [
        threading.Thread(target=act, args=(index, user_id, fn))
        for index, (user_id, fn) in enumerate(calls)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
