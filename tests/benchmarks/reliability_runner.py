"""Child process of test_bench_reliability.py: QGIS + Vigie, then one measurement, printed as JSON.

    python reliability_runner.py baseline                     # QGIS and the provider loaded, nothing run
    python reliability_runner.py run <algorithm id> <params JSON> [repeat]   # peak RSS of the run(s)
    python reliability_runner.py cancel <algorithm id> <params JSON> <percent>  # seconds from cancel to return

Run in a fresh process each, so every peak belongs to one algorithm.
"""

import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / ".pkgroot"))
sys.path.append("/usr/share/qgis/python/plugins")


def _status_mb(key):
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith(key):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def rss_mb():
    return _status_mb("VmRSS:")


def peak_mb():
    # VmHWM, not getrusage's ru_maxrss: Linux keeps ru_maxrss across fork + exec, so a child of a
    # large pytest process reported the parent's size as its own peak (758 MB for every algorithm).
    return _status_mb("VmHWM:")


def main(argv):
    from qgis.core import QgsApplication, QgsProcessingContext, QgsProcessingFeedback, QgsProject

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    import processing

    from vigie.processing_algorithms.provider import VigieProvider

    provider = VigieProvider()
    QgsApplication.processingRegistry().addProvider(provider)
    mode = argv[1]
    out = {"start_rss_mb": rss_mb()}
    if mode == "run":
        algorithm_id, parameters = argv[2], json.loads(argv[3])
        repeat = int(argv[4]) if len(argv) > 4 else 1
        rss = []
        for _ in range(repeat):
            context = QgsProcessingContext()
            context.setProject(QgsProject.instance())
            processing.run(algorithm_id, parameters, context=context, feedback=QgsProcessingFeedback())
            del context
            rss.append(rss_mb())
        out["rss_mb"] = rss
    elif mode == "cancel":
        algorithm_id, parameters, percent = argv[2], json.loads(argv[3]), float(argv[4])
        feedback = QgsProcessingFeedback()
        cancelled_at = []

        def on_progress(progress):
            if progress >= percent and not cancelled_at:
                cancelled_at.append(time.perf_counter())
                feedback.cancel()

        feedback.progressChanged.connect(on_progress)
        context = QgsProcessingContext()
        context.setProject(QgsProject.instance())
        processing.run(algorithm_id, parameters, context=context, feedback=feedback)
        out["cancel_to_return_s"] = time.perf_counter() - cancelled_at[0] if cancelled_at else None
    out["peak_mb"] = peak_mb()
    print("RESULT " + json.dumps(out), flush=True)
    del provider
    # exitQgis() can crash QGIS 3.22 after layouts were rendered (see pyproject.toml): leave at once.
    sys.stdout.flush()
    import os

    os._exit(0)


if __name__ == "__main__":
    main(sys.argv)
