"""Per-article latency of precis-infer: one process per article (load the
model, classify, summarize, print), as a pipeline or a newcomer runs it.

Prints the median wall-clock time and the median CPU time (user + system, from
the kernel's accounting of the child) of RUNS runs, in milliseconds. On a
shared machine the wall-clock time includes waiting for a core; the CPU time
is what the run itself costs.
Usage: news_latency.py RUNS PRECIS-INFER MODEL ARTICLE
"""
import json
import resource
import statistics
import subprocess
import sys
import time


def main():
    runs, infer, model, article = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
    wall, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t0 = time.perf_counter()
        subprocess.run([infer, "-m", model, article], check=True, stdout=subprocess.DEVNULL)
        wall.append((time.perf_counter() - t0) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    print(json.dumps({"wall_ms": round(statistics.median(wall), 1),
                      "cpu_ms": round(statistics.median(cpu), 1)}))


main()
