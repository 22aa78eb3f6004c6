#!/usr/bin/python3
"""in_pty.py COMMAND ARGS...: runs COMMAND with its stderr on a terminal (a
pseudo-terminal) and its stdout on ours; copies what it wrote to the
terminal to our stdout, carriage returns shown as "<CR>", then exits with
its status. For the tests of imref check's progress line (REQ-CHECK-10)."""
import os
import pty
import subprocess
import sys


def main() -> int:
    leader, follower = pty.openpty()
    proc = subprocess.Popen(sys.argv[1:], stderr=follower)
    os.close(follower)
    seen = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the command closed the terminal
            break
        if not chunk:
            break
        seen += chunk
    status = proc.wait()
    sys.stdout.flush()
    sys.stdout.write("terminal: " + seen.decode(errors="replace").replace("\r", "<CR>") + "\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
