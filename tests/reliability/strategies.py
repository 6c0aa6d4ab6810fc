"""Hypothesis strategies for hostile input: amounts, addresses, references, tiers, codes, times.

Every ``bad_*`` strategy yields only values the kit must refuse (a valid value would be sent, and
"nothing was sent" is the property under test). The inputs of the bugs found and fixed
(bugs.py) are part of these strategies: digits ``int()`` refuses or that are not ASCII, digit
strings beyond Python's int-conversion limit, lone surrogates, times beyond what the contracts
store.

The kit reads numbers written as text as ASCII digits only: Unicode decimal digits (Arabic-Indic
``"\u0661\u0662\u0663"``, fullwidth ...) are refused everywhere (amounts, tiers, jurisdictions,
times, durations, basis points), so the oracles here accept ``0-9`` only.
"""

from __future__ import annotations

import re
import string
from decimal import Decimal
from typing import Any

from eth_utils import to_checksum_address
from hypothesis import strategies as st

from compliance_kit.units import UINT256_MAX

HEX = "0123456789abcdefABCDEF"
DIGITS = string.digits
ZERO_ADDRESS = "0x" + "00" * 20
#: digits Python's ``int()`` refuses although ``str.isdigit()`` says they are digits
NON_DECIMAL_DIGITS = (
    "\u00b2\u00b3\u00b9\u2070\u2074\u2079"  # superscripts
    "\u2080\u2089"  # subscripts
    "\u2460\u2468\u2473\u24ea\u2780\u2776"  # circled, dingbat
    "\u1369\U00010a40"  # Ethiopic, Kharoshthi
)
#: whitespace ``str.strip()`` removes, and a few that it does not
SPACES = [" ", "\t", "\n", "\r", "\u00a0", "\u2009", "\u3000", "\u200b", "\ufeff"]
#: Python refuses to turn longer digit strings into an int (``sys.get_int_max_str_digits()``)
INT_DIGITS_LIMIT = 4_300
#: what the admin reads as "no limit" for rule amounts and windows (admin/aml.py ``_OFF``)
OFF_WORDS = frozenset({"none", "off", ""})
#: valid, distinct customer addresses
SOME_ADDRESSES = (
    "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
    "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
    "0x90F79bf6EB2c4f870365E785982E1f101E93b906",
)

#: the most digits the kit reads a whole number with (``admin.values.MAX_DIGITS``)
MAX_DIGITS = 78
#: the latest KYC expiry the token stores (32 bits; ``admin.values.KYC_EXPIRY_MAX``)
KYC_EXPIRY_MAX = 2**32 - 1


def ascii_whole(text: str) -> int | None:
    """An independent reading of a whole number written as text: ASCII digits only, at most
    ``MAX_DIGITS`` of them (leading zeros count), else None."""
    if not (text.isascii() and text.isdigit()) or len(text) > MAX_DIGITS:
        return None
    return int(text)


# --- building blocks ---------------------------------------------------------------------------

digits = st.text(DIGITS, min_size=1, max_size=25)
unicode_digit = st.characters(categories=["Nd"])
unicode_digits = st.text(unicode_digit, min_size=1, max_size=12)
#: digit strings beyond Python's int-conversion limit, or beyond ``MAX_DIGITS`` by leading zeros
long_digits = st.one_of(
    st.integers(INT_DIGITS_LIMIT + 1, INT_DIGITS_LIMIT + 300).map(lambda n: "9" * n),
    st.integers(MAX_DIGITS + 1, 200).map(lambda n: "0" * (n - 1) + "1"),
)
#: text with a lone surrogate: what Python makes of non-UTF-8 bytes on a command line
with_surrogate = st.tuples(
    st.text(max_size=8), st.characters(categories=["Cs"]), st.text(max_size=8)
).map("".join)


