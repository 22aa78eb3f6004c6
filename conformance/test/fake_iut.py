#!/usr/bin/python3
"""fake_iut.py SHIM MODE: a misbehaving implementation for testing imref check.

It forwards every request to the real reference shim SHIM and then
misbehaves as MODE says, so each runner guarantee can be tested:
  honest        forward everything unchanged
  decode-only   announce only hello and identity.decode (the rest is skipped)
  accept-all    answer every identity.decode with success (a lying decoder)
  crash-at-N    exit without answering request N (1-based)
  garble-at-N   answer request N with a line that is not JSON
  wrong-id-at-N answer request N with another id
  hang-at-N     never answer request N
  endless-at-N  answer request N with a line that never ends
  dead-after-N  exit without answering request N; every later start exits
                at once, before hello (an implementation that cannot restart)
  not-shim      answer hello as something else
  seed-first    refuse a pair.seal whose seed is not 11 bytes before any other
                check: a wrong order of refusals (REQ-PAIR-19), right below strict
  inline-101    not the shim: the Python example implementation
                (conformance/examples/python) with one defect, 101 bytes of
                ciphertext in the RSA block of pair.seal instead of 100
                (REQ-PAIR-4); SHIM is ignored
"""
import json
import os
import subprocess
import sys
import time


def python_example_with_inline_101() -> int:
    here = os.path.dirname(os.path.abspath(__file__))
    sys.path.insert(0, os.path.join(here, "..", "examples", "python"))
    import imref_shim  # pylint: disable=import-outside-toplevel
    imref_shim.INLINE_CT = 101
    imref_shim.main()
    return 0


def endless_line() -> int:
    chunk = "x" * 65536
    try:
        while True:
            sys.stdout.write(chunk)
    except (BrokenPipeError, OSError):
        return 0


def main() -> int:
    shim, mode = sys.argv[1], sys.argv[2]
    if mode == "inline-101":
        return python_example_with_inline_101()
    kind, _, n = mode.partition("-at-")
    if mode.startswith("dead-after-"):
        kind, n = "dead", mode[len("dead-after-"):]
    target = int(n) if n else -1
    # Misbehave once per runner: the runner restarts us after a failure, and
    # the restarted process must behave, so each mode fails exactly one case;
    # but dead-after-N stays dead.
    marker = f"/tmp/imref-fake-iut-{os.getppid()}-{mode}"
    if target > 0 and os.path.exists(marker):
        if kind == "dead":
            return 3
        target = -1
    child = subprocess.Popen([shim], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    count = 0
    for line in sys.stdin:
        count += 1
        request = json.loads(line)
        child.stdin.write(line)
        child.stdin.flush()
        response = json.loads(child.stdout.readline())
        if request.get("op") == "hello":
            if mode == "not-shim":
                response = {"id": request["id"], "ok": True, "protocol": "other/9"}
            elif mode == "decode-only":
                response["ops"] = ["hello", "identity.decode"]
        if mode == "accept-all" and request.get("op") == "identity.decode":
            response = {"id": request["id"], "ok": True, "signing_public": "04",
                        "rsa_modulus": "00", "rsa_exponent": "010001", "identity_hash": "00"}
        if mode == "seed-first" and request.get("op") == "pair.seal" and \
                len(request.get("seed", "0" * 22)) != 22:
            response = {"id": request["id"], "ok": False, "error": "invalid_argument",
                        "detail": "seed checked first"}
        if count == target:
            open(marker, "w").close()
            if kind in ("crash", "dead"):
                return 3
            if kind == "endless":
                return endless_line()
            if kind == "garble":
                print("this is not json", flush=True)
                continue
            if kind == "wrong-id":
                response["id"] = request["id"] + 1000
            if kind == "hang":
                time.sleep(3600)
        print(json.dumps(response), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
