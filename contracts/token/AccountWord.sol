// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice One account's balance, compliance state and outgoing-limit state, packed in a single
/// storage word.
/// @dev Bit layout (low to high):
///   [  0..103] balance        uint104  (so the supply cap is 2^104 - 1 base units)
///   [104..135] kycExpiry      uint32   verification counts while block.timestamp < kycExpiry
///   [136..145] jurisdiction   uint10   ISO 3166-1 numeric (1-999)
///   [146..148] tier           uint3    1-4 (0: not verified)
///   [149..153] flags          5 bits   VERIFIED | FROZEN | PARTIALLY_FROZEN | LIMIT_EXEMPT | -
///   [154..183] permitNonce    uint30   EIP-2612 nonce
///   [184..223] volumeTat      uint40   rolling-volume clock, in 1/256 s (see TierRules)
///   [224..255] velocityTat    uint32   transfer-count clock, in seconds (see TierRules)
/// Balance sits in the low bits so a transfer adds to and subtracts from the whole word: no
/// unpacking, one SLOAD and one SSTORE per side, and the sender's limit clocks are written by the
/// same SSTORE as its balance; a permit reads and bumps its nonce in the word its frozen check
/// reads anyway. Times are 32-bit (until 2106). (A Solidity struct with the same fields compiled
/// to ~2,000 gas more per transfer with the legacy optimizer, see docs/design.md.)
type AccountWord is uint256;

using AccountWords for AccountWord global;

/// @notice Readers and writers of the packed account word.
library AccountWords {
    /// @dev An account used all 2^30 - 1 EIP-2612 nonces.
    error AccountWordPermitNonceExhausted();

    uint256 internal constant BALANCE_MASK = (1 << 104) - 1;
    uint256 internal constant EXPIRY_SHIFT = 104;
    uint256 internal constant JURISDICTION_SHIFT = 136;
    uint256 internal constant JURISDICTION_MASK = ((1 << 10) - 1) << JURISDICTION_SHIFT;
    uint256 internal constant TIER_SHIFT = 146;
    uint256 internal constant VERIFIED = 1 << 149;
    uint256 internal constant FROZEN = 1 << 150;
    uint256 internal constant PARTIALLY_FROZEN = 1 << 151;
    uint256 internal constant LIMIT_EXEMPT = 1 << 152;
    uint256 private constant KYC_MASK = ((1 << 45) - 1) << EXPIRY_SHIFT; // expiry, jurisdiction, tier
    uint256 private constant NONCE_SHIFT = 154;
    uint256 private constant NONCE_MASK = ((1 << 30) - 1) << NONCE_SHIFT;
    uint256 private constant VOLUME_TAT_SHIFT = 184;
    uint256 private constant VOLUME_TAT_MASK = ((1 << 40) - 1) << VOLUME_TAT_SHIFT;
    uint256 private constant VELOCITY_TAT_SHIFT = 224;
    uint256 private constant VELOCITY_TAT_MASK = ((1 << 32) - 1) << VELOCITY_TAT_SHIFT;

    function balance(AccountWord w) internal pure returns (uint256) {
        return AccountWord.unwrap(w) & BALANCE_MASK;
    }

    function kycExpiry(AccountWord w) internal pure returns (uint256) {
        return uint32(AccountWord.unwrap(w) >> EXPIRY_SHIFT);
    }

    function jurisdiction(AccountWord w) internal pure returns (uint16) {
        return uint16((AccountWord.unwrap(w) >> JURISDICTION_SHIFT) & ((1 << 10) - 1));
    }

    function tier(AccountWord w) internal pure returns (uint8) {
        return uint8((AccountWord.unwrap(w) >> TIER_SHIFT) & 7);
    }

    function permitNonce(AccountWord w) internal pure returns (uint256) {
        return (AccountWord.unwrap(w) & NONCE_MASK) >> NONCE_SHIFT;
    }

    /// @dev The rolling-volume clock (1/256 s units; 0 = never used).
    function volumeTat(AccountWord w) internal pure returns (uint256) {
        return uint40(AccountWord.unwrap(w) >> VOLUME_TAT_SHIFT);
    }

    /// @dev The transfer-count clock (seconds; 0 = never used).
    function velocityTat(AccountWord w) internal pure returns (uint256) {
        return AccountWord.unwrap(w) >> VELOCITY_TAT_SHIFT;
    }

    /// @dev Whether any of the `flag` bits is set.
    function has(AccountWord w, uint256 flag) internal pure returns (bool) {
        return AccountWord.unwrap(w) & flag != 0;
    }

    function set(AccountWord w, uint256 flag) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) | flag);
    }

    function clear(AccountWord w, uint256 flag) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) & ~flag);
    }

    /// @dev Add to the balance. The caller guarantees the result fits in 104 bits.
    function credit(AccountWord w, uint256 amount) internal pure returns (AccountWord) {
        unchecked {
            return AccountWord.wrap(AccountWord.unwrap(w) + amount);
        }
    }

    /// @dev Subtract from the balance. The caller guarantees `amount <= balance(w)`.
    function debit(AccountWord w, uint256 amount) internal pure returns (AccountWord) {
        unchecked {
            return AccountWord.wrap(AccountWord.unwrap(w) - amount);
        }
    }

    /// @dev Replace tier, jurisdiction and expiry, and set VERIFIED. The caller guarantees
    /// `tier_ < 8`, `jurisdiction_ < 1024` and `expiry < 2^32`.
    function withKyc(AccountWord w, uint8 tier_, uint16 jurisdiction_, uint40 expiry) internal pure returns (AccountWord) {
        uint256 kyc = (uint256(expiry) << EXPIRY_SHIFT) | (uint256(jurisdiction_) << JURISDICTION_SHIFT)
            | (uint256(tier_) << TIER_SHIFT);
        return AccountWord.wrap((AccountWord.unwrap(w) & ~KYC_MASK) | kyc | VERIFIED);
    }

    /// @dev Clear tier, jurisdiction, expiry and VERIFIED.
    function withoutKyc(AccountWord w) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) & ~(KYC_MASK | VERIFIED));
    }

    /// @dev Increment the permit nonce (reverts after 2^30 - 1 permits).
    function withNextPermitNonce(AccountWord w) internal pure returns (AccountWord) {
        uint256 raw = AccountWord.unwrap(w);
        if (raw & NONCE_MASK == NONCE_MASK) revert AccountWordPermitNonceExhausted();
        unchecked {
            return AccountWord.wrap(raw + (1 << NONCE_SHIFT));
        }
    }

    /// @dev Replace the rolling-volume clock. The caller guarantees `tat < 2^40`.
    function withVolumeTat(AccountWord w, uint256 tat) internal pure returns (AccountWord) {
        return AccountWord.wrap((AccountWord.unwrap(w) & ~VOLUME_TAT_MASK) | (tat << VOLUME_TAT_SHIFT));
    }

    /// @dev Replace the transfer-count clock. The caller guarantees `tat < 2^32`.
    function withVelocityTat(AccountWord w, uint256 tat) internal pure returns (AccountWord) {
        return AccountWord.wrap((AccountWord.unwrap(w) & ~VELOCITY_TAT_MASK) | (tat << VELOCITY_TAT_SHIFT));
    }
}
