"""The pytest plugin, run the way users run it: inner pytest sessions through ``pytester``."""

from __future__ import annotations

import textwrap

import pytest

from compliance_kit.chain.dev_accounts import dev_accounts
from compliance_kit.exceptions import PanicRevert, ReasonRevert, Reverted, revert_error
from compliance_kit.pytest_plugin import reverts

from .conftest import EXAMPLE, PLUGIN_ARGS

pytest_plugins = ["pytester"]

ALICE = dev_accounts(11)[10]


def _run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    pytester.makepyfile(test_inner=textwrap.dedent(source))
    return pytester.runpytest(*PLUGIN_ARGS, "--strict-markers", "-p", "no:cacheprovider", *args)


# --- inner sessions --------------------------------------------------------------------------


def test_the_example_file_passes(inner_pytester: pytest.Pytester) -> None:
    inner_pytester.makepyfile(test_example=EXAMPLE.read_text(encoding="utf-8"))
    result = inner_pytester.runpytest(*PLUGIN_ARGS, "--strict-markers", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=7)


def test_state_changes_are_reverted_between_tests(inner_pytester: pytest.Pytester) -> None:
    result = _run(
        inner_pytester,
        """
        def test_verify_mallory(ck_system, ck_actors):
            token, a = ck_system.token, ck_actors
            token.fn.approveAccount(a.mallory.address, 1, 840, 2**32 - 1).transact(a.kyc_operator)
            assert token.fn.isVerified(a.mallory.address).call()

        def test_mallory_is_unverified_again(ck_system, ck_actors):
            assert not ck_system.token.fn.isVerified(ck_actors.mallory.address).call()
            assert ck_system.token.fn.isVerified(ck_actors.alice.address).call()
            assert ck_system.token.fn.isVerified(ck_actors.bob.address).call()

        def test_chain_only_tests_are_isolated_too(ck_chain, ck_advance_time):
            global start
            start = ck_chain.timestamp()
            ck_advance_time(1000)

        def test_clock_is_back(ck_chain):
            assert ck_chain.timestamp() == start
        """,
    )
    result.assert_outcomes(passed=4)


def test_tests_without_ck_fixtures_are_not_touched(inner_pytester: pytest.Pytester) -> None:
    result = _run(
        inner_pytester,
        """
        def test_plain():
            assert True
        """,
        "--setup-show",
    )
    result.assert_outcomes(passed=1)
    assert "ck_chain" not in result.stdout.str()  # no chain, no compile, no snapshot


def test_actors_are_the_role_holders_and_three_users(inner_pytester: pytest.Pytester) -> None:
    result = _run(
        inner_pytester,
        """
        def test_actors(ck_system, ck_actors, ck_chain):
            a, token = ck_actors, ck_system.token
            assert a.issuer == a.admin == ck_chain.accounts[0]
            assert ck_system.manifest.roles.seizure_escrow == a.seizure_escrow.address
            assert ck_system.manifest.roles.kyc_providers == (a.kyc_provider.address,)
            role = token.fn.COMPLIANCE_OFFICER_ROLE().call()
            assert token.fn.hasRole(role, a.compliance_officer.address).call()
            assert [x.address for x in (a.alice, a.bob, a.mallory)] == [
                x.address for x in ck_chain.accounts[10:13]
            ]
            assert not token.fn.isVerified(a.mallory.address).call()
        """,
    )
    result.assert_outcomes(passed=1)


def test_profiles_by_option_marker_and_fixture(inner_pytester: pytest.Pytester) -> None:
    result = _run(
        inner_pytester,
        """
        import pytest

        seen = {}

        def test_option_sets_the_default(ck_system):
            assert ck_system.policy.id == "sg"
            seen["sg"] = ck_system

        def test_one_system_per_profile(ck_system):
            assert ck_system is seen["sg"]

        @pytest.mark.ck_profile("hk")
        def test_marker(ck_system, ck_actors):
            assert ck_system.policy.id == "hk"
            assert ck_system.token.fn.isVerified(ck_actors.alice.address).call()
            assert ck_system.token.address != seen["sg"].token.address

        class TestOverride:
            @pytest.fixture
            def ck_profile(self):
                return "us"

            def test_fixture_override(self, ck_system):
                assert ck_system.policy.id == "us"

        @pytest.mark.ck_profile()
        def test_bad_marker(ck_system):
            pass
        """,
        "--ck-profile",
        "sg",
    )
    result.assert_outcomes(passed=4, errors=1)
    result.stdout.fnmatch_lines(["*use @pytest.mark.ck_profile(name) with one profile name*"])


def test_a_profile_first_deployed_inside_a_test_is_not_reused(
    inner_pytester: pytest.Pytester,
) -> None:
    result = _run(
        inner_pytester,
        """
        import pytest

        def test_deploys_inside_the_snapshot(ck_chain, request):
            assert request.getfixturevalue("ck_system").policy.id == "us"

        def test_gets_a_live_system(ck_system, ck_chain):
            assert ck_chain.get_code(ck_system.token.address)
        """,
    )
    result.assert_outcomes(passed=2)


