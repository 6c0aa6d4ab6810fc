// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

import {AccountWord} from "./AccountWord.sol";

/// @notice The transfer rules one KYC tier's senders follow, packed in a single storage word so a
/// transfer reads exactly one policy slot (the word also carries the token-wide switches and the
/// home jurisdiction's travel-rule threshold, copied into every tier's word when they change).
/// @dev Bit layout (low to high); amounts are in rule units (see `ComplianceStablecoin.ruleUnit`):
///   [  0]      PAUSED               token-wide, mirrors the pause flag
///   [  1]      TRAVEL_RULE          token-wide: transfers at or above the threshold need a commitment
///   [  2]      CORRIDORS            token-wide: jurisdiction corridors and blocks are enforced
///   [  3]      CORRIDORS_OPEN       token-wide: a cross-border pair with no entry is allowed
///   [  4]      SCREEN_TRANSFERS     token-wide: the sanctions oracle screens both parties
///   [  5]      TRAVEL_RULE_AGGREGATE token-wide: the threshold applies to the sender's rolling volume
///                                   (this transfer included), not only to the transfer itself
///   [  8.. 71] transferCap          uint64, 0 = no per-transfer cap
///   [ 72..135] volumeLimit          uint64, 0 = no rolling-volume limit
///   [136..160] window               uint25 seconds (rolling window of the volume and count limits)
///   [161..176] maxTransfers         uint16, 0 = no transfer-count limit
///   [177..186] homeJurisdiction     uint10 ISO 3166-1 numeric (0 = none)
///   [187..250] homeThreshold        uint64 travel-rule threshold of the home jurisdiction
///                                   (type(uint64).max = no threshold)
type TierRules is uint256;

using TierRulesLib for TierRules global;

