"""Where the engine's own cost per submission goes: the unit costs, in CPU seconds.

bench_batch.py says how much CPU a submission costs beyond the checks' numeric
work (issue 15: the engine's own cost, target <= 0.05 CPU s for the class mix). This
benchmark takes that figure apart into the unit costs it is made of, each measured on
its own in a loop (CPU seconds of this process, the trusted side, and of the worker
process tree, the student side), and counts how often a graded reference submission
pays each one:

  * fork floor: fork and exit of a process that has imported NumPy, with no sandbox
    (the least a fresh process per student module can cost);
  * round-trip floor: a small JSON frame each way between two Python processes over a
    socketpair, with no engine (the least a call into another process can cost), also
    with the two kept to two CPUs and to one (why a run and its worker share one CPU);
  * worker: a grading run's one worker child (its sandbox run, the fork by the zygote,
    one import and hello per student module, as many modules as the course has) and
    stopping it, for one-line modules and for a course module with its helpers; given
    per submission and per module;
  * call: one call into student code and its reply (a trivial function; small arrays);
  * callback: one call of a patched course function from student code (a nested
    round trip inside a call);
  * per submission: how many worker processes, calls and callbacks a complete
    reference submission makes, and what they add up to.

    PYTHONPATH=. python3 benchmarks/bench_engine.py [-n 2000]

Figures vary with the machine's load (printed): take them as proportions.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))

from bench_batch import _cpu_of_tree, load, user_sys_of_tree  # noqa: E402
from bench_grade import machine  # noqa: E402

LIMITS = {"memory_mb": 2048, "output_kb": 64, "cpu_seconds": 60, "call_timeout": 10.0, "module_timeout": 600.0,
          "file_mb": 16}
TRIVIAL = b"import numpy as np\n\ndef f(x):\n    return x\n\ndef g(a, b):\n    return a @ b\n\ndef h(x):\n    return course(x)\n\ndef course(x):\n    return x\n"


def _self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


class Meter:
    """CPU seconds of this process and of the zygote's tree over a block, per repetition."""

    def __init__(self, zygote_pid: int, n: int):
        self.pid, self.n = zygote_pid, n

    def __enter__(self):
        self.g0, self.w0, self.t0 = _self_cpu(), _cpu_of_tree(self.pid), time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = (time.perf_counter() - self.t0) / self.n
        self.worker = (_cpu_of_tree(self.pid) - self.w0) / self.n
        self.grader = (_self_cpu() - self.g0) / self.n

    def line(self, label: str) -> str:
        return (f"  {label:<44s} grader {self.grader * 1e3:6.3f} + worker {self.worker * 1e3:6.3f} = "
                f"{(self.grader + self.worker) * 1e3:6.3f} ms CPU (wall {self.wall * 1e3:6.3f} ms)")


def fork_floor(n: int) -> tuple[float, float]:
    """(child, parent) CPU seconds of a fork and exit of this NumPy process."""
    import numpy as np

    np.zeros(1) @ np.zeros(1)
    child = 0.0
    before = _self_cpu()
    for _ in range(n):
        pid = os.fork()
        if pid == 0:
            os._exit(0)
        _, _, usage = os.wait4(pid, 0)
        child += usage.ru_utime + usage.ru_stime
    return child / n, (_self_cpu() - before) / n


