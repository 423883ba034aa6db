"""Two users acting at the same moment, each in a transaction of its own, as two
web requests would: the races the dealer addon's locks are tested against."""

import threading
from functools import partial

from odoo import api
from odoo.service.model import retrying

# what the racing transactions run with: no chatter work to slow them apart
CONTEXT = {"tracking_disable": True, "mail_create_nosubscribe": True, "mail_create_nolog": True}


def run_at_once(registry, model, method, calls, refusal):
    """Calls ``method`` of ``model`` on each (record id, user id) of ``calls``
    at once, each as its user in its own committed transaction, retried as
    Odoo retries a request that failed to serialise. Returns {record id: "done",
    the ``refusal`` exception raised, or the repr of anything else}."""
    barrier = threading.Barrier(len(calls))
    outcomes = {}

    def act(record_id, user_id):
        try:
            with registry.cursor() as cr:
                env = api.Environment(cr, user_id, dict(CONTEXT))
                # every transaction takes its snapshot before any acts
                cr.execute("SELECT 1")
                barrier.wait(timeout=30)
                retrying(partial(getattr(env[model].browse(record_id), method)), env)
            outcomes[record_id] = "done"
        except refusal as e:
            outcomes[record_id] = e
        except Exception as e:  # reported by the test thread
            outcomes[record_id] = repr(e)

    threads = [threading.Thread(target=act, args=call) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return outcomes
