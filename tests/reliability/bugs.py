"""The bugs the reliability suites found, as the ``xfail(strict=True)`` reasons that pin them.

Each is pinned where it is reached (values, admin, CLI, file loaders); the general hostile-input
properties leave its inputs out (``strategies.known_bug*``), so each bug fails in one place and
a fix turns its pins into XPASS (strict: the suite then fails until the pin is removed).

B1  ``admin/values.py`` ``kyc_tier`` / ``jurisdiction`` / ``timestamp`` and ``admin/aml.py``
    ``_max_transfers`` guard ``int()`` with ``str.isdigit()``, which is also true for digits
    ``int()`` refuses (superscript two U+00B2, circled one U+2460): a raw ``ValueError`` without
    the field escapes ``approve_account``, ``set_tier_limits``, ``import_kyc_csv`` (whose reader
    only catches ``InputError``) and the CLI (``error: unexpected ValueError``, exit 1).
B2  Times from year 10000 up to 2**40 pass ``values.timestamp``; the kit then renders them with
    ``datetime.fromtimestamp``, which raises ``ValueError: year 10000 is out of range``:
    ``display.show_arg`` while explaining ``approve_account``'s simulated ``InvalidKycExpiry``
    (the decoded revert is lost), ``admin/reserves.py _date`` while describing ``attest``.
B3  Digit strings beyond Python's int-conversion limit (4,300 digits) raise its raw
    ``ValueError``: ``admin/values.py`` parsers, PyYAML's int constructor (scenario and YAML
    profile files), ``tomllib`` (TOML profiles), ``policy/errors.py _show`` (``repr`` of the bad
    override value while formatting the ``ProfileError``).
B4  ``admin/redemptions.py _fulfil_plan`` checks the redemption id is an int >= 0, not that it
    fits uint256: ``fulfil_redemption(2**256)`` / ``redeem fulfil`` raise eth_abi's
    ``ValueOutOfBounds``.
B5  Deeply nested YAML or TOML makes PyYAML's composer / ``tomllib`` raise ``RecursionError``,
    which the scenario and profile loaders let escape (they catch ``YAMLError`` /
    ``TOMLDecodeError`` only).
B6  The loaders' line indexing (``_index`` in ``scenarios/loader.py`` and ``policy/loader.py``)
    walks an aliased YAML node again at every alias: loading time grows 9x per line of a nested
    alias bomb (7 lines: seconds, 9 lines: hours), before anything is validated.
B7  ``scenarios/schema.py Reference`` is ``max_length=32`` characters, references are stored
    as 32 UTF-8 bytes: a 33-byte reference (11 x U+20AC) loads, then its step fails at run time
    with eth_abi's ``ValueOutOfBounds`` instead of a load-time ``ScenarioError``.
B8  An explicit YAML tag on a scalar of another type (``!!int abc``, ``!!float abc``,
    ``!!bool abc``, ``!!timestamp abc``) makes PyYAML's safe constructors raise ``ValueError``,
    ``KeyError`` or ``AttributeError`` -- not ``YAMLError``, the only error both loaders convert.
B9  A lone surrogate -- what Python makes of non-UTF-8 bytes on the command line -- in an order
    or payment reference (``values.reference``) or a report text (``reserves.report_hash``)
    makes ``str.encode()`` raise a raw ``UnicodeEncodeError``.
B10 ``admin/orders.py _order_plan`` reads ``amount is None`` as "no amount": ``freeze_tokens``,
    ``unfreeze_tokens``, ``seize`` and ``burn_frozen`` with ``amount=None`` bind the 2-argument
    form and raise a raw ``TypeError`` ("takes 3 argument(s), got 2").
Z1  ``RolesAdmin.grant_role`` sends ``grantRole(role, 0x0)`` and it is mined, while the kit's
    own ``SystemConfig`` refuses the zero address as a role holder (``system/config.py``).
"""

B1 = "B1: values.py guards int() with str.isdigit(): digits like U+00B2 raise a raw ValueError"
B2 = "B2: times >= year 10000 pass timestamp(), then datetime.fromtimestamp raises ValueError"
B3 = "B3: integers beyond 4,300 digits raise Python's raw int-conversion ValueError"
B4 = "B4: fulfil_redemption does not bound the id to uint256: eth_abi ValueOutOfBounds escapes"
B5 = "B5: deeply nested YAML/TOML: RecursionError escapes the scenario and profile loaders"
B6 = "B6: the loaders' _index walks YAML aliases again at every use (9x time per bomb line)"
B7 = "B7: scenario references checked as <= 32 characters, stored as 32 bytes: fail at run time"
B8 = "B8: '!!int abc'-style YAML tags raise ValueError/KeyError/AttributeError past the loaders"
B9 = "B9: a lone surrogate in a reference or report text: raw UnicodeEncodeError from encode()"
B10 = "B10: OrdersAdmin reads amount=None as 'no amount': freeze_tokens & co. raise TypeError"
Z1 = "Z1: grant_role sends grantRole(role, 0x0), though SystemConfig refuses a zero holder"
