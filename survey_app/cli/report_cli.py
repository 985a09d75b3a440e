"""`report tally|ballots|visits|ranking|needs|survey` (printed PDFs) and `verify` (a scanned
notice)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from survey_app.cli.base import DATA_FILE, echo_json, main, reading_store, state

if TYPE_CHECKING:
    from survey_app.actions.printing import Printed

PDF = click.option(
    "--pdf",
    "pdf_path",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="The PDF file to write.",
)
COMPOUND = click.option("--compound", "compound_code", required=True, help="Compound code.")
ROUND = click.option("--round", "round_no", required=True, type=click.IntRange(1, 2))


@main.group()
def report() -> None:
    """Printed documents (A4 PDFs): tally notice, paper ballots, 走访清单, ranking, needs list,
    paper questionnaires (入户调查表)."""


@report.command("tally")
@COMPOUND
@ROUND
@PDF
@click.option("--households", is_flag=True, help="Add the list of households by room (masked).")
def report_tally(compound_code: str, round_no: int, pdf_path: Path, households: bool) -> None:
    """征询结果公示: the tally notice to post in the compound, with a verification QR code.

    Names are masked (张*明); phone and ID numbers never appear.
    Example: survey-app report tally --compound NH-001 --round 1 --pdf 公示.pdf --households
    """
    printed = print_document(
        pdf_path, kind="tally", compound=compound_code, round_no=round_no, households=households
    )
    click.echo(f"核验文本 {printed.verification}")


@report.command("ballots")
@COMPOUND
@ROUND
@PDF
@click.option("--building", help="Only this building (楼栋), e.g. 3.")
@click.option("--per-page", type=click.Choice(["1", "2"]), default="1", show_default=True,
              help="Ballots per A4 page (2: with a cut line between).")  # fmt: skip
@click.option("--question", help="The question to print instead of the round's usual one.")
@click.option("--full-names", is_flag=True, help="Print the head of household unmasked.")
@click.option("--pending", is_flag=True,
              help="Only households without an opinion in the round, or 待核实.")  # fmt: skip
def report_ballots(
    compound_code: str,
    round_no: int,
    pdf_path: Path,
    building: str | None,
    per_page: str,
    question: str | None,
    full_names: bool,
    pending: bool,
) -> None:
    """入户征询意见表: one paper ballot per household, with a QR code to scan it back in.

    The QR code holds `SAB|<household id>|R<round>`, e.g. SAB|NH-001/3-2-501|R1.
    Example: survey-app report ballots --compound NH-001 --round 1 --pdf 征询表.pdf --per-page 2
    """
    print_document(
        pdf_path,
        lambda printed: f"{printed.ballots} 份",
        kind="ballots",
        compound=compound_code,
        round_no=round_no,
        building=building,
        per_page=int(per_page),
        question=question,
        full_names=full_names,
        pending=pending,
    )


@report.command("visits")
@COMPOUND
@ROUND
@PDF
@click.option("--building", help="Only this building (楼栋), e.g. 3.")
@click.option("--full-names", is_flag=True, help="Print the head of household unmasked.")
def report_visits(
    compound_code: str, round_no: int, pdf_path: Path, building: str | None, full_names: bool
) -> None:
    """走访清单: per building, the households still without an opinion, with their last visit
    (无人在家, 改日再访 and the day agreed, 拒绝入户, 空置) or 未走访.

    Example: survey-app report visits --compound NH-001 --round 1 --pdf 走访清单.pdf
    """
    print_document(
        pdf_path,
        lambda printed: f"{printed.households} 户待走访",
        kind="visits",
        compound=compound_code,
        round_no=round_no,
        building=building,
        full_names=full_names,
    )


@report.command("ranking")
@PDF
@click.option("--round", "round_no", default=1, show_default=True, type=click.IntRange(1, 2))
@click.option("--title", help="Title, e.g. 2027年度南湖区老旧小区改造征询排名表.")
def report_ranking(pdf_path: Path, round_no: int, title: str | None) -> None:
    """排名表: the compounds ranked by approval rate, deferred ones (暂缓改造) last.

    Example: survey-app report ranking --round 1 --pdf 排名表.pdf
    """
    print_document(pdf_path, kind="ranking", round_no=round_no, title=title)


@report.command("needs")
@COMPOUND
@PDF
def report_needs(compound_code: str, pdf_path: Path) -> None:
    """需求清单: the compound's renovation needs ranked, with a chart and the profile totals.

    Example: survey-app report needs --compound NH-001 --pdf 需求清单.pdf
    """
    print_document(pdf_path, kind="needs", compound=compound_code)


@report.command("satisfaction")
@COMPOUND
@PDF
@click.option("--form", "form_name", help="The satisfaction form (default: the shipped one).")
def report_satisfaction(compound_code: str, pdf_path: Path, form_name: str | None) -> None:
    """满意度汇总: the renovated items ranked by satisfaction after the works, beside the needs
    list's demand for the same items; the works' quality and the acceptance opinions.

    Example: survey-app report satisfaction --compound NH-001 --pdf 满意度汇总.pdf
    """
    print_document(
        pdf_path,
        lambda printed: f"{printed.households} 户已调查",
        kind="satisfaction",
        compound=compound_code,
        form=form_name,
    )


@report.command("survey")
@PDF
@click.option("--compound", "compound_code", help="Every eligible household of this compound.")
@click.option("--household", help="Only this household, e.g. 3-2-501 (with --compound) or "
              "NH-001/3-2-501.")  # fmt: skip
@click.option("--blank", is_flag=True, help="No answers filled in; alone: no address either.")
@click.option("--form", "form_name", help="The form (default: the needs survey).")
@click.option("--full-names", is_flag=True, help="Print the head of household unmasked.")
@click.option(
    "--lang",
    "language",
    type=click.Choice(["zh", "en"]),
    default="zh",
    show_default=True,
    help="Language of the questionnaire: en prints the form's English labels (each text "
    "without one in the form's default language).",
)
def report_survey(
    pdf_path: Path,
    compound_code: str | None,
    household: str | None,
    blank: bool,
    form_name: str | None,
    full_names: bool,
    language: str,
) -> None:
    """入户调查表: the survey on paper, pre-filled with each household's address and current
    answers (or --blank), with the household's QR code: scanning it opens the household's
    survey page, where the paper answers are typed in.

    The QR code holds `SAB|<household id>|F<form_id>`, e.g. SAB|NH-001/3-2-501|Fneeds_survey.
    Example: survey-app report survey --compound NH-001 --household 3-2-501 --pdf 调查表.pdf
    Example: survey-app report survey --blank --lang en --pdf questionnaire.pdf
    """
    from survey_app.core.errors import InvalidInput

    if household and "/" not in household:
        if not compound_code:
            raise InvalidInput(code="survey_print_scope")
        household = _household_id(compound_code, household)
    if not (compound_code or household or blank):
        raise InvalidInput(code="survey_print_scope")
    print_document(
        pdf_path,
        lambda printed: f"{printed.households} 份",
        kind="survey",
        compound=None if household else compound_code,
        household=household,
        blank=blank,
        form=form_name,
        full_names=full_names,
        language=language,
    )


def _household_id(compound: str, address: str) -> str:
    from survey_app.core.ids import compound_code, household_id

    return household_id(compound_code(compound), address)


@main.command()
@click.argument("text", nargs=-1, required=True)
@DATA_FILE
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def verify(text: tuple[str, ...], data_file: Path | None, as_json: bool) -> None:
    """Check a tally notice's verification text (its QR code) against the database.

    Exit 0 and 一致 when the printed figures match; exit 1 and each difference otherwise.
    The text states the counts, the rule (T threshold, I inclusive, M double majority), the
    verdict (V) and the votes' fingerprint (F); an older SA1 text, without rule and verdict,
    is still checked for what it states.

    \b
    Example: survey-app verify "SA2|NH-001|R1|E157|A126|D20|B5|N4|P2|T4/5|I1|M0|VP|F3fa9c2e1b2c"
    """
    from survey_app.reports.verification import verify_text

    printed, differences = verify_text(store=reading_store(data_file), text=" ".join(text))
    old_format = printed.rule is None
    if as_json:
        echo_json(
            {
                "compound": printed.compound,
                "round": printed.round_no,
                "format": "SA1" if old_format else "SA2",
                "consistent": not differences,
                "signed_by": printed.signer,
                "differences": [{"field": d.field, "message": d.message} for d in differences],
            }
        )
    elif differences:
        click.echo(f"{printed.compound} 第{printed.round_no}轮:不一致")
        for difference in differences:
            click.echo(f"  {difference}")
    else:
        click.echo(f"{printed.compound} 第{printed.round_no}轮:一致")
    if old_format and not as_json:
        click.echo("  注意:旧版核验文本(SA1)不含通过规则和结论,只核对了户数和指纹")
    elif printed.signature is None and not as_json:
        click.echo("  注意:此公示没有办公室签名,只核对了数字与本数据文件是否一致")
    elif not differences and not as_json:
        click.echo(f"  办公室签名有效(密钥 {printed.signer})")
    if differences:
        sys.exit(1)


def print_document(
    pdf_path: Path, what: Callable[[Printed], str] | None = None, **request: Any
) -> Printed:
    """Every `report` command: the one dispatch the window's print menu uses too."""
    from survey_app.actions import printing

    printed = printing.print_document(
        store=state().store(), request=printing.PrintRequest(**request), target=pdf_path
    )
    done(printed.rendered, what(printed) if what else "")
    return printed


def done(rendered: Any, what: str = "") -> None:
    extra = f",{what}" if what else ""
    click.echo(f"已生成 {rendered.path}(A4,共 {rendered.pages} 页{extra})")
    if rendered.missing_glyphs:
        chars = "".join(sorted(rendered.missing_glyphs))
        click.echo(f"注意:字体中没有这些字符,打印出来会是空框:{chars}", err=True)
