"""What the figures were measured on: CPU, cores, Python, numpy, BLAS, date."""

import datetime
import os
import platform
import sys

import numpy as np
import scipy

__all__ = ["machine_info"]


def _cpu_model():
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _blas():
    try:
        from threadpoolctl import threadpool_info
    except ImportError:
        return "unknown (threadpoolctl not installed)"
    libs = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    if not libs:
        return "unknown"
    return "; ".join(
        f"{i.get('internal_api')} {i.get('version')} ({i.get('threading_layer', '?')} threads, "
        f"{i.get('num_threads')} by default, {i.get('architecture', '?')})"
        for i in libs
    )


def machine_info():
    """A dict of short strings describing the machine and the software versions."""
    try:
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        load = "unknown"
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": _cpu_model(),
        "cores": str(os.cpu_count()),
        "load average (1, 5, 15 min) at start": load,
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "scipy": scipy.__version__,
        "blas": _blas(),
        "platform": platform.platform(),
    }
