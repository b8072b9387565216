"""Territory kits built offline by scripts/sample_kit.py (the real Hautes-Alpes sample), for model and batch tests."""

import importlib.util

from conftest import REPO_ROOT, shared_path


def sample_kit_module():
    spec = importlib.util.spec_from_file_location("sample_kit", REPO_ROOT / "scripts" / "sample_kit.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_kits(folder, groups=2, buffer_km=5.0, roads="square"):
    """``groups`` kits partitioning the communes of the Gap–Champsaur square (kit-1.gpkg …), in ``folder``;
    roads from the square's file, or the whole département's (``roads="department"``)."""
    shared = shared_path("data", "hautes-alpes").parents[1]
    return sample_kit_module().build_sample_kits(shared, folder, groups=groups, buffer_km=buffer_km, roads=roads)


def build_sample_kit(path, communes=None):
    """One kit of the given commune codes (default: every commune of the sample) at ``path``; its layer counts."""
    shared = shared_path("data", "hautes-alpes").parents[1]
    return sample_kit_module().build_sample_kit(shared, path, communes)