def _join(*parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.tuples(*parts).map("".join)


# --- amounts (token units, 6 decimals) -----------------------------------------------------------

#: words and shapes Python or a spreadsheet reads as numbers, the kit must not
NUMBER_LOOKALIKES = [
    "",
    " ",
    ".",
    "-",
    "+",
    "_",
    "NaN",
    "nan",
    "-nan",
    "sNaN",
    "inf",
    "-inf",
    "+inf",
    "Infinity",
    "-Infinity",
    "1e6",
    "1E-3",
    "1e+3",
    "0x10",
    "0b1",
    "0o7",
    "+5",
    "1,000",
    "1,5",
    "1 000",
    "1'000",
    "\u00bd",
    "\u216b",
    "\u066b",
    "1\u066b5",
    "\u0661,\u0660\u0660\u0660",
    "--1",
    "1-",
    "1..0",
    "1.2.3",
    "1.",
    ".5",
    "0.",
    "1e",
    "$5",
    "5$",
    "5 USD",
    "None",
    "null",
    "true",
    "-0",
    "-0.0",
    "1/2",
    "(5)",
    "5%",
]

#: underscores where ``1_000.50`` does not put them
ODD_UNDERSCORES = st.one_of(
    _join(st.just("_"), digits),
    _join(digits, st.just("_")),
    _join(digits, st.just("__"), digits),
    _join(digits, st.just("._"), digits),
    _join(digits, st.just("_."), digits),
    _join(st.just("._"), digits),
    _join(digits, st.just("."), digits, st.just("_")),
)


def bad_amount_text(decimals: int = 6) -> st.SearchStrategy[str]:
    """Amount text the kit must refuse (for a token with ``decimals`` decimals)."""
    too_large = (UINT256_MAX // 10**decimals) + 1
    return st.one_of(
        st.sampled_from(NUMBER_LOOKALIKES),
        st.sampled_from(NON_DECIMAL_DIGITS),
        _join(st.just("-"), digits),  # negative
        _join(st.just("-"), digits, st.just("."), digits),
        # more decimal places than the token has (the last one not zero)
        _join(
            digits,
            st.just("."),
            st.text(DIGITS, min_size=decimals, max_size=60),
            st.sampled_from("123456789"),
        ),
        st.integers(too_large, 10**200).map(str),  # beyond uint256 in base units
        st.integers(INT_DIGITS_LIMIT + 1, INT_DIGITS_LIMIT + 300).map(lambda n: "9" * n),
        # a seventh decimal place far behind the point: no rounding to the Decimal precision
        st.integers(160, 400).map(lambda n: "1." + "0" * n + "1"),
        unicode_digits.filter(lambda t: not t.isascii()),  # ASCII digits only
        _join(digits, st.sampled_from(SPACES[:3] + SPACES[4:7]), digits),  # inner whitespace
        ODD_UNDERSCORES,
        _join(digits, st.sampled_from("eE"), st.integers(-30, 30).map(str)),
        _join(digits, st.sampled_from(",'\u2019 "), digits, st.just("."), digits),
        # text without any digit is never an amount
        st.text(st.characters(exclude_categories=["Nd"]), min_size=1, max_size=20),
    )


def bad_amount_objects() -> st.SearchStrategy[Any]:
    """Non-text amounts the kit must refuse: floats (even whole), bools, containers, specials."""
    return st.one_of(
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
        st.none(),
        st.just(b"100"),
        st.lists(st.integers(), max_size=2),
        st.just({"amount": "1"}),
        st.just(1 + 2j),
        st.sampled_from([Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("-1")]),
        st.integers(max_value=-1),
        st.integers(min_value=UINT256_MAX // 10**6 + 1, max_value=2**400),
        st.decimals(Decimal(-(10**9)), Decimal(10**9), places=7).filter(
            lambda d: (d * 10**6) % 1 != 0  # a seventh decimal place
        ),
    )


def bad_amounts(decimals: int = 6) -> st.SearchStrategy[Any]:
    return st.one_of(bad_amount_text(decimals), bad_amount_objects())


def amount_like_text() -> st.SearchStrategy[str]:
    """Anything between a valid amount and garbage: for the exactness oracle (long fractions
    included: trailing zeros far behind the point are exact, a last digit there is not)."""
    valid = _join(
        digits,
        st.one_of(st.just(""), _join(st.just("."), st.text(DIGITS, min_size=1, max_size=8))),
    )
    grouped = st.lists(st.text(DIGITS, min_size=1, max_size=3), min_size=1, max_size=6).map(
        "_".join
    )
    spaced = st.tuples(st.sampled_from(SPACES), valid, st.sampled_from(SPACES)).map("".join)
    unicode = _join(
        unicode_digits,
        st.one_of(st.just(""), _join(st.just("."), unicode_digits)),
    )
    long_fraction = _join(
        digits, st.just("."), st.text("0", min_size=100, max_size=300), st.sampled_from(["", "1"])
    )
    return st.one_of(
        valid, grouped, spaced, unicode, long_fraction, bad_amount_text(), st.text(max_size=30)
    )


def reference_base_units(value: str, decimals: int) -> int | None:
    """An independent reading of amount text: the base units, or None when it is not an
    amount. ASCII digits only (``Decimal`` would also read other scripts' digits: the kit
    refuses them)."""
    text = value.strip()
    if not re.fullmatch(r"[0-9]+(_[0-9]+)*(\.[0-9]+(_[0-9]+)*)?", text):
        return None
    whole, _, fraction = text.replace("_", "").partition(".")
    whole, fraction = whole.lstrip("0") or "0", fraction.rstrip("0")
    if len(fraction) > decimals or len(whole) > len(str(UINT256_MAX)):
        return None
    base = int(whole) * 10**decimals + int(fraction.ljust(decimals, "0") or "0")
    return base if base <= UINT256_MAX else None


# --- addresses -----------------------------------------------------------------------------------

addresses = st.binary(min_size=20, max_size=20).map(lambda b: to_checksum_address(b))


def _broken_checksum(address: str, index: int) -> str | None:
    """``address`` with the case of one letter flipped, if that keeps it mixed-case."""
    letters = [i for i, c in enumerate(address[2:], start=2) if c.isalpha()]
    if not letters:
        return None
    i = letters[index % len(letters)]
    flipped = address[:i] + address[i].swapcase() + address[i + 1 :]
    body = flipped[2:]
    return None if body in (body.lower(), body.upper()) else flipped


#: look like hex digits, are not: fullwidth, Cyrillic, Bengali and Arabic-Indic zeros, o O l I
LOOKALIKES = "\uff10\uff11\uff41\uff42\uff21\uff22oOlI\u0456\u0430\u09e6\u09e6\u0660\u06f0"


def bad_addresses() -> st.SearchStrategy[Any]:
    """Values ``to_address`` must refuse."""
    body = st.text(HEX, min_size=40, max_size=40)
    return st.one_of(
        st.tuples(addresses, st.integers(0, 40))
        .map(lambda t: _broken_checksum(*t))
        .filter(lambda a: a is not None),
        _join(st.just("0x"), st.text(HEX, max_size=39)),  # short
        _join(st.just("0x"), st.text(HEX, min_size=41, max_size=80)),  # long
        body,  # no 0x
        _join(st.sampled_from(["0X", "0x0x", "x", "00", "0h", "0\u0445"]), body),
        st.tuples(body, st.integers(0, 39), st.sampled_from("ghxyzGZ-_. " + LOOKALIKES)).map(
            lambda t: "0x" + t[0][: t[1]] + t[2] + t[0][t[1] + 1 :]
        ),  # one non-hex character
        st.tuples(body, st.integers(1, 39), st.sampled_from(SPACES)).map(
            lambda t: "0x" + t[0][: t[1]] + t[2] + t[0][t[1] :]
        ),  # whitespace inside
        st.sampled_from(["", "0x", "alice", "bob.eth", "0x" + "0" * 39 + "g"]),
        st.one_of(st.none(), st.integers(), st.binary(min_size=20, max_size=20)),
    )


# --- references, tiers, jurisdictions, times, durations, basis points, roles ----------------------


#: characters beyond ASCII (2-4 UTF-8 bytes each), lone surrogates included
NON_ASCII = st.characters(min_codepoint=0x80)


def _utf8_size(text: str) -> int:
    """Bytes of ``text`` in UTF-8, a lone surrogate counted as 3 (it cannot be encoded)."""
    return len(text.encode("utf-8", "surrogatepass"))


def bad_references() -> st.SearchStrategy[Any]:
    """Order / payment references the kit must refuse: empty, zero, beyond 32 bytes, not
    UTF-8 (a lone surrogate)."""
    return st.one_of(
        st.sampled_from(["", " ", "\t\n", "\u3000", "0x" + "00" * 32]),
        st.just("\0"),
        st.just("\0" * 32),
        st.text(min_size=1, max_size=60).filter(lambda t: _utf8_size(t.strip()) > 32),
        st.text(NON_ASCII, min_size=9, max_size=16).filter(lambda t: _utf8_size(t.strip()) > 32),
        with_surrogate,
        st.binary(min_size=33, max_size=64),
        st.just(b""),
        st.just(b"\0" * 32),
        st.one_of(st.none(), st.integers(), st.floats()),
    )


def numberish_text() -> st.SearchStrategy[str]:
    """Text that looks more or less like a whole number."""
    return st.one_of(
        digits,
        _join(st.just("-"), digits),
        unicode_digits,
        st.sampled_from(NUMBER_LOOKALIKES),
        st.sampled_from(NON_DECIMAL_DIGITS),
        st.integers(-(10**30), 10**30).map(str),
        _join(digits, st.sampled_from(SPACES), digits),
        long_digits,
        st.text(max_size=12),
    )


def bad_tiers() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers().filter(lambda i: not 1 <= i <= 4),
        numberish_text().filter(lambda t: t.strip().lower() not in _TIER_WORDS),
        st.sampled_from(["retial", "Retail Tier", "pro", "institutional", "5", "0", "1.0"]),
        st.one_of(st.none(), st.booleans(), st.floats()),
    ).filter(_not_a_tier)


def _not_a_tier(value: Any) -> bool:
    if isinstance(value, str):
        text = value.strip().lower().replace("-", "_").replace(" ", "_")
        if text in _TIER_WORDS:
            return False
        number = ascii_whole(text)
        return not (number is not None and 1 <= number <= 4)
    return not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 4)


_TIER_WORDS = {"retail", "professional", "institution", "issuer_treasury"}


def bad_jurisdictions() -> st.SearchStrategy[Any]:
    def refused(value: Any) -> bool:
        if isinstance(value, str):
            number = ascii_whole(value.strip())
            return not (number is not None and 1 <= number <= 999)
        return not (isinstance(value, int) and not isinstance(value, bool) and 1 <= value <= 999)

    return st.one_of(
        st.integers(),
        numberish_text(),
        st.sampled_from(["US", "840.0", "HK", "+840", "0840x"]),
        st.one_of(st.none(), st.booleans(), st.floats()),
    ).filter(refused)


def bad_times() -> st.SearchStrategy[Any]:
    """Points in time ``values.timestamp`` must refuse (before 1970, beyond 40 bits, garbage)."""
    return st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=2**40),
        st.integers(max_value=-1).map(str),
        st.sampled_from(
            [
                "",
                "tomorrow",
                "2027-13-01",
                "2027-02-30",
                "2027-01-01T25:00",
                "2027-1-1",
                "01/02/2027",
                "2027-01-01T00:00:00+25:00",
                "1969-12-31",
                "0001-01-01",
                "99999-01-01",
                "2027\u201001\u201001",  # unicode hyphens
                "1e9",
                "1_000_000_000",
                "\uff11\uff17\uff10\uff10\uff10\uff10\uff10\uff10\uff10\uff10",
            ]
        ),
        st.text(max_size=25).filter(lambda t: ascii_whole(t.strip()) is None),
        unicode_digits.filter(lambda t: not t.isascii()),
        st.sampled_from(NON_DECIMAL_DIGITS),
        long_digits,
        st.one_of(st.none(), st.booleans(), st.floats(), st.just([2027, 1, 1])),
    ).filter(lambda v: not _is_valid_time(v))


