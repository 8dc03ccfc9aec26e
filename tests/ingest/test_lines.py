"""Every CSV row and every unreadable record is reported on the line it starts on.

Generated files mix quoted values spanning lines, blank lines, rows with too many or too
few fields and both line endings; Python's `csv` module gives the true line of each
record, and the reader must agree in every block, however the file is cut into blocks.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tenure.ingest import readers
from tenure.ingest.readers import open_source

HEADER = ["a", "b", "c"]
TEXT = st.text(alphabet="xyz ,\"\n'é", max_size=8)


Expected = tuple[list[tuple[int, list[str]]], list[tuple[int, str]]]


@st.composite
def csv_files(draw: st.DrawFn) -> tuple[str, Expected]:
    """A CSV text, the rows it holds (line, fields) and its unreadable records (line, reason)."""
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    text = newline * draw(st.integers(0, 2)) + _line(HEADER, newline)
    rows: list[tuple[int, list[str]]] = []
    bad: list[tuple[int, str]] = []
    for _ in range(draw(st.integers(0, 40))):
        kind = draw(st.sampled_from(["row", "row", "row", "blank", "short", "long"]))
        width = {"row": 3, "blank": 0, "short": draw(st.integers(1, 2)), "long": 4}[kind]
        fields = [draw(TEXT) for _ in range(width)]
        record = _line(fields, newline) if fields else newline
        start = text.count("\n") + 1
        text += record
        if not record.strip():
            continue  # a blank or whitespace-only line is skipped
        if width != 3:
            bad.append((start, f"has {width} fields but the header has 3"))
        elif any(value.strip() for value in fields):
            rows.append((start, fields))
    return text, (rows, bad)


def _line(fields: list[str], newline: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerow(fields)
    return out.getvalue()


@settings(max_examples=200, deadline=None)
@given(data=csv_files(), block=st.sampled_from([64, 256, 4096]), chunk=st.integers(1, 7))
def test_rows_and_bad_records_get_the_line_they_start_on(
    data: tuple[str, Expected], block: int, chunk: int
) -> None:
    text, (expected_rows, expected_bad) = data
    with pytest.MonkeyPatch.context() as patch, tempfile.TemporaryDirectory() as scratch:
        patch.setattr(readers, "BLOCK_BYTES", block)
        path = Path(scratch) / "data.csv"
        path.write_bytes(text.encode("utf-8"))
        source = open_source(path)
        rows: list[tuple[int, list[str]]] = []
        bad: list[tuple[int, str]] = []
        for part in source.batches(chunk):
            assert part.rows.num_rows <= chunk
            values = part.rows.to_pylist()
            rows += [
                (line, [value[name] for name in HEADER])
                for line, value in zip(part.lines.to_pylist(), values, strict=True)
            ]
            bad += [(malformed.line, malformed.reason) for malformed in part.malformed]
    assert rows == expected_rows
    assert sorted(bad) == expected_bad
