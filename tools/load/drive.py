"""make load: the run itself, from the load virtualenv (tools/load/run.sh calls it).

Starts ``odoo-bin`` in prefork mode on a free loopback port, runs Locust headless
against it, and meanwhile:

- triggers the cadence cron and SIGKILLs the cron worker once a batch of it is
  committed and others remain; then the reconcile, killed the same way; the
  respawned worker is woken and must finish both;
- restarts the server once (SIGTERM, the master's graceful stop, then a new
  odoo-bin on the same port), timing how long it was away;
- triggers the reclaim cron, the cadence and the reconcile again while users work;
- after the users stop: the reclaim, cadence and reconcile once more, as the next
  night would, each awaited to the end; then stops the server.

What happened and when goes to events.json beside the outcomes, for the report.
"""

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import psutil
import psycopg2

HERE = Path(__file__).resolve().parent
CRON_NICE = 10  # Odoo's cron workers renice themselves to 10 (WorkerCron.start)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Run:
    def __init__(self, args):
        self.args = args
        self.out = Path(args.out)
        self.events = []
        self.port = free_port()
        self.gevent_port = free_port()
        self.server = None
        self.log = open(self.out / "server.log", "ab")  # noqa: SIM115
        self.db = psycopg2.connect(dbname=args.db, user=args.db_user)
        self.db.autocommit = True
        self.start = time.time()

    def event(self, what, **info):
        info.update(what=what, t=round(time.time(), 3))
        self.events.append(info)
        print(f"load: +{info['t'] - self.start:5.0f}s {what} {info}", flush=True)

    def sql(self, query, params=(), dbname=None):
        if dbname:
            conn = psycopg2.connect(dbname=dbname, user=self.args.db_user)
            conn.autocommit = True
        else:
            conn = self.db
        with conn.cursor() as cr:
            cr.execute(query, params)
            rows = cr.fetchall() if cr.description else None
        if dbname:
            conn.close()
        return rows

    # ---------------------------------------------------------------- server

    def check_gevent(self):
        """The prefork server starts its gevent process through pkg_resources;
        where it cannot resolve gevent's requirements, that process dies at
        start and is respawned in a loop (requirements.txt pins the zope
        releases it reads): stop with a sentence instead of a server that eats
        a core."""
        probe = "import pkg_resources; pkg_resources.require('gevent')"
        if subprocess.run([self.args.odoo_python, "-W", "ignore", "-c", probe],
                          capture_output=True, check=False).returncode:  # fmt: skip
            sys.exit("error: pkg_resources cannot resolve gevent in the venv: run make setup.")

    def start_server(self):
        cmd = [
            self.args.odoo_python, self.args.odoo_bin, "-c", self.args.odoo_conf,
            "-d", self.args.db, f"--db-filter=^{self.args.db}$",
            "--http-interface=127.0.0.1", f"--http-port={self.port}",
            f"--gevent-port={self.gevent_port}",
            f"--workers={self.args.workers}", "--max-cron-threads=1",
            "--log-level=info", "--limit-time-real=300",
        ]  # fmt: skip
        self.check_gevent()
        self.server = subprocess.Popen(cmd, stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.time() + 120
        while time.time() < deadline:
            if self.server.poll() is not None:
                sys.exit("load: odoo-bin stopped while starting (see server.log)")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    pass
                import urllib.request

                urllib.request.urlopen(f"http://127.0.0.1:{self.port}/web/login", timeout=10)
                return
            except OSError:
                time.sleep(0.2)
        sys.exit("load: odoo-bin did not answer within 2 minutes")

    def stop_server(self):
        if self.server and self.server.poll() is None:
            self.server.send_signal(signal.SIGTERM)
            try:
                self.server.wait(60)
            except subprocess.TimeoutExpired:
                self.server.kill()
                self.server.wait()

    def restart(self):
        self.event("restart: SIGTERM to the server")
        self.stop_server()
        self.event("restart: server stopped")
        self.start_server()
        self.event("restart: server answers again")

    def cron_worker(self):
        master = psutil.Process(self.server.pid)
        deadline = time.time() + 30
        while time.time() < deadline:
            for child in master.children():
                try:
                    if child.nice() == CRON_NICE:
                        return child
                except psutil.NoSuchProcess:
                    pass
            time.sleep(0.1)
        return None

    # ----------------------------------------------------------------- crons

    def trigger(self, cron):
        """What ir.cron._trigger() does: a trigger row, then wake the workers."""
        cron_id = self.args.facts["crons"][cron]
        (last_progress,) = self.sql(
            "SELECT coalesce(max(id), 0) FROM ir_cron_progress WHERE cron_id = %s", [cron_id]
        )[0]
        # lastcall is stored to the second: compare with the trigger's second
        (now,) = self.sql(
            """INSERT INTO ir_cron_trigger (cron_id, call_at, create_uid, write_uid,
                                            create_date, write_date)
               VALUES (%s, date_trunc('second', now() at time zone 'utc'), 1, 1,
                       now() at time zone 'utc', now() at time zone 'utc')
            RETURNING call_at""",
            [cron_id],
        )[0]
        self.wake()
        return cron_id, now, last_progress

    def wake(self):
        self.sql("SELECT pg_notify('cron_trigger', %s)", [self.args.db], dbname="postgres")

    def finished(self, cron_id, since, last_progress):
        """A run started after the trigger (a newer progress row) and the job was
        rescheduled after it, with nothing left to do."""
        rows = self.sql(
            """SELECT c.lastcall >= %s AND p.remaining = 0 AND NOT EXISTS (
                          SELECT 1 FROM ir_cron_trigger t
                           WHERE t.cron_id = c.id AND t.call_at <= %s)
                 FROM ir_cron c
                 JOIN ir_cron_progress p ON p.cron_id = c.id AND p.id > %s
                WHERE c.id = %s ORDER BY p.id DESC LIMIT 1""",
            [since, since, last_progress, cron_id],
        )
        return bool(rows and rows[0][0])

    def run_cron(self, cron, timeout=600):
        cron_id, since, last_progress = self.trigger(cron)
        started = time.time()
        self.event(f"{cron}: triggered")
        while not self.finished(cron_id, since, last_progress):
            if time.time() - started > timeout:
                self.event(f"{cron}: did not finish in {timeout}s")
                return False
            time.sleep(0.5)
            self.wake()
        self.event(f"{cron}: finished", seconds=round(time.time() - started, 1))
        return True

    def kill_mid_batch(self, cron):
        """Triggers the cron and SIGKILLs the cron worker once its first batch is
        committed with more to do; then waits for the respawned worker to finish."""
        cron_id, since, last_progress = self.trigger(cron)
        self.event(f"{cron}: triggered, to be killed mid-batch")
        worker = self.cron_worker()
        deadline = time.time() + 300
        killed = None
        while time.time() < deadline and not killed:
            rows = self.sql(
                """SELECT done, remaining FROM ir_cron_progress
                    WHERE cron_id = %s AND id > %s ORDER BY id DESC LIMIT 1""",
                [cron_id, last_progress],
            )
            if rows and rows[0][0] and rows[0][1]:
                worker.send_signal(signal.SIGKILL)
                killed = {"done": rows[0][0], "remaining": rows[0][1], "pid": worker.pid}
            elif self.finished(cron_id, since, last_progress):
                break
            else:
                time.sleep(0.01)
        if not killed:
            self.event(f"{cron}: finished before a kill could land", killed=False)
            return
        self.event(f"{cron}: cron worker SIGKILLed mid-run", killed=True, **killed)
        new = self.cron_worker()
        while new and new.pid == killed["pid"]:
            time.sleep(0.2)
            new = self.cron_worker()
        self.event(f"{cron}: cron worker respawned", pid=new and new.pid)
        started = time.time()
        while not self.finished(cron_id, since, last_progress) and time.time() - started < 600:
            self.wake()
            time.sleep(0.5)
        self.event(
            f"{cron}: finished by the respawned worker",
            finished=self.finished(cron_id, since, last_progress),
            seconds=round(time.time() - started, 1),
        )

    # ------------------------------------------------------------------- run

    def locust(self):
        env = dict(
            os.environ,
            LOAD_FACTS=self.args.facts_path,
            LOAD_OUTCOMES=str(self.out / "outcomes.jsonl"),
            LOAD_USERS=str(self.args.users),
            LOAD_DB=self.args.db,
        )
        cmd = [
            sys.executable, "-m", "locust", "-f", str(HERE / "locustfile.py"), "--headless",
            "-u", str(self.args.users), "-r", str(max(1, self.args.users / 10)),
            "-t", f"{self.args.seconds}s", "--stop-timeout", "30",
            "--host", f"http://127.0.0.1:{self.port}", "--only-summary",
            "--loglevel", "WARNING",
        ]  # fmt: skip
        return subprocess.Popen(
            cmd, env=env, stdout=open(self.out / "locust.log", "wb"), stderr=subprocess.STDOUT
        )

    def at(self, fraction):
        """Sleeps until that fraction of the run."""
        delay = self.users_start + fraction * self.args.seconds - time.time()
        if delay > 0:
            time.sleep(delay)

    def main(self):
        self.start_server()
        self.event("server up", port=self.port, workers=self.args.workers)
        users = self.locust()
        self.users_start = time.time()
        self.event("users start", users=self.args.users, seconds=self.args.seconds)
        self.at(0.15)
        self.kill_mid_batch("cadence")
        self.at(0.35)
        self.kill_mid_batch("reconcile")
        self.at(0.55)
        self.restart()
        self.at(0.65)
        self.run_cron("reclaim")
        self.at(0.75)
        self.run_cron("cadence")
        self.at(0.85)
        self.run_cron("reconcile")
        users.wait()
        self.event("users stop", rc=users.returncode)
        # the next night: whatever a killed run left, these runs finish
        ok = all(self.run_cron(cron) for cron in ("reclaim", "cadence", "reconcile"))
        self.stop_server()
        self.event("server stopped")
        return 0 if ok else 1

    def save(self):
        (self.out / "events.json").write_text(
            json.dumps({"events": self.events, "port": self.port}, indent=1), encoding="utf-8"
        )


def main():
    parser = argparse.ArgumentParser()
    for name in ("db", "db-user", "out", "facts-path", "odoo-python", "odoo-bin", "odoo-conf"):
        parser.add_argument(f"--{name}", required=True)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--seconds", type=int, default=300)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    args.facts = json.loads(Path(args.facts_path).read_text(encoding="utf-8"))
    run = Run(args)
    try:
        sys.exit(run.main())
    finally:
        run.stop_server()
        run.save()


if __name__ == "__main__":
    main()
