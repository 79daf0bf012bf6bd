"""Check characters the law defines, against the standards' own examples and real identifiers."""

import pytest
from tongban.core import ids


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014", "11010519491231002x"])
def test_valid_id_numbers(value):
    assert ids.id_number_problem(value) is None


@pytest.mark.parametrize(("value", "problem"), [
    ("110105194912310021", "check_digit"), ("11010519491331002X", "birth_date"),
    ("1101051949123100", "format"), ("11010519491231002Y", "format"), ("110105209912310028", "birth_date"),
])
def test_invalid_id_numbers_name_the_rule(value, problem):
    assert ids.id_number_problem(value) == problem


@pytest.mark.parametrize("value", ["91350100M000100Y43", "91110000802100433B", "11100000000013338W",
                                   "11430000006122244L", "11330105002500287C"])
def test_valid_credit_codes(value):
    assert ids.uscc_problem(value) is None


@pytest.mark.parametrize(("value", "problem"), [
    ("91350100M000100Y44", "check_digit"), ("91350100M000100S43", "format"), ("9135", "format"),
])
def test_invalid_credit_codes(value, problem):
    assert ids.uscc_problem(value) == problem


def test_check_value_31_maps_to_0():
    # The weighted sum of this body is ≡ 0 (mod 31), so 31 − 0 = 31, which GB 32100 writes as '0'
    # (a case some published implementations miss).
    body = "9111000080210040M"
    assert sum(ids.USCC_ALPHABET.index(x) * w for x, w in zip(body, ids.USCC_WEIGHTS, strict=False)) % 31 == 0
    assert ids.uscc_problem(body + "0") is None
    assert ids.uscc_problem(body + "1") == "check_digit"


@pytest.mark.parametrize("value", [
    "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U",
    "1.2.156.3005.2.11100000000013338W009.11330105002500287C.2025052201.002.0",
    "1.2.156.3005.2.11100000MB03271699022.340100.000000016.001.9",
])
def test_real_e_licence_identifiers_verify(value):
    assert ids.elicence_problem(value) is None


def test_a_changed_e_licence_identifier_fails():
    good = "1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U"
    assert ids.elicence_problem(good[:-1] + "V") == "check_digit"
    assert ids.elicence_problem("1.2.3") == "format"
