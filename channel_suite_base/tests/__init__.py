from . import test_cron_batches, test_hooks, test_merge_sides
