"""What bin/bench and bin/soak share: running commands, ports, waiting for a server, a
process's memory, and the machine's description for a report."""

import os
import platform
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def run(*cmd, **kw):
    """Runs a command from the project root (unless `cwd` says otherwise), echoing it first."""
    print("+", " ".join(str(c) for c in cmd), flush=True)
    return subprocess.run(cmd, check=True, cwd=kw.pop("cwd", ROOT), **kw)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url, seconds=60, what=None):
    """Waits for `url` to answer 200; exits with a message when it does not in time."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"{what or url} did not answer")


def memory_mb(pid, field="VmHWM"):
    """A process's memory from /proc: VmHWM (peak resident) or VmRSS (resident now)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def machine():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown CPU")
    mem_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return f"{os.cpu_count()} cores ({cpu}), {mem_kb / 1024 / 1024:.0f} GiB, {platform.system()} {platform.release()}"