/// @notice Readers of the packed tier word and the rolling-window arithmetic.
/// @dev Rolling windows are kept as a "theoretical arrival time" (GCRA, the algorithm of ATM cell
/// policing and of most API rate limiters): each account's clock runs ahead of `block.timestamp` by
/// the time its window needs to recover from what it already used. A transfer of `v` against a
/// limit `L` per window `W` costs `ceil(v * W / L)` of clock time (in 1/256 s); it is allowed while
/// the clock stays at most `W` ahead. Guarantee: in ANY interval of length T, an account sends at
/// most `L * (1 + T / W)`: never more than `L` at once, `L + L/4` within W/4, `2L` within W (and
/// only after a full idle window). A fixed calendar window lets `2L` through within seconds of its
/// edge. The count limit is the same clock in whole seconds with a cost of `W / maxTransfers`.
library TierRulesLib {
    uint256 internal constant PAUSED = 1 << 0;
    uint256 internal constant TRAVEL_RULE = 1 << 1;
    uint256 internal constant CORRIDORS = 1 << 2;
    uint256 internal constant CORRIDORS_OPEN = 1 << 3;
    uint256 internal constant SCREEN_TRANSFERS = 1 << 4;
    uint256 internal constant TRAVEL_RULE_AGGREGATE = 1 << 5;
    /// @dev The token-wide bits, copied into every tier's word.
    uint256 internal constant GLOBAL_MASK = PAUSED | TRAVEL_RULE | CORRIDORS | CORRIDORS_OPEN | SCREEN_TRANSFERS
        | TRAVEL_RULE_AGGREGATE | HOME_MASK | HOME_THRESHOLD_MASK;
    /// @dev The per-tier limit fields.
    uint256 internal constant LIMITS_MASK = ((1 << 169) - 1) << 8;

    uint256 internal constant CAP_SHIFT = 8;
    uint256 internal constant VOLUME_SHIFT = 72;
    uint256 internal constant WINDOW_SHIFT = 136;
    uint256 internal constant MAX_TRANSFERS_SHIFT = 161;
    uint256 internal constant HOME_SHIFT = 177;
    uint256 internal constant HOME_THRESHOLD_SHIFT = 187;
    uint256 internal constant WINDOW_MASK = (1 << 25) - 1;
    uint256 internal constant HOME_MASK = ((1 << 10) - 1) << HOME_SHIFT;
    uint256 internal constant HOME_THRESHOLD_MASK = ((1 << 64) - 1) << HOME_THRESHOLD_SHIFT;

    /// @dev Rule amounts are stored in 64 bits; this value means "none" for a threshold.
    uint256 internal constant NO_THRESHOLD = type(uint64).max;
    /// @dev Clock resolution of the volume limit: 1/256 s.
    uint256 internal constant TICKS_PER_SECOND = 256;
    /// @dev Positions of the clocks in the account word (see AccountWord).
    uint256 internal constant VOLUME_TAT_SHIFT = 184;
    uint256 internal constant VELOCITY_TAT_SHIFT = 224;
    /// @dev The account word without its volume clock (bits 184..223 clear) / its count clock
    /// (bits 224..255 clear): literals, so assembly can use them.
    uint256 internal constant KEEP_ALL_BUT_VOLUME_TAT =
        0xffffffff0000000000ffffffffffffffffffffffffffffffffffffffffffffff;
    uint256 internal constant KEEP_ALL_BUT_VELOCITY_TAT =
        0x00000000ffffffffffffffffffffffffffffffffffffffffffffffffffffffff;

    /// @dev ERC-1404 codes of the limit rules (mirrors the token's constants).
    uint256 internal constant TRANSFER_CAP_EXCEEDED = 15;
    uint256 internal constant VOLUME_LIMIT_EXCEEDED = 16;
    uint256 internal constant VELOCITY_LIMIT_EXCEEDED = 17;

    function transferCap(TierRules r) internal pure returns (uint256) {
        return uint64(TierRules.unwrap(r) >> CAP_SHIFT);
    }

    function volumeLimit(TierRules r) internal pure returns (uint256) {
        return uint64(TierRules.unwrap(r) >> VOLUME_SHIFT);
    }

    function window(TierRules r) internal pure returns (uint256) {
        return (TierRules.unwrap(r) >> WINDOW_SHIFT) & ((1 << 25) - 1);
    }

    function maxTransfers(TierRules r) internal pure returns (uint256) {
        return uint16(TierRules.unwrap(r) >> MAX_TRANSFERS_SHIFT);
    }

    function homeJurisdiction(TierRules r) internal pure returns (uint256) {
        return (TierRules.unwrap(r) >> HOME_SHIFT) & ((1 << 10) - 1);
    }

    /// @dev In rule units; NO_THRESHOLD when the home jurisdiction has none.
    function homeThreshold(TierRules r) internal pure returns (uint256) {
        return uint64(TierRules.unwrap(r) >> HOME_THRESHOLD_SHIFT);
    }

    function has(TierRules r, uint256 flag) internal pure returns (bool) {
        return TierRules.unwrap(r) & flag != 0;
    }

    /// @notice Apply the per-transfer cap, the rolling-volume limit and the count limit of `r` to a
    /// transfer of `value` by `sender` now.
    /// @param unit base units per rule unit
    /// @return code 0, or the ERC-1404 code of the first limit hit
    /// @return updated `sender` with its clocks advanced (meaningful when `code` is 0); the numbers
    /// behind a refusal come from `volumeAvailable` and `retryAt`
    function applyLimits(TierRules r, AccountWord sender, uint256 value, uint256 unit)
        internal
        view
        returns (uint256 code, AccountWord updated)
    {
        // In assembly: this runs on every limited transfer, and the Solidity version cost ~600 gas
        // more (stack traffic between helpers). The same arithmetic, in Solidity, is in
        // `volumeAvailable` / `retryAt`, and tests/properties checks both against a model.
        // Every field is at most 64 bits wide and `unit` at most 10^12; `value` is compared with the
        // limit (< 2^104) before it is multiplied by the capacity (< 2^33): nothing overflows.
        assembly ("memory-safe") {
            updated := sender
            for {} 1 {} {
                let cap := mul(shr(192, shl(sub(192, CAP_SHIFT), r)), unit)
                if and(gt(value, cap), iszero(iszero(cap))) {
                    code := TRANSFER_CAP_EXCEEDED
                    break
                }
                let window_ := and(shr(WINDOW_SHIFT, r), WINDOW_MASK)
                let limit := mul(shr(192, shl(sub(192, VOLUME_SHIFT), r)), unit)
                if limit {
                    // rolling volume: clock = max(clock, now) + ceil(value * capacity / limit)
                    let capacity := shl(8, window_) // ticks of 1/256 s
                    let nowTicks := shl(8, timestamp())
                    let start := shr(216, shl(32, sender)) // bits 184..223
                    if lt(start, nowTicks) { start := nowTicks }
                    let product := mul(value, capacity)
                    let tat := add(start, add(div(product, limit), iszero(iszero(mod(product, limit)))))
                    if or(gt(value, limit), gt(tat, add(nowTicks, capacity))) {
                        code := VOLUME_LIMIT_EXCEEDED
                        break
                    }
                    updated := or(and(updated, KEEP_ALL_BUT_VOLUME_TAT), shl(VOLUME_TAT_SHIFT, tat))
                }
                let maxTransfers_ := and(shr(MAX_TRANSFERS_SHIFT, r), 0xffff)
                if maxTransfers_ {
                    // transfer count: clock = max(clock, now) + window / maxTransfers
                    let spacing := div(window_, maxTransfers_) // >= 1: window >= maxTransfers when set
                    let start := shr(VELOCITY_TAT_SHIFT, sender)
                    if lt(start, timestamp()) { start := timestamp() }
                    let tat := add(start, spacing)
                    if gt(tat, add(timestamp(), mul(spacing, maxTransfers_))) {
                        code := VELOCITY_LIMIT_EXCEEDED
                        break
                    }
                    updated := or(and(updated, KEEP_ALL_BUT_VELOCITY_TAT), shl(VELOCITY_TAT_SHIFT, tat))
                }
                break
            }
        }
    }

    /// @notice When `sender` may make its next transfer under `r`'s count limit (0: now).
    function retryAt(TierRules r, AccountWord sender) internal view returns (uint256) {
        uint256 maxTransfers_ = r.maxTransfers();
        if (maxTransfers_ == 0) return 0;
        uint256 spacing = r.window() / maxTransfers_;
        uint256 start = sender.velocityTat() > block.timestamp ? sender.velocityTat() : block.timestamp;
        uint256 capacity = spacing * maxTransfers_;
        return start + spacing > block.timestamp + capacity ? start + spacing - capacity : 0;
    }

    /// @notice How much `sender` may still send now under `r`'s volume limit (max: no limit).
    function volumeAvailable(TierRules r, AccountWord sender, uint256 unit) internal view returns (uint256) {
        uint256 limit = r.volumeLimit() * unit;
        if (limit == 0) return type(uint256).max;
        return _available(limit, r.window() * TICKS_PER_SECOND, _volumeDebt(sender));
    }

    /// @notice What `sender` will have sent within `r`'s rolling window once it sends `value`, as
    /// its volume clock counts it: `limit - volumeAvailable` after the transfer (0 where the tier
    /// has no volume limit).
    function rollingVolumeAfter(TierRules r, AccountWord sender, uint256 value, uint256 unit)
        internal
        view
        returns (uint256)
    {
        uint256 limit = r.volumeLimit() * unit;
        if (limit == 0) return 0;
        uint256 capacity = r.window() * TICKS_PER_SECOND;
        uint256 debt = _volumeDebt(sender) + Math.ceilDiv(value * capacity, limit);
        return limit - _available(limit, capacity, debt);
    }

    /// @notice Whether the rolling volume of `sender`, whose clock already counts the transfer at
    /// hand, is at least `threshold` (`rollingVolumeAfter` before the clock moved; the travel rule's
    /// aggregation check on every transfer below the threshold, hence in assembly: the Solidity
    /// version costs ~900 gas more).
    function rollingVolumeReaches(TierRules r, AccountWord sender, uint256 unit, uint256 threshold)
        internal
        view
        returns (bool reached)
    {
        assembly ("memory-safe") {
            let limit := mul(shr(192, shl(sub(192, VOLUME_SHIFT), r)), unit)
            if limit {
                let capacity := shl(8, and(shr(WINDOW_SHIFT, r), WINDOW_MASK))
                let nowTicks := shl(8, timestamp())
                let tat := shr(216, shl(32, sender)) // bits 184..223
                let rolling := limit
                if lt(tat, add(nowTicks, capacity)) {
                    let debt := 0
                    if gt(tat, nowTicks) { debt := sub(tat, nowTicks) }
                    rolling := sub(limit, div(mul(sub(capacity, debt), limit), capacity))
                }
                reached := iszero(lt(rolling, threshold))
            }
        }
    }

    /// @notice How many transfers `sender` may still make now under `r`'s count limit (max: none).
    function transfersAvailable(TierRules r, AccountWord sender) internal view returns (uint256) {
        uint256 maxTransfers_ = r.maxTransfers();
        if (maxTransfers_ == 0) return type(uint256).max;
        uint256 spacing = r.window() / maxTransfers_;
        uint256 debt = _velocityDebt(sender);
        uint256 capacity = spacing * maxTransfers_;
        return debt >= capacity ? 0 : (capacity - debt) / spacing;
    }

    /// @dev How far the volume clock runs ahead of now, in ticks.
    function _volumeDebt(AccountWord sender) private view returns (uint256) {
        uint256 tat = sender.volumeTat();
        uint256 nowTicks = block.timestamp * TICKS_PER_SECOND;
        unchecked {
            return tat > nowTicks ? tat - nowTicks : 0;
        }
    }

    /// @dev How far the count clock runs ahead of now, in seconds.
    function _velocityDebt(AccountWord sender) private view returns (uint256) {
        uint256 tat = sender.velocityTat();
        unchecked {
            return tat > block.timestamp ? tat - block.timestamp : 0;
        }
    }



    /// @dev The largest value whose cost still fits: floor((capacity - debt) * limit / capacity).
    function _available(uint256 limit, uint256 capacity, uint256 debt) private pure returns (uint256) {
        return debt >= capacity ? 0 : (capacity - debt) * limit / capacity;
    }
}