def round_trip_floor(n: int, cpus: tuple[int | None, int | None] = (None, None)) -> tuple[float, float]:
    """(parent, child) CPU seconds of one round trip of small JSON frames over a socketpair, no engine.

    What a call into another Python process costs at the least on this machine: a
    length-prefixed JSON message each way, read with two recv_into, the parent
    waiting with poll as the grader does. The engine's call adds its encoding,
    checks and bookkeeping to this. `cpus`: the CPU the parent and the child each keep
    to (None: wherever the scheduler puts it), to compare a round trip across CPUs with
    one on a single CPU (what grader/sandbox/affinity.py gives a grading run).
    """
    import json
    import select
    import socket
    import struct

    prefix = struct.Struct("<QI")

    def send(sock, message):
        header = json.dumps({"m": message, "b": []}, separators=(",", ":")).encode()
        sock.sendall(prefix.pack(4 + len(header), len(header)) + header)

    def recv(sock):
        head = bytearray(12)
        if sock.recv_into(head) == 0:
            return None
        size, _ = prefix.unpack(head)
        body = bytearray(size - 4)
        sock.recv_into(body)
        return json.loads(body)["m"]

    ours, theirs = socket.socketpair()
    previous = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    pid = os.fork()
    if pid == 0:
        ours.close()
        if cpus[1] is not None:
            os.sched_setaffinity(0, {cpus[1]})
        while (message := recv(theirs)) is not None:
            send(theirs, {"op": "result", "id": message["id"], "seconds": 1.5e-6, "kind": "ok", "value": message["args"], "output": ""})
        os._exit(0)
    theirs.close()
    if cpus[0] is not None:
        os.sched_setaffinity(0, {cpus[0]})
    poller = select.poll()
    poller.register(ours, select.POLLIN)
    for i in range(n + 100):
        if i == 100:
            before = _self_cpu()
        send(ours, {"op": "call", "id": i, "fn": "f", "args": {"t": [1]}, "kwargs": {"d": []}})
        poller.poll(10_000)
        recv(ours)
    parent = (_self_cpu() - before) / n
    ours.close()
    _, _, usage = os.wait4(pid, 0)
    if cpus[0] is not None:
        os.sched_setaffinity(0, previous)
    return parent, (usage.ru_utime + usage.ru_stime) / (n + 100)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=2000, help="calls per call measurement (default 2000)")
    parser.add_argument("--workers", type=int, default=50, help="workers per start/stop measurement (default 50)")
    parser.add_argument("--rounds", type=int, default=5,
                        help="rounds of the one CPU vs GRADER_PIN_CPU=0 comparison (default 5)")
    args = parser.parse_args()

    import numpy as np

    from grader.course import load_course
    from grader.grading import grade_submission
    from grader.harness.runner import run_exercises
    from grader.sandbox import processes as sandbox
    from grader.sandbox.session import StudentModule, StudentSession

    print(f"machine: {machine()}")
    print(f"load average before: {load()}")
    child, parent = fork_floor(args.workers)
    print(f"  {'fork + exit of a NumPy process (no sandbox)':<44s} parent {parent * 1e3:6.3f} + child {child * 1e3:6.3f} = "
          f"{(parent + child) * 1e3:6.3f} ms CPU")

    parent, child = round_trip_floor(args.n)
    print(f"  {'round trip of small JSON frames (no engine)':<44s} parent {parent * 1e3:6.3f} + child {child * 1e3:6.3f} = "
          f"{(parent + child) * 1e3:6.3f} ms CPU")
    # Why a grading run and its worker share one CPU (grader/sandbox/affinity.py): the
    # same round trip with the two processes kept to two CPUs, then to one, interleaved.
    allowed = sorted(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else []
    if len(allowed) >= 2:
        pairs = {"two CPUs": (allowed[0], allowed[1]), "one CPU": (allowed[0], allowed[0])}
        totals: dict[str, list[float]] = {label: [] for label in pairs}
        for _ in range(3):
            for label, cpus in pairs.items():
                totals[label].append(sum(round_trip_floor(args.n // 2, cpus)))
        two, one = (sorted(totals[label])[1] for label in pairs)
        print(f"  {'the same round trip, pinned':<44s} two CPUs {two * 1e3:6.3f} vs one CPU {one * 1e3:6.3f} ms CPU "
              f"(median of 3, interleaved): {two / one:.1f}x")

    course = load_course(ROOT)
    spec = course.module("deep_nn")
    helpers = {f"{h}.py": course.provided_file(h) for h in spec.provided if course.provided_file(h).is_file()}
    kinds = {"one-line module": {"m.py": TRIVIAL},
             "deep_nn (reference) and its helpers": {"m.py": course.reference_file("deep_nn").read_bytes(), **helpers}}

    modules = len(course.manifest.modules)

    def as_module(files: dict, i: int) -> tuple[str, dict]:
        """Module m<i> with the kind's code (its helpers under their own names, shared)."""
        return f"m{i}", {(f"m{i}.py" if target == "m.py" else target): source for target, source in files.items()}

    def one_line_student(box):
        """The one-line module `m` in a started worker of `box`, called once (warm)."""
        worker = box.module("m", kinds["one-line module"], limits=LIMITS, student_modules=["m"])
        worker.start()
        student = StudentModule(StudentSession("m", worker, "exercises/m.py"))
        student.f(1)
        return student

    def one_run(files):
        """A grading run's sandbox with as many modules as a submission has, sharing its worker, each imported, then closed."""
        box = sandbox.acquire(secrets=False)
        try:
            workers = [box.module(name, own, limits=LIMITS, student_modules=[name])
                       for name, own in (as_module(files, i) for i in range(modules))]
            for worker in workers:  # as the runner does: every module made, then every import asked for
                worker.start()
            for worker in workers:
                if not worker.ready().ok:
                    sys.exit(f"the worker could not import the module: {worker.ready().error}")
            if len({worker.pid for worker in workers}) != 1:
                sys.exit("the modules of one run did not share one worker process")
        finally:
            box.close()

    one_run(kinds["one-line module"])  # the zygote started, unmeasured
    zygote = sandbox.shared_zygote().proc.pid
    units: dict[str, float] = {}
    runs = max(args.workers // modules, 1)
    print(f"worker per submission (a run's sandbox: one fork, {modules} imports and hellos, stop; per submission):")
    for label, files in kinds.items():
        split0 = user_sys_of_tree(zygote)
        with Meter(zygote, runs) as m:
            for _ in range(runs):
                one_run(files)
        user, system = (b - a for a, b in zip(split0, user_sys_of_tree(zygote)))
        print(m.line(label) + f"; worker user {user / runs * 1e3:.2f} + system {system / runs * 1e3:.2f} ms; "
              f"{(m.grader + m.worker) / modules * 1e3:.2f} ms per module")
        units.setdefault("worker", m.grader + m.worker)

    box = sandbox.acquire(secrets=False)
    try:
        student = one_line_student(box)
        a, b = np.ones((3, 4)), np.ones((4, 2))
        patched = student.patched(course=lambda x: x)
        print("one call into student code and its reply:")
        for label, call in (("trivial: f(1)", lambda: student.f(1)),
                            ("small arrays: g(3x4, 4x2)", lambda: student.g(a, b)),
                            ("with one callback: h(1) -> course(1)", lambda: patched.h(1))):
            with Meter(zygote, args.n) as m:
                for _ in range(args.n):
                    call()
            print(m.line(label))
            units.setdefault("call" if "callback" not in label else "call+callback", m.grader + m.worker)
        # The most sending calls ahead can save (bench_floor.py's "calls sent ahead"): the same
        # call, 25 at a time written to the worker in one piece before any reply is read.
        from bench_floor import _calls_in_flight
        from grader.sandbox.session import _Recorder

        batch, recorder = 25, _Recorder()
        with Meter(zygote, args.n // batch * batch) as m:
            for _ in range(args.n // batch):
                for ok, value in _calls_in_flight(student._session, [("g", (a, b), {}, None, recorder)] * batch):
                    if not ok:
                        sys.exit(f"a call sent ahead failed: {value}")
        print(m.line(f"small arrays, {batch} sent ahead at once"))
    finally:
        box.close()

    # How often a complete reference submission pays each unit.
    from support import reference_source, write_submission  # noqa: E402
    import tempfile

    with tempfile.TemporaryDirectory(prefix="bench-engine-") as tmp:
        sub = Path(tmp) / "student0000"
        write_submission(sub, {m.name: reference_source(m.name) for m in course.manifest.modules}, {})
        grade_submission(course, sub, student=sub.name)  # warm: the collected checks, the references
        from grader.sandbox import session as _session

        callbacks = [0]
        original = _session.StudentSession._serve_callback

        def counted(self, *a, **k):
            callbacks[0] += 1
            return original(self, *a, **k)

        _session.StudentSession._serve_callback = counted
        try:
            run = run_exercises(course, sub, student=sub.name, hidden=True)
        finally:
            _session.StudentSession._serve_callback = original

        # The same submission graded, and the same call made, with the run and its worker on
        # one CPU (the default) and with GRADER_PIN_CPU=0, interleaved in this one process.
        paired = {"one CPU": None, "GRADER_PIN_CPU=0": "0"}
        sub_cost: dict[str, list[float]] = {label: [] for label in paired}
        call_cost: dict[str, list[float]] = {label: [] for label in paired}
        saved = os.environ.get("GRADER_PIN_CPU")
        try:
            for _ in range(args.rounds):
                for label, value in paired.items():
                    os.environ.pop("GRADER_PIN_CPU", None)
                    if value is not None:
                        os.environ["GRADER_PIN_CPU"] = value
                    with Meter(sandbox.shared_zygote().proc.pid, 1) as m:
                        run_exercises(course, sub, student=sub.name, hidden=True)
                    sub_cost[label].append(m.grader + m.worker)
                    box = sandbox.acquire(secrets=False)
                    try:
                        student = one_line_student(box)
                        calls_per_round = max(args.n // 4, 1)
                        with Meter(sandbox.shared_zygote().proc.pid, calls_per_round) as m:
                            for _ in range(calls_per_round):
                                student.f(1)
                        call_cost[label].append(m.grader + m.worker)
                    finally:
                        box.close()
        finally:
            os.environ.pop("GRADER_PIN_CPU", None)
            if saved is not None:
                os.environ["GRADER_PIN_CPU"] = saved
    workers = 1  # one worker process per submission (more only after a crash, a timeout or an exit)
    calls = run.calls
    per_call = units["call"]
    per_callback = max(units["call+callback"] - per_call, 0.0)
    total = workers * units["worker"] + calls * per_call + callbacks[0] * per_callback
    print(f"a complete reference submission: {workers} worker process for {modules} modules, {calls} calls, "
          f"{callbacks[0]} callbacks")
    print(f"  => crossing the boundary costs at least {total * 1e3:.1f} ms CPU per submission "
          f"({workers} x {units['worker'] * 1e3:.2f} + {calls} x {per_call * 1e3:.3f} + {callbacks[0]} x {per_callback * 1e3:.3f})")
    print(f"the run and its worker on one CPU against GRADER_PIN_CPU=0 (grader + worker CPU, interleaved, median of {args.rounds}):")
    on, off = paired
    call_on, call_off = statistics.median(call_cost[on]), statistics.median(call_cost[off])
    sub_on, sub_off = statistics.median(sub_cost[on]), statistics.median(sub_cost[off])
    print(f"  {'call f(1)':<44s} one CPU {call_on * 1e3:6.3f} vs unpinned {call_off * 1e3:6.3f} ms CPU "
          f"(unpinned: {call_off / call_on:.2f}x)")
    print(f"  {'the reference submission (hidden checks)':<44s} one CPU {sub_on:6.3f} vs unpinned {sub_off:6.3f} CPU s "
          f"(unpinned: {sub_off - sub_on:+.3f} s; spread {min(sub_cost[on]):.3f}-{max(sub_cost[on]):.3f} "
          f"vs {min(sub_cost[off]):.3f}-{max(sub_cost[off]):.3f})")
    print(f"load average after: {load()}")
    sandbox.shutdown()


if __name__ == "__main__":
    main()
