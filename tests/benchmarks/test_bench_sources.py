"""Benchmark: parse a generated 1,000,000-row file in the BPE 2023 layout (74 columns, ';').

Prints rows per second (target ≥ 50,000) against a reference measured in the same run (reading the
same file line by line, no parsing), and shows that peak memory does not grow with the number of
chunks read: a 4x larger file gives about the same peak.
"""

import random
import time
import tracemalloc

import pytest

from vigie.plugin.core.sources import bpe

ROWS = 1_000_000
TARGET_ROWS_PER_SECOND = 50_000
CODES = ["A203", "B104", "C107", "C109", "D265", "D307", "D502", "E107", "F101", "G102"] + [
    f"X{i:03d}" for i in range(40)
]


def write_bpe_file(path, rows, seed=7):
    """A BPE-2023-layout file of ``rows`` rows: varied TYPEQU, DEPCOM, coordinates, CAPACITE, QUALITE_XY."""
    rng = random.Random(seed)
    columns = bpe.BPE2023_COLUMNS
    index = {name: i for i, name in enumerate(columns)}
    template = ["_Z" if name.startswith("QUALI_") else "" for name in columns]
    template[index["AN"]], template[index["EPSG"]], template[index["REG"]] = "2023", "2154", "93"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        handle.write(";".join(columns) + "\n")
        for n in range(rows):
            row = list(template)
            dep = f"{rng.randrange(1, 96):02d}"
            row[index["NOMRS"]] = f"EQUIPEMENT {n}"
            row[index["DEPCOM"]], row[index["DEP"]] = f"{dep}{rng.randrange(1, 400):03d}", dep
            row[index["TYPEQU"]] = CODES[n % len(CODES)]
            row[index["LAMBERT_X"]] = f"{rng.uniform(100000, 1200000):.2f}"
            row[index["LAMBERT_Y"]] = f"{rng.uniform(6050000, 7100000):.2f}"
            row[index["CAPACITE"]] = str(rng.randrange(5, 80)) if row[index["TYPEQU"]] == "D502" else ""
            row[index["QUALITE_XY"]] = "ABM"[n % 3]
            row[index["EPCI"]] = f"2000{rng.randrange(10000, 99999)}"
            handle.write(";".join(row) + "\n")


@pytest.fixture(scope="module")
def bpe_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bpe-bench")
    big, small = folder / "bpe_1m.csv", folder / "bpe_250k.csv"
    started = time.perf_counter()
    write_bpe_file(big, ROWS)
    write_bpe_file(small, ROWS // 4)
    print(
        f"\n[bench sources] generated {ROWS:,} + {ROWS // 4:,} rows in {time.perf_counter() - started:.1f} s "
        f"({big.stat().st_size / 1e6:.0f} MB)"
    )
    return big, small


def test_bpe_parse_throughput(bpe_files):
    big, _ = bpe_files
    started = time.perf_counter()
    with open(big, encoding="utf-8") as handle:
        lines = sum(1 for _ in handle) - 1
    reference = time.perf_counter() - started
    started = time.perf_counter()
    frame = bpe.read_bpe(big, ["D502", "D265", "D307"], departements=["05", "04", "13"])
    elapsed = time.perf_counter() - started
    rate = lines / elapsed
    print(
        f"[bench sources] BPE parse: {lines:,} rows in {elapsed:.2f} s = {rate:,.0f} rows/s "
        f"(target {TARGET_ROWS_PER_SECOND:,}); line-reading reference {reference:.2f} s, "
        f"ratio {elapsed / reference:.1f}x; "
        f"{len(frame):,} rows kept"
    )
    assert lines == ROWS and len(frame) > 0
    assert set(frame["typequ"]) == {"D502", "D265", "D307"} and set(frame["dep"]) <= {"05", "04", "13"}
    assert rate >= TARGET_ROWS_PER_SECOND


def _peak_bytes(path, chunk_rows):
    tracemalloc.start()
    bpe.read_bpe(path, ["D502"], departements=["05"], chunk_rows=chunk_rows)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def test_bpe_memory_does_not_grow_with_the_number_of_chunks(bpe_files):
    big, small = bpe_files
    chunk_rows = 50_000
    small_peak, big_peak = _peak_bytes(small, chunk_rows), _peak_bytes(big, chunk_rows)
    print(
        f"[bench sources] peak traced memory, {chunk_rows:,}-row chunks: {ROWS // 4 // chunk_rows} chunks "
        f"{small_peak / 1e6:.1f} MB, {ROWS // chunk_rows} chunks {big_peak / 1e6:.1f} MB "
        f"(ratio {big_peak / small_peak:.2f} for 4x the rows)"
    )
    assert big_peak < 1.5 * small_peak
