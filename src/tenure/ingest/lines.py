"""File line numbers for the rows of a CSV file, so every refusal names the line to look at.

pyarrow numbers CSV records, not lines: a quoted value may span several lines, and
records it cannot split into the header's columns are handed to a callback instead of
being returned. `LineCounter` puts both kinds back in file order and counts the newlines
inside each record, so each row and each malformed record gets the line it starts on.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from functools import reduce

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc

Lines = npt.NDArray[np.int64]


@dataclass(frozen=True)
class BadRecord:
    """A CSV record pyarrow could not split into the header's columns."""

    number: int
    text: str
    fields: int
    expected: int


@dataclass
class LineCounter:
    """Tracks the record number and the line of the next record of one CSV file.

    pyarrow reads ahead: it may report the bad records of the next block (possibly from
    another thread) before it returns the rows of this one. Bad records therefore wait in
    `pending`, under a lock, until the rows around them are placed.
    """

    next_record: int
    pending: list[BadRecord] = field(default_factory=list)
    _newlines: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, record: BadRecord) -> None:
        """Keep a bad record until the rows around it are placed (any thread)."""
        with self._lock:
            self.pending.append(record)

    def place(
        self, rows: pa.RecordBatch, final: bool = False
    ) -> tuple[Lines, list[tuple[int, BadRecord]]]:
        """The line of each row of `rows`, and the bad records read with them (with lines).

        Bad records come with the rows around them; `final` places all that are left.
        """
        if rows.num_rows == 0 and not final:
            return np.zeros(0, dtype=np.int64), []  # pyarrow may report bad records early
        with self._lock:
            bad = sorted(self.pending, key=lambda record: record.number)
        bad_numbers = np.array([record.number for record in bad], dtype=np.int64)
        numbers = np.arange(self.next_record, self.next_record + rows.num_rows + len(bad))
        is_bad = np.isin(numbers, bad_numbers)
        last = _last_record(numbers, is_bad, rows.num_rows, bad_numbers)
        numbers = np.arange(self.next_record, last + 1, dtype=np.int64)
        is_bad = np.isin(numbers, bad_numbers)
        newlines = np.zeros(len(numbers), dtype=np.int64)
        good = np.flatnonzero(~is_bad)[: rows.num_rows]
        newlines[good] = row_newlines(rows)
        placed = [record for record in bad if self.next_record <= record.number <= last]
        newlines[is_bad] = [record.text.count("\n") for record in placed]
        starts = numbers + self._newlines + np.cumsum(newlines) - newlines
        located = list(zip(starts[is_bad].tolist(), placed, strict=True))
        located += [(r.number + self._newlines, r) for r in bad if r.number < self.next_record]
        self._newlines += int(newlines.sum())
        self.next_record = last + 1
        with self._lock:
            self.pending = [record for record in self.pending if record.number > last]
        return starts[good], located


def _last_record(numbers: Lines, is_bad: npt.NDArray[np.bool_], rows: int, bad: Lines) -> int:
    if rows:
        return int(numbers[np.flatnonzero(~is_bad)[rows - 1]])
    return int(bad.max()) if len(bad) else int(numbers[0]) - 1


def row_newlines(rows: pa.RecordBatch) -> Lines:
    """Newlines inside the values of each row (quoted values spanning lines)."""
    counts = [pc.count_substring(column, "\n") for column in rows.columns]
    if not counts:
        return np.zeros(rows.num_rows, dtype=np.int64)
    total = reduce(pc.add, counts)
    return np.asarray(pc.fill_null(total, 0).to_numpy(zero_copy_only=False), dtype=np.int64)


def blank_rows(rows: pa.RecordBatch) -> pa.BooleanArray | None:
    """Rows whose every cell is empty (blank lines, `,,,`), or None when there are none."""

    def empty(column: pa.Array) -> pa.BooleanArray:
        return pc.equal(pc.binary_length(pc.utf8_trim_whitespace(column)), 0)

    if rows.num_columns == 0 or not pc.any(empty(rows.column(0))).as_py():
        return None
    return reduce(pc.and_, [empty(column) for column in rows.columns])
