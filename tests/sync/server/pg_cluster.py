"""A throwaway PostgreSQL cluster for the server tests: initdb + pg_ctl in a temporary folder
on a free port, run as an unprivileged user when the tests run as root (PostgreSQL refuses
root). Installed from Debian by packaging/setup.sh (`postgresql` in TEST_PACKAGES)."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ADMIN = "admin"
ADMIN_PASSWORD = "admin-secret"
DATABASE = "city"
UNPRIVILEGED = "nobody"


def postgres_bin() -> Path:
    for candidate in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (candidate / "initdb").exists():
            return candidate
    found = shutil.which("initdb")
    if found:
        return Path(found).parent
    raise RuntimeError("PostgreSQL is not installed: run packaging/setup.sh test")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class Cluster:
    folder: Path
    port: int

    def url(self, user: str = ADMIN, password: str | None = ADMIN_PASSWORD,
            database: str = DATABASE) -> str:  # fmt: skip
        secret = f":{password}" if password else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"


def _as_owner(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", UNPRIVILEGED, "--", *command]


@contextlib.contextmanager
def running_cluster() -> Iterator[Cluster]:
    binaries = postgres_bin()
    folder = Path(tempfile.mkdtemp(prefix="survey-pg-"))
    data, password_file = folder / "data", folder / "pw"
    password_file.write_text(ADMIN_PASSWORD + "\n")
    if os.geteuid() == 0:
        owner = pwd.getpwnam(UNPRIVILEGED)
        for path in (folder, password_file):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = free_port()
    quiet = {"check": True, "stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    subprocess.run(_as_owner([
        str(binaries / "initdb"), "-D", str(data), "-U", ADMIN, f"--pwfile={password_file}",
        "--auth-host=scram-sha-256", "--auth-local=trust", "-E", "UTF8", "--no-sync",
        "--locale=C.UTF-8",
    ]), **quiet)  # fmt: skip
    options = (
        f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off "
        "-c synchronous_commit=off -c full_page_writes=off -c max_connections=120 "
        "-c shared_buffers=64MB"
    )
    subprocess.run(_as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                              "-l", str(folder / "log"), "-w", "start"]), **quiet)  # fmt: skip
    try:
        subprocess.run(
            _as_owner([str(binaries / "createdb"), "-h", str(folder), "-p", str(port),
                       "-U", ADMIN, DATABASE]), **quiet)  # fmt: skip
        yield Cluster(folder, port)
    finally:
        subprocess.run(
            _as_owner([str(binaries / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