def bad_kyc_expiries() -> st.SearchStrategy[Any]:
    """KYC expiries the kit must refuse: :func:`bad_times`, and times past the token's 32-bit
    expiry (2106-02-07), up to year 10000 and beyond."""
    beyond = st.integers(KYC_EXPIRY_MAX + 1, 2**40 - 1)
    return st.one_of(
        bad_times(),
        beyond,
        beyond.map(str),
        st.sampled_from(["2106-02-08", "2200-01-01", "9999-12-31", "9999-12-31T23:59:59-12:00"]),
    )


def _is_valid_time(value: Any) -> bool:
    """What ``values.timestamp`` accepts (used to keep accidental valid times out)."""
    from compliance_kit.admin.values import timestamp
    from compliance_kit.exceptions import InputError

    try:
        timestamp(value)
    except InputError:
        return False
    return True


def bad_durations() -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers(max_value=-1),
        st.integers(min_value=2**32),
        st.sampled_from(["", "-1", "1.5h", "1 hour", "h", "36hh", "1y", "2d12h", "1e3", "P1D"]),
        st.text(max_size=12).filter(
            lambda t: not re.fullmatch(r"[0-9]+\s*[smhdw]?", t.strip().lower())
        ),
        _join(unicode_digits.filter(lambda t: not t.isascii()), st.sampled_from(["", "h"])),
        st.sampled_from(NON_DECIMAL_DIGITS),
        long_digits,
        st.one_of(st.none(), st.booleans(), st.floats()),
    )


