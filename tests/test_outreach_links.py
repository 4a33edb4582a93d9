"""Deep links for every topic and intent, and QR posters that decode back to the link."""

from __future__ import annotations

import re
import struct
import zlib
from pathlib import Path

import pytest
import segno

from bot.cli import main
from bot.content import load_content
from bot.links import PAYLOAD_PATTERN, all_payloads, parse_payload

BOT = "hrc_test_bot"


def read_png_pixels(path: Path) -> list[list[int]]:
    """Decode a non-interlaced greyscale PNG (segno writes 1-bit) into rows of 0 (dark) / 255 (light)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, header = 8, b"", None
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos:pos + 4])
        kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    assert colour == 0 and interlace == 0 and depth in (1, 8), header
    raw = zlib.decompress(idat)
    stride = (width * depth + 7) // 8
    rows, previous = [], bytearray(stride)
    for y in range(height):
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            left = line[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        previous = line
        if depth == 8:
            rows.append(list(line))
        else:
            rows.append([255 if line[x // 8] >> (7 - x % 8) & 1 else 0 for x in range(width)])
    return rows


def test_every_topic_and_intent_has_a_stable_valid_payload_that_opens_it():
    content = load_content()
    rows = all_payloads(content)
    assert {kind for kind, _, _ in rows} == {"topic", "intent"}
    for kind, target, payload in rows:
        assert PAYLOAD_PATTERN.match(payload) and len(payload) <= 64
        link = parse_payload(payload, content)
        assert link is not None and (link.kind, link.target) == (kind, target)
    assert len({payload for _, _, payload in rows}) == len(rows)


def test_links_command_prints_every_payload_as_a_link(capsys):
    assert main(["links", "--bot-username", BOT]) == 0
    lines = capsys.readouterr().out.splitlines()
    content = load_content()
    assert len(lines) == len(all_payloads(content))
    assert any(re.fullmatch(r"topic\s+duties\s+https://t\.me/hrc_test_bot\?start=duties", line) for line in lines)
    assert main(["links", "--campaign", "spring"]) == 0
    assert "three_duties__spring" in capsys.readouterr().out


def test_qr_poster_holds_exactly_the_deep_link(tmp_path, capsys):
    out = tmp_path / "poster.png"
    assert main(["qr", "duties", "--campaign", "spring", "--out", str(out), "--bot-username", BOT, "--scale", "4"]) == 0
    url = f"https://t.me/{BOT}?start=duties__spring"
    assert capsys.readouterr().out.strip() == f"{out}: {url}"
    pixels = read_png_pixels(out)

    # The image is segno's matrix for the link, module by module (4 px per module, 4-module border).
    expected = segno.make_qr(url, error="m")
    assert not expected.is_micro
    modules = [[pixels[(4 + r) * 4 + 1][(4 + c) * 4 + 1] == 0 for c in range(expected.symbol_size(border=0)[0])]
               for r in range(expected.symbol_size(border=0)[1])]
    assert modules == [[bool(bit) for bit in row] for row in expected.matrix]

    # And an independent decoder reads the link back, when the test-only dependency is installed.
    zxingcpp = pytest.importorskip("zxingcpp")
    height, width = len(pixels), len(pixels[0])
    image = memoryview(bytes(v for row in pixels for v in row)).cast("B", (height, width))
    decoded = zxingcpp.read_barcodes(image)
    assert [d.text for d in decoded] == [url]


def test_qr_as_svg_and_refusals(tmp_path, capsys):
    svg = tmp_path / "poster.svg"
    assert main(["qr", "three_duties", "--out", str(svg), "--bot-username", BOT]) == 0
    assert svg.read_text().lstrip().startswith(("<?xml", "<svg"))
    assert main(["qr", "no_such_topic", "--out", str(svg), "--bot-username", BOT]) == 2
    assert main(["qr", "duties", "--out", str(tmp_path / "poster.gif"), "--bot-username", BOT]) == 2
    assert main(["qr", "duties", "--campaign", "bad tag!", "--out", str(svg), "--bot-username", BOT]) == 2
    err = capsys.readouterr().err
    assert "no_such_topic is not a topic or intent id" in err and ".png or .svg" in err
