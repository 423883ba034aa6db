"""The one shape of the suite's scheduled actions, as Odoo 18 writes them
(website.visitor's ``_cron_unlink_old_visitors``)."""

import logging
import threading

from odoo.tools import split_every

_logger = logging.getLogger(__name__)


def run_in_batches(records, process, batch_size):
    """Calls ``process(batch)`` on ``records`` in batches of ``batch_size``.

    Each batch runs in a savepoint; a batch that fails is retried record by
    record, so that one bad record is logged and skipped while the rest goes on.
    Progress goes to the running cron, and each batch is committed, except in
    tests (Odoo's test runner flags its thread). The retry starts a new
    transaction: a batch that lost a race with a user (PostgreSQL's "could not
    serialize access") would lose it again on the same snapshot."""
    env = records.env
    auto_commit = not getattr(threading.current_thread(), "testing", False)
    done = 0
    for batch in split_every(batch_size, records.ids, records.browse):
        try:
            with env.cr.savepoint():
                process(batch)
        except Exception:
            _logger.warning("%s failed on a batch, retrying record by record", process.__name__)
            if auto_commit:
                env.cr.commit()  # pylint: disable=invalid-commit
                env.invalidate_all()
            for record in batch:
                try:
                    with env.cr.savepoint():
                        process(record)
                except Exception:
                    _logger.exception("%s skipped %s", process.__name__, record)
        done += len(batch)
        env["ir.cron"]._notify_progress(done=done, remaining=len(records) - done)
        if auto_commit:
            env.cr.commit()  # pylint: disable=invalid-commit
