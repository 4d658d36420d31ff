import pytest
from django.core.exceptions import ValidationError

from gradtrack.records import validators


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("13800001111", "13800001111"),
        ("138 0000 1111", "13800001111"),
        ("138-0000-1111", "13800001111"),
        ("+86 138 0000 1111", "13800001111"),
        ("8613800001111", "13800001111"),
        ("１３８００００１１１１", "13800001111"),
        (13800001111, "13800001111"),
        ("13800001111.0", "13800001111"),
        (None, ""),
    ],
)
def test_it_normalises_mobile_numbers_to_eleven_digits(raw, expected):
    assert validators.normalize_mobile(raw) == expected


@pytest.mark.parametrize("value", ["1380000111", "23800001111", "138000011112", "1380000111a"])
def test_it_rejects_malformed_mobile_numbers(value):
    with pytest.raises(ValidationError):
        validators.validate_mobile(value)


def test_it_checks_the_id_number_check_digit_gb_11643():
    validators.validate_id_number("11010519491231002X")
    with pytest.raises(ValidationError):
        validators.validate_id_number("110105194912310021")


def test_it_checks_the_credit_code_check_character_gb_32100():
    validators.validate_credit_code("91110000600037341L")
    with pytest.raises(ValidationError):
        validators.validate_credit_code("91110000600037341M")


def test_employer_names_compare_across_width_spaces_and_brackets():
    assert validators.normalize_employer_name(
        "攀钢集团（攀枝花）有限公司"
    ) == validators.normalize_employer_name(" 攀钢集团 (攀枝花)有限公司")


@pytest.mark.parametrize("value", ["13٣٣٣٣٣٣٣٣٣", "1３８00001111"])
def test_only_ascii_digits_make_a_mobile_number(value):
    with pytest.raises(ValidationError):
        validators.validate_mobile(value)


def test_only_ascii_digits_make_a_qq_number():
    with pytest.raises(ValidationError):
        validators.validate_qq("٣٣٣٣٣٣")
