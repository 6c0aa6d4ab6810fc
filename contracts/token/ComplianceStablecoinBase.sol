// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {AccountWord, AccountWords} from "./AccountWord.sol";
import {TierRules, TierRulesLib} from "./TierRules.sol";
import {ITravelRuleRegistry} from "../travel/ITravelRuleRegistry.sol";
import {
    IComplianceStablecoinErrors,
    IComplianceStablecoinEvents,
    IComplianceStablecoinTypes
} from "./IComplianceStablecoin.sol";

/// @title ComplianceStablecoinBase
/// @notice Roles, constants and storage of the ComplianceStablecoin, shared by the token and its
/// extension (which runs in the token's storage through `delegatecall`).
/// @dev Every state variable of the token lives here, so the two contracts have the same storage
/// layout by construction (a test compares solc's storage layouts). Never add state variables to
/// `ComplianceStablecoin` or `ComplianceStablecoinExtension` themselves.
abstract contract ComplianceStablecoinBase is
    IComplianceStablecoinTypes,
    IComplianceStablecoinErrors,
    IComplianceStablecoinEvents,
    AccessControlDefaultAdminRules,
    EIP712
{
    // ------------------------------------------------------------------ roles

    /// @notice Configures minters and their allowances.
    bytes32 public constant MASTER_MINTER_ROLE = keccak256("MASTER_MINTER_ROLE");
    /// @notice Held by configured minters (managed only through `configureMinter` / `removeMinter`).
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice Approves, updates and revokes accounts on the KYC allowlist.
    bytes32 public constant KYC_OPERATOR_ROLE = keccak256("KYC_OPERATOR_ROLE");
    /// @notice Executes lawful orders: freeze, unfreeze, partial freeze, seize, burn frozen funds.
    bytes32 public constant COMPLIANCE_OFFICER_ROLE = keccak256("COMPLIANCE_OFFICER_ROLE");
    /// @notice Pauses and unpauses transfers, minting and burning.
    bytes32 public constant PAUSER_ROLE = keccak256("PAUSER_ROLE");
    /// @notice Marks redemption requests fulfilled once the fiat payment is made.
    bytes32 public constant TREASURY_ROLE = keccak256("TREASURY_ROLE");

    // ------------------------------------------------------------------ typehashes

    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    /// @notice EIP-712 type of a KYC credential signed by a trusted provider.
    bytes32 public constant KYC_CREDENTIAL_TYPEHASH = keccak256(
        "KycCredential(address account,uint8 tier,uint16 jurisdiction,uint40 expiry,uint256 nonce,uint256 deadline)"
    );

    // ------------------------------------------------------------------ ERC-1404 codes

    uint8 public constant SUCCESS = 0;
    uint8 public constant PAUSED = 1;
    uint8 public constant SENDER_FROZEN = 2;
    uint8 public constant RECIPIENT_FROZEN = 3;
    uint8 public constant SENDER_NOT_VERIFIED = 4;
    uint8 public constant RECIPIENT_NOT_VERIFIED = 5;
    uint8 public constant SENDER_KYC_EXPIRED = 6;
    uint8 public constant RECIPIENT_KYC_EXPIRED = 7;
    uint8 public constant INSUFFICIENT_BALANCE = 8;
    uint8 public constant INSUFFICIENT_UNFROZEN_BALANCE = 9;
    uint8 public constant INVALID_RECEIVER = 10;
    uint8 public constant SENDER_SANCTIONED = 11;
    uint8 public constant RECIPIENT_SANCTIONED = 12;
    uint8 public constant SANCTIONS_SCREENING_UNAVAILABLE = 13;
    uint8 public constant CORRIDOR_CLOSED = 14;
    uint8 public constant TRANSFER_CAP_EXCEEDED = 15;
    uint8 public constant VOLUME_LIMIT_EXCEEDED = 16;
    uint8 public constant VELOCITY_LIMIT_EXCEEDED = 17;
    uint8 public constant TRAVEL_RULE_COMMITMENT_MISSING = 18;

    // ------------------------------------------------------------------ KYC tiers

    uint8 public constant TIER_RETAIL = 1;
    uint8 public constant TIER_PROFESSIONAL = 2;
    uint8 public constant TIER_INSTITUTION = 3;
    uint8 public constant TIER_ISSUER_TREASURY = 4;

    // ------------------------------------------------------------------ storage

    uint256 internal constant VERIFIED = AccountWords.VERIFIED;
    uint256 internal constant FROZEN = AccountWords.FROZEN;
    uint256 internal constant PARTIALLY_FROZEN = AccountWords.PARTIALLY_FROZEN;
    uint256 internal constant LIMIT_EXEMPT = AccountWords.LIMIT_EXEMPT;

    /// @dev Config word: total supply in the low 128 bits, the pause flag and the mint / redeem
    /// screening switches above it, so mint and redeem read them from one slot; for mint's
    /// blocked-jurisdiction check, a copy of the corridor switch and how many jurisdictions are
    /// blocked (mint reads a jurisdiction word only when both are set).
    uint256 internal constant SUPPLY_MASK = (1 << 128) - 1;
    uint256 internal constant PAUSED_FLAG = 1 << 128;
    uint256 internal constant SCREEN_MINT = 1 << 129;
    uint256 internal constant SCREEN_REDEEM = 1 << 130;
    uint256 internal constant BLOCKED_COUNT_UNIT = 1 << 131;
    uint256 internal constant BLOCKED_COUNT_MASK = ((1 << 10) - 1) << 131;
    /// @dev Above the count: `config & MINT_JURISDICTION_BITS > CORRIDORS_ENFORCED` means both.
    uint256 internal constant CORRIDORS_ENFORCED = 1 << 141;
    uint256 internal constant MINT_JURISDICTION_BITS = CORRIDORS_ENFORCED | BLOCKED_COUNT_MASK;
    /// @notice The most tokens (base units) that can exist: balances are 104-bit in the account word.
    uint256 public constant SUPPLY_CAP = (1 << 104) - 1;

    /// @dev Verdict bits above the ERC-1404 code: what a passing transfer must still do.
    uint256 internal constant CONSUME_COMMITMENT = 1 << 8;
    uint256 internal constant SENDER_FAILED_OPEN = 1 << 9;
    uint256 internal constant RECIPIENT_FAILED_OPEN = 1 << 10;

    /// @dev Jurisdiction word: blocked flag, "has its own threshold" flag, threshold (rule units).
    uint256 internal constant JURISDICTION_BLOCKED = 1 << 0;
    uint256 internal constant HAS_THRESHOLD = 1 << 1;
    uint256 internal constant THRESHOLD_SHIFT = 8;

    /// @dev Sanctions word: oracle address in the low 160 bits, the fail-open flag above it.
    uint256 internal constant FAIL_OPEN = 1 << 160;

    /// @dev Limit windows: at least a minute, at most 2^25 - 1 seconds (~388 days).
    uint256 internal constant MIN_WINDOW = 60;
    uint256 internal constant MAX_WINDOW = (1 << 25) - 1;
    uint256 internal constant NUMBER_OF_TIERS = 5; // 0 (not verified) .. 4

    /// @dev Minter word: remaining allowance in the low 128 bits, "is a minter" in the top bit
    /// (one slot per minter, as USDC's `minters` + `minterAllowed`).
    uint256 internal constant MINTER_FLAG = 1 << 255;
    uint256 internal constant ALLOWANCE_MASK = (1 << 128) - 1;

    /// @notice A KYC record, for batch approvals.
    struct KycRecord {
        address account;
        uint8 tier;
        uint16 jurisdiction;
        uint40 expiry;
    }

    /// @notice A credential a trusted KYC provider signs (EIP-712) so the account can onboard itself.
    struct KycCredential {
        address account;
        uint8 tier;
        uint16 jurisdiction;
        uint40 expiry;
        uint256 nonce;
        uint256 deadline;
    }

    mapping(address account => AccountWord) internal _accounts;
    mapping(address owner => mapping(address spender => uint256)) internal _allowances;
    mapping(address account => uint256) internal _frozenTokens;
    mapping(address minter => uint256) internal _minters;
    mapping(address provider => bool) internal _kycProviders;
    mapping(address account => uint256) internal _credentialNonces;
    uint256 internal _config;
    address internal _seizureEscrow;

    /// @dev One rules word per KYC tier (index 0: unverified senders, who fail KYC anyway).
    TierRules[NUMBER_OF_TIERS] internal _tierRules;
    /// @dev Per jurisdiction (ISO 3166-1 numeric): blocked flag and own travel-rule threshold.
    mapping(uint256 jurisdiction => uint256) internal _jurisdictions;
    /// @dev Corridor matrix, two bits per (from, to) pair: key `from * 8 + to / 128`, bits
    /// `(to % 128) * 2`; values are `CorridorStatus`.
    mapping(uint256 key => uint256) internal _corridors;
    /// @dev The sanctions oracle and the fail-open flag (see `SanctionsScreening`).
    uint256 internal _sanctions;
    ITravelRuleRegistry internal _travelRuleRegistry;

    /// @dev Redemption terms and the request counter in one word:
    /// [0..127] minimum amount | [128..159] SLA seconds | [160..175] fee bps | [176] fee locked |
    /// [184..247] number of requests so far.
    uint256 internal _redemptionTerms;
    uint256 internal constant SLA_SHIFT = 128;
    uint256 internal constant FEE_SHIFT = 160;
    uint256 internal constant FEE_LOCKED = 1 << 176;
    uint256 internal constant COUNT_SHIFT = 184;
    uint256 internal constant COUNT_ONE = 1 << COUNT_SHIFT;

    /// @dev One redemption request in two words:
    /// head = redeemer | requestedAt u40 << 160 | fulfilledAt u40 << 200;
    /// body = amount u128 | dueBy u40 << 128 | feeBps u16 << 168.
    struct RedemptionRecord {
        uint256 head;
        uint256 body;
    }

    mapping(uint256 id => RedemptionRecord) internal _redemptions;

    string internal _name;
    string internal _symbol;
    /// @notice Base units per rule unit: rule amounts (caps, limits, thresholds) are stored in 64 bits
    /// with at most 6 decimals (1 for tokens of up to 6 decimals).
    uint256 public immutable ruleUnit;

    /// @param name_ ERC-20 name, also the EIP-712 domain name
    /// @param decimals_ token decimals (at most 18)
    /// @param admin the first DEFAULT_ADMIN_ROLE holder
    /// @param adminTransferDelay seconds a new admin must wait before accepting the role
    constructor(string memory name_, uint8 decimals_, address admin, uint48 adminTransferDelay)
        AccessControlDefaultAdminRules(adminTransferDelay, admin)
        EIP712(name_, "1")
    {
        if (decimals_ > 18) revert InvalidDecimals(decimals_, 18);
        ruleUnit = decimals_ > 6 ? 10 ** (decimals_ - 6) : 1;
    }

    /// @dev Write `value` into the `mask` bits of every tier's rules word (token-wide settings).
    function _setTokenWideRule(uint256 mask, uint256 value) internal {
        for (uint256 tier = 0; tier < NUMBER_OF_TIERS; ++tier) {
            _tierRules[tier] = TierRules.wrap((TierRules.unwrap(_tierRules[tier]) & ~mask) | value);
        }
    }

    function _corridorStatus(uint256 fromJurisdiction, uint256 toJurisdiction) internal view returns (CorridorStatus) {
        uint256 entries = _corridors[fromJurisdiction * 8 + toJurisdiction / 128];
        return CorridorStatus((entries >> ((toJurisdiction % 128) * 2)) & 3);
    }

    function _requireJurisdiction(uint16 jurisdiction) internal pure {
        if (jurisdiction == 0 || jurisdiction > 999) revert InvalidJurisdiction(jurisdiction);
    }

    /// @dev Minters are tracked in the packed minter table (one slot read per mint).
    function hasRole(bytes32 role, address account) public view override(AccessControl, IAccessControl) returns (bool) {
        if (role == MINTER_ROLE) return _minters[account] & MINTER_FLAG != 0;
        return super.hasRole(role, account);
    }

    /// @dev `onlyRole` reads the role table directly: no role checked by `onlyRole` is MINTER_ROLE
    /// (minting checks the minter table itself), so the `hasRole` override's branch is skipped.
    function _checkRole(bytes32 role) internal view override {
        if (!AccessControl.hasRole(role, msg.sender)) revert AccessControlUnauthorizedAccount(msg.sender, role);
    }
}
