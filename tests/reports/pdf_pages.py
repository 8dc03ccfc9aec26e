"""Look at a printed PDF as a person would: its text, where words are, and its pages as PNG.

`pdftotext` (text and word boxes) and `pdftoppm` (pages to PNG) are Debian's poppler-utils;
the PNG pages are decoded here (8-bit RGB, as pdftoppm writes them) to check pixels.
"""

from __future__ import annotations

import html
import re
import struct
import subprocess
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

DPI = 72


@dataclass(frozen=True)
class Word:
    """A word and its box, in PDF points from the page's top left."""

    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


def text(pdf: Path) -> str:
    """The PDF's text in reading order."""
    done = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


def words(pdf: Path) -> list[Word]:
    """Every word with its page and box (`pdftotext -bbox`)."""
    done = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, check=True)
    found: list[Word] = []
    for number, page in enumerate(re.split(r"<page ", done.stdout.decode("utf-8"))[1:], 1):
        for match in re.finditer(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>',
            page,
        ):
            x0, y0, x1, y1 = (float(match[i]) for i in range(1, 5))
            found.append(Word(number, html.unescape(match[5]), x0, y0, x1, y1))
    return found


def find(found: list[Word], phrase: str) -> Word | None:
    """The first occurrence of `phrase` (consecutive words); its box spans them."""
    parts = phrase.split()
    for i in range(len(found) - len(parts) + 1):
        run = found[i : i + len(parts)]
        if [w.text for w in run] == parts and len({w.page for w in run}) == 1:
            return Word(run[0].page, phrase, run[0].x0, run[0].y0, run[-1].x1, run[-1].y1)
    return None


def render_pages(pdf: Path, folder: Path, dpi: int = DPI) -> list[Path]:
    """Each page as a PNG file (`pdftoppm -png`)."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), str(pdf), str(folder / "page")], check=True)
    return sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.split("-")[-1]))


def read_png(path: Path) -> np.ndarray:
    """An 8-bit RGB (or grey) non-interlaced PNG as an array of rows × columns × channels."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    offset, chunks, header = 8, [], b""
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        header = body if kind == b"IHDR" else header
        chunks += [body] if kind == b"IDAT" else []
        offset += 12 + length
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (0, 2) and interlace == 0, "unexpected PNG kind"
    channels = 3 if colour == 2 else 1
    raw = zlib.decompress(b"".join(chunks))
    return _unfilter(raw, width, height, channels)


def _unfilter(raw: bytes, width: int, height: int, channels: int) -> np.ndarray:
    stride = width * channels
    out = np.zeros((height, stride), dtype=np.uint8)
    up = np.zeros(stride, dtype=np.uint8)
    for row in range(height):
        start = row * (stride + 1)
        line = np.frombuffer(raw[start + 1 : start + 1 + stride], dtype=np.uint8)
        out[row] = _row(raw[start], line, up, channels)
        up = out[row]
    return out.reshape(height, width, channels)


def _row(kind: int, line: np.ndarray, up: np.ndarray, bpp: int) -> np.ndarray:
    """Undo one row's PNG filter (None, Sub, Up vectorised; Average and Paeth per byte)."""
    if kind == 0:
        return line
    if kind == 1:
        summed = np.cumsum(line.reshape(-1, bpp).astype(np.int64), axis=0) % 256
        return summed.reshape(-1).astype(np.uint8)
    if kind == 2:
        return ((line.astype(np.int32) + up) % 256).astype(np.uint8)
    return np.array(_sequential(kind, line.tolist(), up.tolist(), bpp), dtype=np.uint8)


def _sequential(kind: int, line: list[int], up: list[int], bpp: int) -> list[int]:
    result = [0] * len(line)
    for i, value in enumerate(line):
        left = result[i - bpp] if i >= bpp else 0
        if kind == 3:
            predictor = (left + up[i]) // 2
        else:
            predictor = _paeth(left, up[i], up[i - bpp] if i >= bpp else 0)
        result[i] = (value + predictor) % 256
    return result


def _paeth(a: int, b: int, c: int) -> int:
    p = a + b - c
    pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
    return a if pa <= pb and pa <= pc else (b if pb <= pc else c)


def region(image: np.ndarray, box: tuple[float, float, float, float], dpi: int = DPI) -> np.ndarray:
    """The pixels of a box given in PDF points."""
    scale = dpi / 72
    x0, y0, x1, y1 = (int(v * scale) for v in box)
    return image[max(y0, 0) : y1, max(x0, 0) : x1]


def colourful_pixels(pixels: np.ndarray) -> int:
    """Pixels that are clearly coloured (chart marks), not white, grey or black text."""
    as_int = pixels.astype(np.int32)
    spread = as_int.max(axis=2) - as_int.min(axis=2)
    return int((spread > 60).sum())