def test_ck_reverts_on_the_chain(inner_pytester: pytest.Pytester) -> None:
    result = _run(
        inner_pytester,
        """
        def send(ck_system, ck_actors):
            ck_system.token.fn.transfer(ck_actors.mallory.address, 0).transact(ck_actors.alice)

        def test_right_error_and_args(ck_system, ck_actors, ck_reverts):
            with ck_reverts("AccountNotVerified", account=ck_actors.mallory.address.lower()) as r:
                send(ck_system, ck_actors)
            assert r.value.mined

        def test_wrong_error(ck_system, ck_actors, ck_reverts):
            with ck_reverts("AccountFrozen"):
                send(ck_system, ck_actors)

        def test_wrong_args(ck_system, ck_actors, ck_reverts):
            with ck_reverts("AccountNotVerified", account=ck_actors.bob):
                send(ck_system, ck_actors)

        def test_no_revert(ck_system, ck_actors, ck_reverts):
            with ck_reverts("AccountNotVerified"):
                ck_system.token.fn.balanceOf(ck_actors.alice.address).call()
        """,
    )
    result.assert_outcomes(passed=1, failed=3)
    result.stdout.fnmatch_lines(
        [
            "*AssertionError: expected AccountFrozen() to revert, but it reverted with another "
            "error: ComplianceStablecoin.transfer reverted: AccountNotVerified(account=0x*",
            "*AssertionError: AccountNotVerified reverted as expected, but with other arguments: "
            "account: expected 0x*, got 0x*",
            "*AssertionError: expected AccountNotVerified() to revert, but nothing reverted",
        ]
    )


@pytest.mark.rpc
def test_on_an_rpc_dev_node(inner_pytester: pytest.Pytester) -> None:
    from compliance_kit.chain import AnvilProcess
    from compliance_kit.exceptions import NodeToolchainMissing

    try:
        node = AnvilProcess().start()
    except NodeToolchainMissing as exc:
        pytest.skip(f"anvil is not installed: {exc}")
    try:
        inner_pytester.makepyfile(test_example=EXAMPLE.read_text(encoding="utf-8"))
        result = inner_pytester.runpytest(
            *PLUGIN_ARGS, "-p", "no:cacheprovider", "--ck-rpc-url", node.url
        )
    finally:
        node.stop()
    result.assert_outcomes(passed=7)


# --- reverts(), without a chain --------------------------------------------------------------


def _custom(name: str, **args: object) -> Reverted:
    signature = f"{name}({','.join('uint256' for _ in args)})"
    return revert_error(name)(signature, dict(args), contract="Token", function="transfer")


def test_reverts_accepts_a_subset_of_the_arguments() -> None:
    with reverts("KycExpired", expiredAt=5) as caught:
        raise _custom("KycExpired", account=ALICE.address, expiredAt=5, currentTime=9)
    assert caught.value["currentTime"] == 9


def test_reverts_compares_addresses_accounts_and_bytes_loosely() -> None:
    with reverts("Frozen", account=ALICE, ref="0x" + "ab" * 32):
        raise _custom("Frozen", account=ALICE.address, ref=b"\xab" * 32)
    with reverts("Frozen", account=ALICE.address.lower()):
        raise _custom("Frozen", account=ALICE.address)


def test_reverts_names_an_unknown_argument() -> None:
    expected = r"KycExpired has no argument 'acount' \(its arguments: account, expiredAt\)"
    with pytest.raises(AssertionError, match=expected), reverts("KycExpired", acount=1):
        raise _custom("KycExpired", account=1, expiredAt=5)


def test_reverts_by_class_panic_and_reason() -> None:
    with reverts(PanicRevert, code=0x11):
        raise PanicRevert(0x11, "arithmetic overflow")
    with reverts(ReasonRevert, reason="nope"):
        raise ReasonRevert("nope")
    with reverts(revert_error("Paused")):
        raise _custom("Paused")
    with reverts():
        raise ReasonRevert("any revert will do")
    with (
        pytest.raises(AssertionError, match="code: expected 18, got 17"),
        reverts(PanicRevert, code=0x12),
    ):
        raise PanicRevert(0x11, "arithmetic overflow")


def test_reverts_lets_other_exceptions_through() -> None:
    with pytest.raises(KeyError), reverts("Paused"):
        raise KeyError("not a revert")


def test_reverts_rejects_bad_expectations() -> None:
    with pytest.raises(ValueError, match="not a Solidity error name"):
        reverts("not a name")
    with pytest.raises(TypeError, match="Reverted subclass"):
        reverts(KeyError)  # type: ignore[arg-type]
    with pytest.raises(AttributeError, match="after the with block"):
        _ = reverts("Paused").value
