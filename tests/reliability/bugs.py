"""The bugs the reliability suites found, and how each was fixed (a history: all are fixed).

Each was first pinned by an ``xfail(strict=True)`` test and its inputs were kept out of the
general properties. Now each pin is a regression test asserting the clear error (named in
brackets), and its inputs are back in the strategies (strategies.py), so the general properties
cover them too.

B1  ``str.isdigit()`` guarded ``int()`` in ``admin/values.py`` (tier, jurisdiction, time) and
    ``admin/aml.py _max_transfers``; it is also true for digits ``int()`` refuses (U+00B2, U+2460),
    so a raw ``ValueError`` escaped the admin, the KYC CSV import and the CLI. Fixed: numbers as
    text are ASCII digits only, everywhere (amounts, tiers, jurisdictions, times, durations,
    basis points, transfer counts, scenario durations); other scripts' decimal digits, which
    ``int()`` and ``Decimal`` read, are refused too.
    [test_hostile_values / _admin / _cli: ``test_*digits_other_than_ascii*``]
B2  Times from year 10000 up to 2**40 passed ``values.timestamp``; rendering them with
    ``datetime.fromtimestamp`` raised. Fixed: ``timestamp(maximum=...)`` bounds each time by
    what its contract stores (``TIME_MAX`` = uint40 for attestations, ``KYC_EXPIRY_MAX`` = 2**32-1
    for KYC expiries, whose callers pass it); ``display.show_time`` (used by ``show_arg``,
    ``reserves._date``, the restriction explanations and the audit log) shows the raw number
    when no date can. [``test_a_kyc_expiry_beyond_32_bits_*``, ``test_an_attestation_as_of_*``]
B3  Digit strings beyond Python's int-conversion limit (4,300 digits) raised its raw
    ``ValueError`` in the value parsers, PyYAML, tomllib and ``policy/errors.py _show``. Fixed:
    the parsers refuse more than ``values.MAX_DIGITS`` (78) digits by name; amounts are converted
    digit by digit (which also fixed ``1.(200 zeros)1`` being rounded to 1 at Decimal's
    160-digit precision); the loaders report the integer's field and line; ``_show`` uses a
    bounded ``reprlib`` that describes huge integers. [``test_*very_long_digit*``,
    ``test_long_amounts_*``, ``test_a_huge_integer_in_a_file_*``]
B4  ``fulfil_redemption`` did not bound the id to uint256: eth_abi's ``ValueOutOfBounds``
    escaped. Fixed: ``InputError("id")`` outside 0..2**256-1. [``test_*redemption_id_beyond_*``]
B5  Deeply nested YAML/TOML raised ``RecursionError`` past the loaders. Fixed: YAML is composed by
    ``policy.loader.SafeYamlLoader`` (shared by the scenario loader), which refuses nesting beyond
    ``MAX_DEPTH`` (64) levels, aliases included, at its line; TOML nesting is measured without
    recursion, and tomllib's ``RecursionError`` is converted. [``test_deeply_nested_files_*``]
B6  The loaders' ``_index`` walked an aliased node again at every alias (9x time per line of a
    bomb). Fixed: ``_index`` walks each node once (ids memoized); documents whose aliases expand
    to more than ``MAX_VALUES`` (100,000) values are refused at their line, so nothing after the
    loader (validation, reports) walks a bomb either. [``test_alias_expansion_*``]
B7  Scenario references were checked as <= 32 characters, stored as 32 bytes. Fixed: the
    ``Reference`` type checks the UTF-8 byte length (and lone surrogates) at load time.
    [``test_a_reference_of_more_than_32_bytes_*``]
B8  ``!!int abc``-style tags (and implied ones: ``2027-02-30``) made PyYAML's constructors raise
    ``ValueError`` / ``KeyError`` / ``AttributeError``. Fixed: ``SafeYamlLoader`` turns them into
    a ``YamlValueError`` with the scalar's field and line. [``test_a_mistyped_yaml_tag_*``]
B9  A lone surrogate in a reference or report text made ``str.encode()`` raise. Fixed:
    ``values.utf8`` refuses it by field, in ``reference``, ``report_hash``, asset labels and
    travel-rule payload text. [``test_*lone_surrogate*``, ``test_cli_non_utf8_text``]
B10 ``OrdersAdmin._order_plan`` read ``amount is None`` as "no amount": ``freeze_tokens``,
    ``unfreeze_tokens``, ``seize``, ``burn_frozen`` bound the 2-argument form (TypeError). Fixed:
    the function alone selects the form (``freeze`` / ``unfreeze`` act on the whole account);
    a missing amount is ``InputError("amount")``. [``test_an_order_amount_of_none_*``]
Z1  ``grant_role`` sent ``grantRole(role, 0x0)``, though ``SystemConfig`` refuses a zero holder.
    Fixed: ``InputError("account")`` before anything is sent (revoking stays allowed).
    [``test_granting_a_role_to_the_zero_address_is_refused``]
"""
