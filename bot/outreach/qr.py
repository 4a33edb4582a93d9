"""QR codes for posters: a deep link drawn by segno (a maintained encoder, not a hand-written one)."""

from __future__ import annotations

from pathlib import Path

import segno

FORMATS = (".png", ".svg")


def qr_code(link: str) -> segno.QRCode:
    """A full-size QR code (never a Micro QR, which phone cameras do not read) with medium error
    correction: a poster survives some dirt or a fold."""
    return segno.make_qr(link, error="m")


def write_qr(link: str, out: Path, *, scale: int = 10, border: int = 4) -> Path:
    """Write the code as PNG or SVG, chosen by the file's extension."""
    suffix = out.suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"{out}: the poster must be a .png or .svg file")
    out.parent.mkdir(parents=True, exist_ok=True)
    qr_code(link).save(str(out), kind=suffix[1:], scale=scale, border=border)
    return out
