"""One dispatch for every printed document, as `survey-app report …` and the print menu use it."""

from __future__ import annotations

import pytest
from pypdf import PdfReader

from survey_app.actions.printing import KINDS, PrintRequest, print_document
from survey_app.core.errors import NotFound


def text_of(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_tally_notice_carries_its_verification_text(surveyed, tmp_path):
    request = PrintRequest("tally", "NH-001", 1, households=True)
    printed = print_document(store=surveyed, request=request, target=tmp_path / "公示.pdf")
    assert printed.path == tmp_path / "公示.pdf" and printed.rendered.pages >= 1
    assert printed.verification.startswith("SA2|NH-001|R1|E5|A0|")
    assert "征询结果公示" in text_of(printed.path)


def test_ballots_for_the_compound_or_one_building(surveyed, tmp_path):
    whole = print_document(store=surveyed, request=PrintRequest("ballots", "NH-001", 1),
                           target=tmp_path / "all.pdf")  # fmt: skip
    one = PrintRequest("ballots", "NH-001", 1, building="1", per_page=2)
    building = print_document(store=surveyed, request=one, target=tmp_path / "b1.pdf")
    assert (whole.ballots, building.ballots) == (5, 3)
    assert (whole.rendered.pages, building.rendered.pages) == (5, 2)


def test_the_ranking_and_the_needs_list(surveyed, tmp_path):
    ranking = print_document(store=surveyed, request=PrintRequest("ranking", title="南湖区排名表"),
                             target=tmp_path / "rank.pdf")  # fmt: skip
    assert "南湖区排名表" in text_of(ranking.path)
    needs = print_document(store=surveyed, request=PrintRequest("needs", "NH-001"),
                           target=tmp_path / "needs.pdf")  # fmt: skip
    assert "需求清单" in text_of(needs.path)
    assert {ranking.verification, needs.ballots} == {None}


def test_every_kind_is_printable_and_no_other(surveyed, tmp_path):
    assert KINDS == ("tally", "ballots", "ranking", "needs", "visits", "survey", "satisfaction")
    with pytest.raises(ValueError):
        print_document(store=surveyed, request=PrintRequest("poster"), target=tmp_path / "x.pdf")
    with pytest.raises(NotFound):
        print_document(store=surveyed, request=PrintRequest("tally", "NH-404"),
                       target=tmp_path / "x.pdf")  # fmt: skip