def bad_basis_points(low: int = 0, high: int = 10_000) -> st.SearchStrategy[Any]:
    return st.one_of(
        st.integers().filter(lambda i: not low <= i <= high),
        st.sampled_from(["", "1.5", "5%", "nan", "+", "1e2", "10_000", "\u0661" + "\u0660" * 2]),
        numberish_text().filter(lambda t: not _basis_points_in(t, low, high)),
        st.one_of(st.none(), st.booleans(), st.floats()),
    )


def _basis_points_in(text: str, low: int, high: int) -> bool:
    """Whether ``text`` reads as whole basis points in ``[low, high]`` (ASCII, optional -)."""
    stripped = text.strip()
    number = ascii_whole(stripped.removeprefix("-"))
    if number is None:
        return False
    value = -number if stripped.startswith("-") else number
    return low <= value <= high


def bad_transfer_counts() -> st.SearchStrategy[Any]:
    """``max_transfers`` values the kit must refuse (0-65,535; ``None``/``off`` mean no limit)."""

    def refused(value: Any) -> bool:
        if isinstance(value, str):
            text = value.strip()
            if text.lower() in OFF_WORDS:
                return False
            number = ascii_whole(text)
            return not (number is not None and number <= 65_535)
        return value is not None and not (
            isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 65_535
        )

    return st.one_of(
        st.integers(), numberish_text(), st.sampled_from(NON_DECIMAL_DIGITS), st.floats()
    ).filter(refused)


def bad_role_names() -> st.SearchStrategy[Any]:
    from compliance_kit.admin.values import ROLE_IDS

    def refused(value: Any) -> bool:
        text = str(value).strip().upper().replace("-", "_").replace(" ", "_")
        if text in ("ADMIN", "DEFAULT_ADMIN"):
            return False
        return (text if text.endswith("_ROLE") else text + "_ROLE") not in ROLE_IDS

    return st.one_of(
        st.text(max_size=30),
        st.sampled_from(
            ["mint", "minters", "ROLE", "_ROLE", "owner", "root", "0x00", "admin_role_"]
        ),
        st.none(),
    ).filter(refused)
