"""The public API is exactly what ``compliance_kit.__all__`` says, and every name resolves."""

import compliance_kit


def test_every_exported_name_resolves():
    for name in compliance_kit.__all__:
        assert getattr(compliance_kit, name) is not None, name


def test_exports_are_documented_objects():
    for name in compliance_kit.__all__:
        if name == "__version__":
            continue
        member = getattr(compliance_kit, name)
        assert member.__doc__, f"{name} has no docstring"


def test_unknown_attribute_raises_attribute_error():
    try:
        compliance_kit.DoesNotExist  # noqa: B018
    except AttributeError as exc:
        assert "DoesNotExist" in str(exc)  # noqa: PT017
    else:  # pragma: no cover
        raise AssertionError("expected AttributeError")
