"""The setup scripts stop with one clear sentence when the machine lacks something."""

import os
import subprocess
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def bootstrap(**env):
    result = subprocess.run(
        [str(REPO / "tools" / "bootstrap.sh")],
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    return result.returncode, result.stderr.strip()


def test_missing_odoo_tree_says_where_to_put_it():
    rc, err = bootstrap(ODOO_SRC="/nonexistent/odoo")
    assert rc == 1
    assert err == (
        "error: no Odoo 18.0 source tree at /nonexistent/odoo: put one there "
        "(see README, 'Requirements') or set ODOO_SRC."
    )


def test_unreachable_postgresql_says_so():
    rc, err = bootstrap(PGPORT="1")
    assert rc == 1
    assert (
        err == "error: PostgreSQL is not reachable at 127.0.0.1:1: start it, or set PGHOST/PGPORT."
    )


def test_postgres_superuser_is_refused():
    rc, err = bootstrap(ODOO_DB_USER="postgres")
    assert rc == 1
    assert "Odoo refuses the postgres superuser" in err
