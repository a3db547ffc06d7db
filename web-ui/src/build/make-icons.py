#!/usr/bin/env python3
"""Draws the app icons (a white shield on blue) as PNGs, with the standard library only.

Run from the repository root: python3 web-ui/src/build/make-icons.py
The PNGs are committed; run this again only to change the design.
"""
import struct
import zlib
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "main" / "resources" / "web" / "icons"
BLUE = (31, 95, 191)
WHITE = (255, 255, 255)
SAMPLES = 4  # per axis, for smooth edges


def shield(x, y):
    """Unit square coordinates; true inside the shield outline."""
    if not 0.22 <= x <= 0.78 or y < 0.18:
        return False
    half = 0.28
    if y <= 0.55:
        return abs(x - 0.5) <= half
    # Sides curve in to a point at the bottom.
    t = (y - 0.55) / (0.86 - 0.55)
    return t <= 1 and abs(x - 0.5) <= half * (1 - t * t)


def dot(x, y):
    return (x - 0.5) ** 2 + (y - 0.47) ** 2 <= 0.085 ** 2


def pixel(px, py, size):
    inside = 0
    in_dot = 0
    for sy in range(SAMPLES):
        for sx in range(SAMPLES):
            x = (px + (sx + 0.5) / SAMPLES) / size
            y = (py + (sy + 0.5) / SAMPLES) / size
            if shield(x, y):
                inside += 1
                if dot(x, y):
                    in_dot += 1
    white = (inside - in_dot) / SAMPLES ** 2
    return tuple(round(b + (w - b) * white) for b, w in zip(BLUE, WHITE))


def png(size):
    rows = bytearray()
    for py in range(size):
        rows.append(0)
        for px in range(size):
            rows.extend(pixel(px, py, size))
    header = struct.pack(">IIBBBBB", size, size, 8, 2, 0, 0, 0)

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b""))


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for size in (192, 512):
        (OUT / f"icon-{size}.png").write_bytes(png(size))
