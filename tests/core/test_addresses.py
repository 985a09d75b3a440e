import pytest

from survey_app.core.addresses import Address, address_from_parts, normalise_address, parse_address
from survey_app.core.errors import InvalidInput
from survey_app.core.ids import compound_code, household_id, split_household_id


@pytest.mark.parametrize(
    "spelling",
    [
        "3幢2单元501室",
        "3栋2单元501",
        "3-2-501",
        " 3 - 2 - 501 ",
        "3号楼2单元501室",
        "３幢２单元５０１室",
        "3#2-501",
        "3-2-0501",
    ],
)
def test_every_spelling_is_the_same_household(spelling: str) -> None:
    assert normalise_address(spelling) == "3-2-501"


@pytest.mark.parametrize("spelling", ["3-501", "3栋501", "3幢501室", "3号楼501"])
def test_compounds_without_units(spelling: str) -> None:
    assert normalise_address(spelling) == "3-501"
    assert parse_address(spelling).unit is None


def test_letters_in_building_numbers_are_kept_in_upper_case() -> None:
    assert normalise_address("12a-1-302") == "12A-1-302"


@pytest.mark.parametrize("bad", ["", "东方新村", "3-2-5-01-1", "3栋2单元", "三幢二单元501"])
def test_unreadable_addresses_say_what_is_expected(bad: str) -> None:
    with pytest.raises(InvalidInput, match="地址"):
        parse_address(bad)


def test_parts_from_roster_cells() -> None:
    assert address_from_parts("3幢", "2单元", "501室") == Address("3", "2", "501")
    assert address_from_parts(3.0, None, 501) == Address("3", None, "501")
    with pytest.raises(InvalidInput, match="室号"):
        address_from_parts("3", "2", None)


def test_floor_of_a_room() -> None:
    assert parse_address("3-2-501").floor() == 5
    assert parse_address("3-2-1203").floor() == 12


def test_household_ids_are_derived_so_laptops_agree() -> None:
    code = compound_code(" nh-001 ")
    assert household_id(code, "3幢2单元501室") == household_id(code, "3-2-501") == "NH-001/3-2-501"
    assert split_household_id("NH-001/3-2-501") == ("NH-001", "3-2-501")


@pytest.mark.parametrize("bad", ["", "东方", "NH 001", "x" * 40])
def test_bad_compound_codes(bad: str) -> None:
    with pytest.raises(InvalidInput, match="小区编码"):
        compound_code(bad)
