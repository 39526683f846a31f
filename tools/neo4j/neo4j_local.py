#!/usr/bin/env python3
"""Install, start and stop a local Neo4j 5.26 Community server without Docker.

The server's jars come from Maven Central (``pom.xml`` beside this script) into a git-ignored home
(default ``<repo>/.neo4j``, or ``--home`` / ``SAIDGRAPH_NEO4J_HOME``). It listens on loopback only, and
``LOAD CSV`` may neither read its files nor fetch from any address. A running server started with an
older config is restarted with the current one.

  python3 tools/neo4j/neo4j_local.py install          # fetch the jars once (about 120 MB)
  python3 tools/neo4j/neo4j_local.py start            # start, wait for Bolt, print bolt://127.0.0.1:PORT
  python3 tools/neo4j/neo4j_local.py start --password s3cret   # auth on, password set on first start
  python3 tools/neo4j/neo4j_local.py status
  python3 tools/neo4j/neo4j_local.py stop
  python3 tools/neo4j/neo4j_local.py wipe             # stop and delete the data (empty graph next start)

Needs Java 17 and Maven on PATH. Exit code 0 on success, 1 with one line on stderr otherwise.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
VERSION = "5.26.30"
JVM_FLAGS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--enable-native-access=ALL-UNNAMED",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
]


class Failure(Exception):
    """A step failed; the message is the one line shown to the user."""


def home_dir(arg: str | None) -> Path:
    return Path(arg or os.environ.get("SAIDGRAPH_NEO4J_HOME") or REPO / ".neo4j").resolve()


def install(home: Path) -> None:
    """Fetch the server's jars into ``home/lib`` unless this version is already there."""
    marker = home / "lib" / ".version"
    if marker.is_file() and marker.read_text().strip() == VERSION:
        return
    for tool in ("mvn", "java"):
        if shutil.which(tool) is None:
            raise Failure(
                f"{tool} is not on PATH; install Java 17 and Maven (apt-get install openjdk-17-jre maven)"
            )
    lib = home / "lib"
    if lib.exists():
        shutil.rmtree(lib)
    started = time.monotonic()
    done = subprocess.run(
        [
            "mvn",
            "-B",
            "-q",
            "-f",
            str(HERE / "pom.xml"),
            "dependency:copy-dependencies",
            "-DincludeScope=runtime",
            f"-DoutputDirectory={lib}",
            f"-Dneo4j.version={VERSION}",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise Failure(f"Maven could not fetch Neo4j {VERSION} (exit {done.returncode}); output above")
    marker.write_text(VERSION + "\n")
    print(
        f"installed Neo4j {VERSION} Community into {lib} in {time.monotonic() - started:.0f} s",
        file=sys.stderr,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def bolt_answers(port: int, timeout: float = 2.0) -> bool:
    """Whether a Bolt server answers the handshake on 127.0.0.1:port."""
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
            sock.sendall(bytes.fromhex("6060B017") + bytes.fromhex("00000505000004040000000400000003"))
            answer = sock.recv(4)
            return len(answer) == 4 and answer != b"\x00\x00\x00\x00"
    except OSError:
        return False


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def running(home: Path) -> tuple[int, int] | None:
    """(pid, port) of this home's server if its process is alive."""
    pid_file, port_file = home / "run" / "saidgraph.pid", home / "run" / "saidgraph.port"
    try:
        pid, port = int(pid_file.read_text()), int(port_file.read_text())
    except (OSError, ValueError):
        return None
    return (pid, port) if pid_alive(pid) else None


def config_text(home: Path, port: int, *, auth: bool) -> str:
    """The ``neo4j.conf`` this script writes for a server in ``home`` on ``port``."""
    settings = {
        "dbms.security.auth_enabled": "true" if auth else "false",
        "server.default_listen_address": "127.0.0.1",
        "server.bolt.enabled": "true",
        "server.bolt.listen_address": f"127.0.0.1:{port}",
        "server.bolt.tls_level": "DISABLED",
        "server.http.enabled": "false",
        "server.https.enabled": "false",
        "server.directories.data": str(home / "data"),
        "server.directories.logs": str(home / "logs"),
        "server.directories.plugins": str(home / "plugins"),
        "server.directories.run": str(home / "run"),
        "server.memory.pagecache.size": os.environ.get("SAIDGRAPH_NEO4J_PAGECACHE", "512m"),
        "dbms.usage_report.enabled": "false",
        "db.transaction.timeout": "0s",
        # Defence in depth under the read-only Cypher console: even a query that got past its checks
        # cannot read the server's files or make it fetch a URL (every address is blocked for LOAD CSV),
        # and one transaction cannot take more than this much of the heap.
        "dbms.security.allow_csv_import_from_file_urls": "false",
        "server.directories.import": str(home / "import"),
        "internal.dbms.cypher_ip_blocklist": "0.0.0.0/0,::/0",
        "db.memory.transaction.max": os.environ.get("SAIDGRAPH_NEO4J_TX_MEMORY", "512m"),
    }
    return "".join(f"{k}={v}\n" for k, v in settings.items())


def write_config(home: Path, port: int, *, auth: bool) -> None:
    for sub in ("conf", "data", "logs", "run", "plugins", "import"):
        (home / sub).mkdir(parents=True, exist_ok=True)
    (home / "conf" / "neo4j.conf").write_text(config_text(home, port, auth=auth))


def configured_as_now(home: Path, port: int, *, auth: bool) -> bool:
    """Whether the server in ``home`` was started with the config this script writes today."""
    try:
        return (home / "conf" / "neo4j.conf").read_text() == config_text(home, port, auth=auth)
    except OSError:
        return False


def log_tail(home: Path, lines: int = 20) -> str:
    try:
        return "\n".join((home / "logs" / "console.log").read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no console log)"


def set_initial_password(port: int, password: str, timeout: float) -> None:
    """Change the default neo4j/neo4j password on first start (needs the neo4j Python driver)."""
    try:
        from neo4j import GraphDatabase
        from neo4j.exceptions import AuthError, ClientError, ServiceUnavailable
    except ImportError as exc:
        raise Failure("--password needs the neo4j Python driver (pip install neo4j)") from exc
    uri = f"bolt://127.0.0.1:{port}"
    with GraphDatabase.driver(uri, auth=("neo4j", password)) as driver:
        try:
            driver.verify_connectivity()
            return
        except AuthError:
            pass
    deadline = time.monotonic() + timeout
    with GraphDatabase.driver(uri, auth=("neo4j", "neo4j")) as driver:
        while True:
            try:
                driver.execute_query(
                    "ALTER CURRENT USER SET PASSWORD FROM 'neo4j' TO $password",
                    password=password,
                    database_="system",
                )
                return
            except AuthError as exc:
                raise Failure(
                    "the server in this home already has another password; "
                    "run 'neo4j_local.py wipe' to start from an empty database"
                ) from exc
            except (ClientError, ServiceUnavailable) as exc:
                if time.monotonic() > deadline:
                    raise Failure(f"could not set the initial password: {exc}") from exc
                time.sleep(1)


def start(home: Path, port: int | None, *, password: str | None, timeout: float) -> str:
    """Start the server (installing it first if needed) and return its Bolt URI."""
    current = running(home)
    if current is not None:
        _, current_port = current
        same_config = configured_as_now(home, current_port, auth=password is not None)
        if same_config and bolt_answers(current_port) and port in (None, current_port):
            if password is not None:
                set_initial_password(current_port, password, timeout=timeout)
            return f"bolt://127.0.0.1:{current_port}"
        stop(home)
    install(home)
    if shutil.which("java") is None:
        raise Failure("java is not on PATH; install Java 17 (apt-get install openjdk-17-jre)")
    port = port or free_port()
    write_config(home, port, auth=password is not None)
    heap = os.environ.get("SAIDGRAPH_NEO4J_HEAP", "1g")
    command = [
        "java",
        "-Xms512m",
        f"-Xmx{heap}",
        *JVM_FLAGS,
        "-cp",
        str(home / "lib" / "*"),
        "org.neo4j.server.CommunityEntryPoint",
        f"--home-dir={home}",
        f"--config-dir={home / 'conf'}",
        "--console-mode",
    ]
    with (home / "logs" / "console.log").open("ab") as log:
        process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
        )
    (home / "run" / "saidgraph.pid").write_text(str(process.pid))
    (home / "run" / "saidgraph.port").write_text(str(port))
    deadline = time.monotonic() + timeout
    while not bolt_answers(port):
        code = process.poll()
        if code is not None:
            meaning = {2: "store in use by another process", 3: "bad config or memory over RAM"}.get(code, "")
            raise Failure(f"Neo4j exited with code {code} {meaning}\n{log_tail(home)}")
        if time.monotonic() > deadline:
            stop(home)
            raise Failure(f"Neo4j did not answer on port {port} within {timeout:.0f} s\n{log_tail(home)}")
        time.sleep(0.5)
    if password is not None:
        set_initial_password(port, password, timeout=max(10.0, deadline - time.monotonic()))
    return f"bolt://127.0.0.1:{port}"


def stop(home: Path, *, grace: float = 30.0) -> bool:
    """Stop this home's server (SIGTERM, then SIGKILL after ``grace`` seconds)."""
    current = running(home)
    if current is None:
        with contextlib.suppress(FileNotFoundError):
            (home / "run" / "saidgraph.pid").unlink()
        return False
    pid, _ = current
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pid_alive(pid) and time.monotonic() < deadline:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        time.sleep(0.3)
    if pid_alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(FileNotFoundError):
        (home / "run" / "saidgraph.pid").unlink()
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0] if __doc__ else None,
        epilog=__doc__.split("\n\n", 2)[2] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--home", help="server home (default <repo>/.neo4j or SAIDGRAPH_NEO4J_HOME)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("install", help="fetch the jars from Maven Central (once)")
    start_cmd = sub.add_parser("start", help="start the server and print its Bolt URI")
    start_cmd.add_argument("--port", type=int, default=0, help="Bolt port (default: a free one)")
    start_cmd.add_argument("--password", help="turn auth on with this password for user neo4j")
    start_cmd.add_argument("--timeout", type=float, default=180.0, help="seconds to wait for Bolt (180)")
    sub.add_parser("stop", help="stop the server")
    sub.add_parser("status", help="say whether the server runs, and where")
    sub.add_parser("wipe", help="stop the server and delete its data")
    args = parser.parse_args(argv)
    home = home_dir(args.home)
    try:
        if args.command == "install":
            install(home)
            print(f"Neo4j {VERSION} is installed in {home / 'lib'}")
        elif args.command == "start":
            print(start(home, args.port or None, password=args.password, timeout=args.timeout))
        elif args.command == "stop":
            print("stopped" if stop(home) else "not running")
        elif args.command == "status":
            current = running(home)
            if current and bolt_answers(current[1]):
                print(f"running (pid {current[0]}) at bolt://127.0.0.1:{current[1]}")
            else:
                print("stopped")
                return 3
        elif args.command == "wipe":
            stop(home)
            shutil.rmtree(home / "data", ignore_errors=True)
            print(f"wiped {home / 'data'}")
    except Failure as exc:
        print(f"neo4j_local: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
