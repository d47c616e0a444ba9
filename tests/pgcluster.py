"""A throwaway PostgreSQL cluster for the tests [io]: ``initdb`` in a temporary folder, run as
an unprivileged user when the tests run as root (CI does), listening on 127.0.0.1 on a free port.

Debian's ``postgresql`` package provides the binaries (``/usr/lib/postgresql/<version>/bin``;
``.ci/run`` installs it when missing). When they are missing, ``start`` raises: the PostgreSQL
tests fail loudly, never skip.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

PG_ROOT = Path("/usr/lib/postgresql")
USER = "monitor"  # the cluster's superuser (trust authentication on 127.0.0.1 only)
RUN_AS = "nobody"  # who runs the server when the tests run as root


class NoPostgres(RuntimeError):
    """PostgreSQL's server binaries are not installed."""


def _bin_dir() -> Path:
    versions = sorted(PG_ROOT.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise NoPostgres(
            "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb):"
            " apt-get install -y postgresql (as .ci/run does)"
        )
    return versions[-1].parent


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Cluster:
    """A running cluster; ``url(db)`` is a libpq URL of one of its databases."""

    folder: Path
    bin_dir: Path
    port: int
    databases: int = 0

    @classmethod
    def start(cls) -> Cluster:
        bin_dir = _bin_dir()
        folder = Path(tempfile.mkdtemp(prefix="monitor-pg-"))
        cluster = cls(folder, bin_dir, _free_port())
        if os.geteuid() == 0:
            shutil.chown(folder, RUN_AS)
        cluster._run("initdb", "-D", str(folder / "data"), "-U", USER, "--auth=trust",
                     "--no-sync", "-E", "UTF8", "--locale=C.UTF-8")  # fmt: skip
        cluster.start_server()
        return cluster

    def start_server(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder} -c fsync=off"
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-l", str(self.folder / "log"),
                  "-w", "-o", options, "start")  # fmt: skip

    def stop_server(self) -> None:
        """Stop the server as an administrator does (``-m fast``: connections are ended)."""
        self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bin_dir / program), *args]
        if os.geteuid() == 0:
            command = ["setpriv", f"--reuid={RUN_AS}", "--regid=nogroup", "--clear-groups",
                       *command]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
        if done.returncode != 0:
            raise RuntimeError(f"{program} failed: {done.stderr or done.stdout}")

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://{USER}@127.0.0.1:{self.port}/{db}"

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        import psycopg

        self.databases += 1
        name = f"monitor_test_{self.databases}"
        with psycopg.connect(self.url(), autocommit=True) as admin:
            admin.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def stop(self) -> None:
        try:
            if (self.folder / "data" / "postmaster.pid").exists():  # else stopped already
                self._run("pg_ctl", "-D", str(self.folder / "data"), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)
