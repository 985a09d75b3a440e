"""QR codes: the same modules and mask the qrcode package makes, only faster."""

from __future__ import annotations

import random

import pytest
import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.util import lost_point

from survey_app.reports.qr import dark_runs, penalty, qr_matrix, qr_rows

TEXTS = [
    "SAB|NH-001/3-2-501|R1",
    "SAB|NH-120/12-A-1203|R2",
    "SA1|NH-001|R1|E157|A126|D20|B5|N4|P2|F3fa9c2e1b2c",
    "SA1|SH-HK-0001|R2|E6018|A5945|D40|B13|N20|P0|F0123456789ab",
    "x",
    "老旧小区改造" * 8,
    "A" * 300,
]


@pytest.mark.parametrize("text", TEXTS)
def test_the_code_is_the_one_qrcode_makes(text: str) -> None:
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    assert qr_matrix(text) == [[bool(v) for v in row] for row in code.modules]


def test_many_ballot_codes_match() -> None:
    for room in range(101, 1305, 7):
        text = f"SAB|NH-{room % 97:03d}/{room % 31}-{room % 4 + 1}-{room}|R{room % 2 + 1}"
        code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
        code.add_data(text.encode("utf-8"))
        code.make(fit=True)
        assert qr_matrix(text) == [[bool(v) for v in row] for row in code.modules], text


def test_the_penalty_is_qrcodes() -> None:
    rng = random.Random(18004)
    for _ in range(200):
        size = rng.choice([21, 25, 29, 33, 57])
        dark = rng.random()
        matrix = [[rng.random() < dark for _ in range(size)] for _ in range(size)]
        rows = ["".join("1" if v else "0" for v in row) for row in matrix]
        assert penalty(rows) == lost_point(matrix)


def test_dark_runs_cover_exactly_the_dark_modules() -> None:
    rows = qr_rows(TEXTS[0])
    painted = {(r, c + i) for r, c, n in dark_runs(rows) for i in range(n)}
    assert painted == {(r, c) for r, row in enumerate(rows) for c, v in enumerate(row) if v == "1"}


BYTES_AT_M = [14, 26, 42, 62, 84, 106, 122, 152, 180, 213, 251, 287, 331, 362, 412, 450, 504, 560,
              624, 666, 711, 779, 857, 911, 997, 1059, 1125, 1190, 1264, 1370, 1452, 1538, 1628,
              1722, 1809, 1911, 1989, 2099, 2213, 2331]  # fmt: skip
"""The most bytes a code of each version (1 to 40) holds at error correction M."""


@pytest.mark.slow
@pytest.mark.parametrize("version", range(1, 41))
def test_every_size_is_the_one_qrcode_makes(version: int) -> None:
    text = ("ballot|" * 400)[: BYTES_AT_M[version - 1]]
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, border=0)
    code.add_data(text.encode("utf-8"))
    code.make(fit=True)
    assert code.version == version
    assert qr_matrix(text) == [[bool(v) for v in row] for row in code.modules]
