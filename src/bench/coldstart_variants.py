#!/usr/bin/env python3
"""Cold start of several ways to start an HTTP server, interleaved: process spawn -> first 200 answer
to POST /classify with one review, ROUNDS rounds, medians. The poller is this one process (a refused
connect costs microseconds), not a curl per attempt, so it takes little of a 2-core machine.

Usage, from the repository root:
  python3 src/bench/coldstart_variants.py [--threads] ROUNDS 'name=shell command' ['name=shell command' ...]
Each command gets a free port as {port} and in $PORT (the Node peer reads PORT), e.g.
  python3 src/bench/coldstart_variants.py 7 \\
    'app=exec bash src/serving/bin/run.sh -Dquarkus.http.port={port}' \\
    'tiny=SIFT_MODEL_BUNDLE=$PWD/src/core/test/resources/bundles/tiny-classifier exec bash src/serving/bin/run.sh -Dquarkus.http.port={port}' \\
    'peer=cd target/peer-node && exec node serve.mjs'
Prints each variant's median and runs, then the last start-up breakdown line sift logged (if any).
--threads also prints, per variant, the median CPU of each thread (by its name) at the first answer:
where a start's CPU goes without a profiler, which (an agent or JFR started with the JVM) would
leave the AOT cache unused. It reads /proc/<pid>/task/*/stat at every poll, to catch threads that
end before the answer (sift's model-load thread), so it takes some CPU from the start it measures:
compare its wall times only with each other.
"""
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time

BODY = json.dumps({"texts": ["房间很干净，服务也热情，就是早餐品种少了点，总体满意。"]}).encode()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def first_answer(port):
    request = (b"POST /classify HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
               b"Content-Length: %d\r\nConnection: close\r\n\r\n" % len(BODY)) + BODY
    with socket.create_connection(("127.0.0.1", port), timeout=30) as c:
        c.sendall(request)
        answer = b""
        while chunk := c.recv(65536):
            answer += chunk
    if not answer.startswith(b"HTTP/1.1 200"):
        return False
    # A 200 that does not classify (an empty object from a broken serializer, say) must not be timed
    # as a start: sift's answer and the peer's both hold results with labels.
    if b'"results"' not in answer or b'"label"' not in answer:
        sys.exit(f"port {port} answered 200 without a classification:\n{answer[-1000:].decode(errors='replace')}")
    return True


def cpu_millis(pid):
    """CPU time (user + system, all threads) the process has used so far, in ms: /proc/<pid>/stat
    fields 14 and 15, in clock ticks (USER_HZ, 100 on Linux). On 2 cores a start that uses more CPU
    than its wall time is contending for the cores, and this, not the wall time, is what a cut of
    work shows most steadily."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return None


def thread_cpu(pid, seen):
    """Updates seen (thread id -> (name, CPU ms)) from /proc/<pid>/task/*/stat, fields 14 and 15 as in cpu_millis."""
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return
    for tid in tasks:
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as stat:
                text = stat.read()
        except OSError:
            continue  # the thread ended meanwhile: its last reading stays
        name = text[text.index("(") + 1:text.rindex(")")]
        fields = text.rsplit(")", 1)[1].split()
        seen[tid] = (name, (int(fields[11]) + int(fields[12])) * 1000 // os.sysconf("SC_CLK_TCK"))


def cold_start(command, threads=False):
    """(ms from spawn to the first 200, CPU ms the process used by then, the last 'cold start:' line of its log,
    CPU ms by thread name at the answer when threads is set, else None)."""
    port = free_port()
    with tempfile.TemporaryFile("w+") as log:
        start = time.monotonic()
        process = subprocess.Popen(command.replace("{port}", str(port)), shell=True, env=dict(os.environ, PORT=str(port)),
                                   stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        seen = {}
        try:
            while True:
                if threads:
                    thread_cpu(process.pid, seen)
                try:
                    if first_answer(port):
                        break
                except OSError:
                    pass  # not listening yet
                if process.poll() is not None:
                    log.seek(0)
                    sys.exit(f"{command!r} exited with {process.returncode}:\n{log.read()[-2000:]}")
                if time.monotonic() - start > 60:
                    sys.exit(f"{command!r} gave no 200 within 60 s")
                time.sleep(0.005)
            millis = (time.monotonic() - start) * 1000
            cpu = cpu_millis(process.pid)  # the command execs the server, so this pid is the server
            if threads:
                thread_cpu(process.pid, seen)
            time.sleep(0.3)  # sift logs its breakdown right after the answer
        finally:
            try:
                os.killpg(process.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass  # it exited by itself (the error above says how)
            process.wait()
        log.seek(0)
        lines = [line[line.index("cold start:"):] for line in log if "cold start:" in line]
    by_name = None
    if threads:
        by_name = {}
        for name, millis_used in seen.values():
            by_name[name] = by_name.get(name, 0) + millis_used
    return millis, cpu, lines[-1].strip() if lines else "", by_name


def main():
    args = sys.argv[1:]
    threads = bool(args) and args[0] == "--threads"
    if threads:
        args = args[1:]
    if len(args) < 2 or not args[0].isdigit() or any("=" not in a for a in args[1:]):
        sys.exit(__doc__)
    rounds = int(args[0])
    variants = [arg.split("=", 1) for arg in args[1:]]
    runs = {name: [] for name, _ in variants}
    cpus = {name: [] for name, _ in variants}
    by_thread = {name: {} for name, _ in variants}
    last = {}
    for round_ in range(1, rounds + 1):
        for name, command in variants:  # interleaved, so drift hits every variant alike
            millis, cpu, breakdown, thread_millis = cold_start(command, threads)
            runs[name].append(round(millis))
            if cpu is not None:
                cpus[name].append(cpu)
            for thread, used in (thread_millis or {}).items():
                by_thread[name].setdefault(thread, []).append(used)
            last[name] = breakdown
            print(f"round {round_} {name}: {round(millis)} ms", file=sys.stderr)
    print(f"spawn -> first classify 200, {rounds} rounds interleaved, {os.cpu_count()} cores, "
          f"load {open('/proc/loadavg').read().split()[:3]}")
    for name, _ in variants:
        cpu = f"  CPU median {statistics.median(cpus[name]):5.0f} ms" if cpus[name] else ""
        print(f"{name:14s} median {statistics.median(runs[name]):6.0f} ms{cpu}  runs {runs[name]}")
    if threads:
        for name, _ in variants:
            # A thread absent from some starts counts 0 there: the median is over every start.
            medians = {thread: statistics.median(used + [0] * (rounds - len(used))) for thread, used in by_thread[name].items()}
            shown = ", ".join(f"{thread} {m:.0f}" for thread, m in sorted(medians.items(), key=lambda kv: -kv[1]) if m > 0)
            print(f"{name:14s} CPU ms by thread (median at the first answer): {shown}")
    for name, _ in variants:
        if last[name]:
            print(f"{name}, last run's {last[name]}")


if __name__ == "__main__":
    main()
