from odoo.tests import TransactionCase

from odoo.addons.channel_suite_base.cron_batches import run_in_batches


class TestRunInBatches(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.partners = cls.env["res.partner"].create([{"name": f"Batch {n}"} for n in range(5)])
        cls.cron = cls.env["ir.cron"].search([], limit=1)

    def _run(self, process, batch_size=2):
        progress = self.env["ir.cron.progress"].create({"cron_id": self.cron.id})
        records = self.partners.with_context(ir_cron_progress_id=progress.id)
        run_in_batches(records, process, batch_size)
        return progress

    def test_every_record_is_processed_and_progress_reported(self):
        def mark(partners):
            partners.write({"ref": "done"})

        progress = self._run(mark)
        self.assertEqual(set(self.partners.mapped("ref")), {"done"})
        self.assertEqual((progress.done, progress.remaining), (5, 0))

    def test_one_bad_record_is_skipped_and_logged_the_rest_goes_on(self):
        bad = self.partners[2]

        def mark(partners):
            partners.write({"ref": "done"})
            if bad in partners:
                raise ValueError("bad record")

        with self.assertLogs("odoo.addons.channel_suite_base.cron_batches", "WARNING") as logs:
            progress = self._run(mark)
        self.assertEqual(
            self.partners.mapped("ref"),
            ["done", "done", False, "done", "done"],
            "the bad record's write was rolled back, its batch-mate's was redone alone",
        )
        self.assertIn(f"mark skipped {bad}", "\n".join(logs.output))
        self.assertEqual(progress.remaining, 0)
