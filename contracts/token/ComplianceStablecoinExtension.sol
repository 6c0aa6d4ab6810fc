// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {AccountWord} from "./AccountWord.sol";
import {ComplianceStablecoinBase} from "./ComplianceStablecoinBase.sol";
import {TierRules, TierRulesLib} from "./TierRules.sol";
import {ITravelRuleRegistry} from "../travel/ITravelRuleRegistry.sol";

/// @title ComplianceStablecoinExtension
/// @notice The ComplianceStablecoin's configuration and reporting functions: AML transfer rules
/// (tier limits, exemptions, travel rule, corridors, sanctions screening) and redemption terms and
/// records. The token deploys it in its constructor and forwards every selector it does not know
/// to it with `delegatecall`, so these functions run in the token's storage, with the token's roles,
/// at the token's address: callers use the token's address and the union of both ABIs.
/// @dev Split out to keep the token under the EIP-170 code-size limit; none of these functions is on
/// a transfer's path. Called directly (not through the token) it only touches its own, unused storage.
contract ComplianceStablecoinExtension is ComplianceStablecoinBase {
    /// @param name_ the token's name (the EIP-712 domain must match the token's)
    /// @param decimals_ the token's decimals (sets the same `ruleUnit`)
    constructor(string memory name_, uint8 decimals_) ComplianceStablecoinBase(name_, decimals_, msg.sender, 0) {}

    // ------------------------------------------------------------------ AML transfer rules

    /// @notice Set KYC tier `tier`'s outgoing limits (base units; 0 switches a limit off). Amounts
    /// must be multiples of `ruleUnit`; the window (needed by the volume and count limits) lies
    /// between a minute and ~388 days and holds at least `maxTransfers` seconds.
    /// @dev Accounts keep their standing usage as recovery time (how far their clock runs ahead,
    /// see `TierRules`). A new limit with the same window keeps each account's used share (half
    /// of 10,000 used is half of 6,000 used); a new window keeps the recovery time (an account
    /// 12 hours from recovered stays 12 hours from recovered, which is all of a 12-hour window).
    function setTierLimits(uint8 tier, TierLimits calldata limits) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        if (tier == 0 || tier >= NUMBER_OF_TIERS) revert InvalidKycTier(tier);
        uint256 cap = _toRuleUnits(limits.transferCap);
        uint256 volume = _toRuleUnits(limits.volumeLimit);
        uint256 window = limits.window;
        uint256 maxTransfers = limits.maxTransfers;
        if (maxTransfers > type(uint16).max) revert SafeCast.SafeCastOverflowedUintDowncast(16, maxTransfers);
        if (volume != 0 || maxTransfers != 0) {
            if (window < MIN_WINDOW || window > MAX_WINDOW || window < maxTransfers) {
                revert InvalidLimitWindow(window, MIN_WINDOW, MAX_WINDOW, maxTransfers);
            }
        } else if (window > MAX_WINDOW) {
            revert InvalidLimitWindow(window, MIN_WINDOW, MAX_WINDOW, maxTransfers);
        }
        TierLimits memory previous = _tierLimits(tier);
        uint256 fields = (cap << TierRulesLib.CAP_SHIFT) | (volume << TierRulesLib.VOLUME_SHIFT)
            | (window << TierRulesLib.WINDOW_SHIFT) | (maxTransfers << TierRulesLib.MAX_TRANSFERS_SHIFT);
        _tierRules[tier] = TierRules.wrap((TierRules.unwrap(_tierRules[tier]) & ~TierRulesLib.LIMITS_MASK) | fields);
        emit TierLimitsSet(tier, previous, limits);
    }

    /// @notice KYC tier `tier`'s outgoing limits (base units; 0 = no limit).
    function tierLimits(uint8 tier) external view returns (TierLimits memory) {
        if (tier >= NUMBER_OF_TIERS) revert InvalidKycTier(tier);
        return _tierLimits(tier);
    }

    /// @notice Exempt `account` (e.g. the issuer's treasury or redemption account) from the
    /// per-transfer cap and the rolling volume and count limits. Never from freezes, sanctions,
    /// KYC, corridors or the travel rule.
    function setLimitExemption(address account, bool exempt) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        if (account == address(0)) revert ZeroAddress();
        AccountWord a = _accounts[account];
        emit LimitExemptionSet(account, a.has(LIMIT_EXEMPT), exempt);
        _accounts[account] = exempt ? a.set(LIMIT_EXEMPT) : a.clear(LIMIT_EXEMPT);
    }

    /// @notice Whether `account` is exempt from the volume limits.
    function isLimitExempt(address account) external view returns (bool) {
        return _accounts[account].has(LIMIT_EXEMPT);
    }

    /// @notice What `account` may still send now: volume under its rolling limit and number of
    /// transfers under its count limit (type(uint256).max where no limit applies).
    function remainingLimits(address account) external view returns (uint256 volume, uint256 transfers) {
        AccountWord a = _accounts[account];
        if (a.has(LIMIT_EXEMPT)) return (type(uint256).max, type(uint256).max);
        TierRules rules = _tierRules[a.tier()];
        return (rules.volumeAvailable(a, ruleUnit), rules.transfersAvailable(a));
    }

    /// @notice Switch the travel rule on or off (on needs a commitment registry).
    function setTravelRule(bool enabled) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        if (enabled && address(_travelRuleRegistry) == address(0)) revert TravelRuleRegistryNotSet();
        emit TravelRuleSet(_tierRules[0].has(TierRulesLib.TRAVEL_RULE), enabled);
        _setTokenWideRule(TierRulesLib.TRAVEL_RULE, enabled ? TierRulesLib.TRAVEL_RULE : 0);
    }

    /// @notice Apply the travel-rule threshold to the sender's rolling volume too (this transfer
    /// included, measured by its tier's volume limit): once payments that are each below the
    /// threshold add up to it within the window, further payments need a commitment (structuring).
    /// @dev Senders exempt from limits, and tiers without a volume limit, stay per payment.
    function setTravelRuleAggregation(bool enabled) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        emit TravelRuleAggregationSet(_tierRules[0].has(TierRulesLib.TRAVEL_RULE_AGGREGATE), enabled);
        _setTokenWideRule(TierRulesLib.TRAVEL_RULE_AGGREGATE, enabled ? TierRulesLib.TRAVEL_RULE_AGGREGATE : 0);
    }

    /// @notice Whether the travel-rule threshold applies to senders' rolling volume too.
    function travelRuleAggregation() external view returns (bool) {
        return _tierRules[0].has(TierRulesLib.TRAVEL_RULE_AGGREGATE);
    }

    /// @notice Where travel-rule commitments are registered and consumed.
    function setTravelRuleRegistry(ITravelRuleRegistry registry) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (address(registry).code.length == 0) revert NotAContract(address(registry));
        emit TravelRuleRegistrySet(address(_travelRuleRegistry), address(registry));
        _travelRuleRegistry = registry;
    }

    /// @notice The travel-rule commitment registry (zero: none).
    function travelRuleRegistry() external view returns (address) {
        return address(_travelRuleRegistry);
    }

    /// @notice Make `jurisdiction` the home jurisdiction: its travel-rule threshold is the default
    /// for jurisdictions without their own, and transfers inside it read no jurisdiction table.
    /// @dev Thresholds move with the home: the previous home keeps its threshold as its own, and
    /// the new home's own threshold (if it has one) becomes the default; otherwise the default
    /// stays. Each move emits its `TravelRuleThresholdSet`.
    function setHomeJurisdiction(uint16 jurisdiction) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireJurisdiction(jurisdiction);
        uint256 incoming = _jurisdictions[jurisdiction];
        if (incoming & JURISDICTION_BLOCKED != 0) revert HomeJurisdictionBlocked(jurisdiction);
        TierRules rules = _tierRules[0];
        uint256 previousHome = rules.homeJurisdiction();
        if (previousHome == jurisdiction) return;
        emit HomeJurisdictionSet(uint16(previousHome), jurisdiction);
        uint256 threshold = rules.homeThreshold();
        if (previousHome != 0) {
            uint256 outgoing = _jurisdictions[previousHome];
            uint256 previousOwn = outgoing & HAS_THRESHOLD != 0 ? uint64(outgoing >> THRESHOLD_SHIFT) : TierRulesLib.NO_THRESHOLD;
            emit TravelRuleThresholdSet(uint16(previousHome), _fromRuleUnits(previousOwn), _fromRuleUnits(threshold));
            _jurisdictions[previousHome] = _ownThreshold(outgoing, threshold);
        }
        if (incoming & HAS_THRESHOLD != 0) threshold = uint64(incoming >> THRESHOLD_SHIFT);
        _setTokenWideRule(
            TierRulesLib.HOME_MASK | TierRulesLib.HOME_THRESHOLD_MASK,
            (uint256(jurisdiction) << TierRulesLib.HOME_SHIFT) | (threshold << TierRulesLib.HOME_THRESHOLD_SHIFT)
        );
    }

    /// @notice Set `jurisdiction`'s travel-rule threshold (base units; 0: every transfer).
    /// type(uint256).max removes a foreign jurisdiction's own threshold (the home one applies
    /// again) and gives the home jurisdiction none. Cross-border transfers use the lower of both sides.
    function setTravelRuleThreshold(uint16 jurisdiction, uint256 threshold) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireJurisdiction(jurisdiction);
        uint256 units = threshold == type(uint256).max ? TierRulesLib.NO_THRESHOLD : _toRuleUnits(threshold);
        if (units == TierRulesLib.NO_THRESHOLD && threshold != type(uint256).max) {
            revert InvalidRuleAmount(threshold, ruleUnit, (TierRulesLib.NO_THRESHOLD - 1) * ruleUnit);
        }
        TierRules rules = _tierRules[0];
        if (jurisdiction == rules.homeJurisdiction()) {
            emit TravelRuleThresholdSet(jurisdiction, _fromRuleUnits(rules.homeThreshold()), threshold);
            _setTokenWideRule(TierRulesLib.HOME_THRESHOLD_MASK, units << TierRulesLib.HOME_THRESHOLD_SHIFT);
            return;
        }
        uint256 word = _jurisdictions[jurisdiction];
        uint256 previous = word & HAS_THRESHOLD != 0 ? _fromRuleUnits(uint64(word >> THRESHOLD_SHIFT)) : type(uint256).max;
        emit TravelRuleThresholdSet(jurisdiction, previous, threshold);
        _jurisdictions[jurisdiction] = _ownThreshold(word, units);
    }

    /// @notice `jurisdiction`'s travel-rule threshold in base units and whether it is its own (not
    /// the home jurisdiction's); type(uint256).max: none.
    function travelRuleThreshold(uint16 jurisdiction) external view returns (uint256 threshold, bool own) {
        TierRules rules = _tierRules[0];
        uint256 word = _jurisdictions[jurisdiction];
        if (jurisdiction != rules.homeJurisdiction() && word & HAS_THRESHOLD != 0) {
            return (_fromRuleUnits(uint64(word >> THRESHOLD_SHIFT)), true);
        }
        return (_fromRuleUnits(rules.homeThreshold()), jurisdiction == rules.homeJurisdiction());
    }

    /// @notice The token-wide transfer rules.
    function transferRules()
        external
        view
        returns (bool travelRule, bool corridors, bool corridorsOpenByDefault, uint16 homeJurisdiction)
    {
        TierRules rules = _tierRules[0];
        return (
            rules.has(TierRulesLib.TRAVEL_RULE),
            rules.has(TierRulesLib.CORRIDORS),
            rules.has(TierRulesLib.CORRIDORS_OPEN),
            uint16(rules.homeJurisdiction())
        );
    }

    /// @notice Switch corridor enforcement on or off, and choose what a cross-border pair without an
    /// entry does: allowed (`openByDefault`, a deny list) or refused (an allow list).
    function setCorridorRules(bool enabled, bool openByDefault) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        TierRules rules = _tierRules[0];
        emit CorridorRulesSet(
            rules.has(TierRulesLib.CORRIDORS), rules.has(TierRulesLib.CORRIDORS_OPEN), enabled, openByDefault
        );
        _setTokenWideRule(
            TierRulesLib.CORRIDORS | TierRulesLib.CORRIDORS_OPEN,
            (enabled ? TierRulesLib.CORRIDORS : 0) | (openByDefault ? TierRulesLib.CORRIDORS_OPEN : 0)
        );
        _config = enabled ? _config | CORRIDORS_ENFORCED : _config & ~CORRIDORS_ENFORCED;
    }

    /// @notice Set the corridor `fromJurisdiction` → `toJurisdiction` (one direction).
    function setCorridor(uint16 fromJurisdiction, uint16 toJurisdiction, CorridorStatus status)
        external
        onlyRole(COMPLIANCE_OFFICER_ROLE)
    {
        _requireJurisdiction(fromJurisdiction);
        _requireJurisdiction(toJurisdiction);
        uint256 key = uint256(fromJurisdiction) * 8 + toJurisdiction / 128;
        uint256 shift = (toJurisdiction % 128) * 2;
        uint256 entries = _corridors[key];
        emit CorridorSet(fromJurisdiction, toJurisdiction, CorridorStatus((entries >> shift) & 3), status);
        _corridors[key] = (entries & ~(uint256(3) << shift)) | (uint256(status) << shift);
    }

    /// @notice The corridor entry `fromJurisdiction` → `toJurisdiction`.
    function corridor(uint16 fromJurisdiction, uint16 toJurisdiction) external view returns (CorridorStatus) {
        return _corridorStatus(fromJurisdiction, toJurisdiction);
    }

    /// @notice Block (or unblock) every transfer to, from or inside `jurisdiction` while corridors
    /// are enforced (e.g. a comprehensively sanctioned country). The home jurisdiction cannot be blocked.
    function setJurisdictionBlocked(uint16 jurisdiction, bool blocked) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireJurisdiction(jurisdiction);
        if (blocked && jurisdiction == _tierRules[0].homeJurisdiction()) revert HomeJurisdictionBlocked(jurisdiction);
        uint256 word = _jurisdictions[jurisdiction];
        bool wasBlocked = word & JURISDICTION_BLOCKED != 0;
        emit JurisdictionBlockedSet(jurisdiction, wasBlocked, blocked);
        _jurisdictions[jurisdiction] = blocked ? word | JURISDICTION_BLOCKED : word & ~JURISDICTION_BLOCKED;
        // count the blocked jurisdictions for mint (at most 999: never beyond BLOCKED_COUNT_MASK)
        if (blocked && !wasBlocked) _config += BLOCKED_COUNT_UNIT;
        if (!blocked && wasBlocked) _config -= BLOCKED_COUNT_UNIT;
    }

    /// @notice Whether `jurisdiction` is blocked.
    function isJurisdictionBlocked(uint16 jurisdiction) external view returns (bool) {
        return _jurisdictions[jurisdiction] & JURISDICTION_BLOCKED != 0;
    }

    /// @notice Configure sanctions screening with an oracle of Chainalysis's interface: where it is
    /// consulted (mint recipient, redeemer, both transfer parties and the spender) and whether a
    /// failing oracle lets the operation through (`failOpen`, reported by an event) or refuses it.
    /// The issuer's own deny list is the freeze; screening adds to it. Zero oracle: no screening.
    function setSanctionsScreening(SanctionsScreening calldata screening) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        address oracle = screening.oracle;
        if (oracle == address(0)) {
            if (screening.onMint || screening.onRedeem || screening.onTransfer) revert NotAContract(oracle);
        } else if (oracle.code.length == 0) {
            revert NotAContract(oracle);
        }
        emit SanctionsScreeningSet(_sanctionsScreening(), screening);
        _sanctions = uint256(uint160(oracle)) | (screening.failOpen ? FAIL_OPEN : 0);
        uint256 config = _config & ~(SCREEN_MINT | SCREEN_REDEEM);
        _config = config | (screening.onMint ? SCREEN_MINT : 0) | (screening.onRedeem ? SCREEN_REDEEM : 0);
        _setTokenWideRule(TierRulesLib.SCREEN_TRANSFERS, screening.onTransfer ? TierRulesLib.SCREEN_TRANSFERS : 0);
    }

    /// @notice The sanctions screening configuration.
    function sanctionsScreening() external view returns (SanctionsScreening memory) {
        return _sanctionsScreening();
    }

    // ------------------------------------------------------------------ redemption records and terms

    /// @notice Record that redemption `id` was paid out, with the off-chain `paymentRef`.
    function fulfillRedemption(uint256 id, bytes32 paymentRef) external onlyRole(TREASURY_ROLE) {
        RedemptionRecord storage record = _redemptions[id];
        uint256 head = record.head;
        if (head == 0) revert UnknownRedemption(id);
        uint256 fulfilledAt = uint40(head >> 200);
        if (fulfilledAt != 0) revert RedemptionAlreadyFulfilled(id, fulfilledAt);
        record.head = head | (block.timestamp << 200);
        uint256 dueBy = uint40(record.body >> 128);
        bool late = block.timestamp > dueBy;
        emit RedemptionFulfilled(id, paymentRef, late);
        if (late) emit RedemptionFulfilledLate(id, dueBy, block.timestamp);
    }

    /// @notice One redemption request (`fulfilledAt` is 0 while pending).
    function redemption(uint256 id)
        external
        view
        returns (address redeemer, uint256 amount, uint256 fee, uint256 requestedAt, uint256 dueBy, uint256 fulfilledAt)
    {
        RedemptionRecord storage record = _redemptions[id];
        uint256 head = record.head;
        if (head == 0) revert UnknownRedemption(id);
        uint256 body = record.body;
        amount = uint128(body);
        return (
            address(uint160(head)),
            amount,
            amount * uint16(body >> 168) / 10_000,
            uint40(head >> 160),
            uint40(body >> 128),
            uint40(head >> 200)
        );
    }

    /// @notice Whether request `id` is still unpaid past its due time.
    function isRedemptionOverdue(uint256 id) external view returns (bool) {
        RedemptionRecord storage record = _redemptions[id];
        uint256 head = record.head;
        if (head == 0) revert UnknownRedemption(id);
        return uint40(head >> 200) == 0 && block.timestamp > uint40(record.body >> 128);
    }

    /// @notice Number of redemption requests so far (ids are 0 .. count - 1).
    function redemptionCount() external view returns (uint256) {
        return _redemptionTerms >> COUNT_SHIFT;
    }

    /// @notice The current redemption terms.
    function redemptionTerms()
        external
        view
        returns (uint256 minimum, uint256 slaSeconds, uint256 feeBps, bool feeLocked)
    {
        uint256 terms = _redemptionTerms;
        return (terms & SUPPLY_MASK, uint32(terms >> SLA_SHIFT), uint16(terms >> FEE_SHIFT), terms & FEE_LOCKED != 0);
    }

    /// @notice Minimum amount per redemption (0: any positive amount).
    function setMinimumRedemption(uint256 minimum) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 terms = _redemptionTerms;
        emit MinimumRedemptionSet(terms & SUPPLY_MASK, minimum);
        _redemptionTerms = (terms & ~SUPPLY_MASK) | SafeCast.toUint128(minimum);
    }

    /// @notice Seconds the issuer has to pay a redemption out (applies to new requests).
    function setRedemptionSla(uint32 slaSeconds) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 terms = _redemptionTerms;
        emit RedemptionSlaSet(uint32(terms >> SLA_SHIFT), slaSeconds);
        _redemptionTerms = (terms & ~(uint256(type(uint32).max) << SLA_SHIFT)) | (uint256(slaSeconds) << SLA_SHIFT);
    }

    /// @notice Redemption fee in basis points of the amount (applies to new requests).
    function setRedemptionFee(uint16 feeBps) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 terms = _redemptionTerms;
        if (terms & FEE_LOCKED != 0) revert RedemptionFeeFixed(uint16(terms >> FEE_SHIFT));
        if (feeBps > 10_000) revert InvalidRedemptionFee(feeBps, 10_000);
        emit RedemptionFeeSet(uint16(terms >> FEE_SHIFT), feeBps);
        _redemptionTerms = (terms & ~(uint256(type(uint16).max) << FEE_SHIFT)) | (uint256(feeBps) << FEE_SHIFT);
    }

    /// @notice Fix the redemption fee at its current value for good (MiCA: redemption without fee).
    function lockRedemptionFee() external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 terms = _redemptionTerms;
        _redemptionTerms = terms | FEE_LOCKED;
        emit RedemptionFeeLocked(uint16(terms >> FEE_SHIFT));
    }

    // ------------------------------------------------------------------ internals

    function _tierLimits(uint8 tier) internal view returns (TierLimits memory) {
        TierRules rules = _tierRules[tier];
        return TierLimits({
            transferCap: rules.transferCap() * ruleUnit,
            volumeLimit: rules.volumeLimit() * ruleUnit,
            window: rules.window(),
            maxTransfers: rules.maxTransfers()
        });
    }

    function _sanctionsScreening() internal view returns (SanctionsScreening memory) {
        uint256 config = _config;
        uint256 sanctions = _sanctions;
        return SanctionsScreening({
            oracle: address(uint160(sanctions)),
            onMint: config & SCREEN_MINT != 0,
            onRedeem: config & SCREEN_REDEEM != 0,
            onTransfer: _tierRules[0].has(TierRulesLib.SCREEN_TRANSFERS),
            failOpen: sanctions & FAIL_OPEN != 0
        });
    }

    /// @dev A jurisdiction word with its own threshold set to `units` (NO_THRESHOLD: none of its
    /// own; the blocked flag is kept).
    function _ownThreshold(uint256 word, uint256 units) internal pure returns (uint256) {
        word &= JURISDICTION_BLOCKED;
        return units == TierRulesLib.NO_THRESHOLD ? word : word | HAS_THRESHOLD | (units << THRESHOLD_SHIFT);
    }

    /// @dev `amount` (base units) in rule units: a multiple of `ruleUnit` below 2^64 - 1.
    function _toRuleUnits(uint256 amount) internal view returns (uint256 units) {
        uint256 unit = ruleUnit;
        units = amount / unit;
        if (units * unit != amount || units >= TierRulesLib.NO_THRESHOLD) {
            revert InvalidRuleAmount(amount, unit, (TierRulesLib.NO_THRESHOLD - 1) * unit);
        }
    }

    /// @dev Rule units to base units; NO_THRESHOLD to type(uint256).max.
    function _fromRuleUnits(uint256 units) internal view returns (uint256) {
        return units == TierRulesLib.NO_THRESHOLD ? type(uint256).max : units * ruleUnit;
    }
}
