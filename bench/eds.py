"""Benchmark of ЭЦП verification: CMS signature, chain to the roots, OCSP against a local responder.

Usage:  .venv/bin/python bench/eds.py [--runs 200] [--gost]
Builds a test НУЦ (root, intermediate, RSA-2048 keys; with --gost its GOST R 34.10-2015 512-bit
branch) with tests/eds_pki.py, serves its OCSP
responder on 127.0.0.1 (real HTTP, real OCSP), and times `verify_signature` on a fresh CMS over
a fresh challenge each run; the parts are timed on their own too. Target: p95 ≤ 50 ms (RSA),
≤ 1500 ms (GOST: pure-Python curve arithmetic, three signature checks a login).
"""
import argparse
import multiprocessing
import socket
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal.identity.chain import build_chain  # noqa: E402
from portal.identity.cms import open_signed  # noqa: E402
from portal.identity.revocation import check_crl, check_ocsp  # noqa: E402
from portal.identity.signature import decode_cms, verify_signature  # noqa: E402
from portal.identity.trust import load_trust  # noqa: E402
from portal.timeutil import now_utc  # noqa: E402
from tests.eds_pki import Responder, make_pki  # noqa: E402

TARGET_P95_MS = {False: 50.0, True: 1500.0}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(pki, port: int) -> None:
    """The OCSP responder and CRL publisher, in its own process."""
    Responder(pki, port).thread.join()


def wait_for(port: int) -> None:
    """Until the responder accepts connections."""
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)
    raise SystemExit("the OCSP responder did not start")


def timed(runs: int, make, work) -> list[float]:
    """Milliseconds of `work(made)` over `runs` runs; `make()` prepares each run outside the clock."""
    times = []
    for _ in range(runs):
        made = make()
        start = time.perf_counter()
        work(made)
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--gost", action="store_true", help="the GOST branch instead of RSA")
    args = parser.parse_args()
    pki = make_pki(gost=args.gost)
    port = free_port()
    kind = "gost" if args.gost else "rsa"
    pki.ocsp_url, pki.crl_url = f"http://127.0.0.1:{port}/ocsp", f"http://127.0.0.1:{port}/nca_{kind}.crl"
    config = pki.write_trust(Path(tempfile.mkdtemp(prefix="bench-eds-")))
    head = pki.person("880101300123", "120440012345")
    # The responder is another process, as НУЦ's is: its signing does not share this process's GIL.
    responder = multiprocessing.get_context("fork").Process(target=serve, args=(pki, port), daemon=True)
    responder.start()
    wait_for(port)
    trust = load_trust(config["EDS_ROOT_CERTS"], config["EDS_INTERMEDIATE_CERTS"])
    counter = iter(range(10 ** 9))

    def fresh():
        challenge = f"b2b-portal:claim:bench-{next(counter)}".encode()
        return challenge, head.sign(challenge)

    verify_signature(*reversed(fresh()), config)  # warm up: imports, trust files, connection set-up
    rows = {
        "verify_signature (all, OCSP)": timed(args.runs, fresh, lambda m: verify_signature(m[1], m[0], config)),
        "  CMS parse + signature": timed(args.runs, fresh, lambda m: open_signed(decode_cms(m[1]))),
        "  chain to root (2 links)": timed(args.runs, lambda: head.cert, lambda c: build_chain(c, trust, now_utc())),
        "  OCSP request + answer check": timed(args.runs, lambda: None,
                                              lambda _: check_ocsp(head.cert, pki.intermediate.cert, config, now_utc())),
        "  CRL lookup (cached list)": timed(args.runs, lambda: None,
                                           lambda _: check_crl(head.cert, pki.intermediate.cert, config, now_utc())),
        "verify_signature (all, CRL)": timed(args.runs, fresh, lambda m: verify_signature(
            m[1], m[0], {**config, "EDS_REVOCATION": "crl"})),
    }
    responder.terminate()
    algorithm = "GOST R 34.10-2015 512/Streebog-512" if args.gost else "RSA-2048/SHA-256"
    print(f"ЭЦП verification, {algorithm}, {args.runs} runs each (ms)")
    print(f"{'step':34} {'p50':>7} {'p95':>7} {'max':>7}")
    for name, values in rows.items():
        print(f"{name:34} {statistics.median(values):7.2f} {percentile(values, 95):7.2f} {max(values):7.2f}")
    p95 = percentile(rows["verify_signature (all, OCSP)"], 95)
    target = TARGET_P95_MS[args.gost]
    verdict = "OK" if p95 <= target else "OVER"
    print(f"target: full verification with OCSP p95 ≤ {target:.0f} ms → {p95:.2f} ms {verdict}")


if __name__ == "__main__":
    main()
