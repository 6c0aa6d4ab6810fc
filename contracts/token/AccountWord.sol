// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice One account's balance and compliance state, packed in a single storage word.
/// @dev Bit layout (low to high):
///   [  0..127] balance        uint128
///   [128..167] kycExpiry      uint40   verification counts while block.timestamp < kycExpiry
///   [168..183] jurisdiction   uint16   ISO 3166-1 numeric
///   [184..191] tier           uint8
///   [192..199] flags          uint8    VERIFIED | FROZEN | PARTIALLY_FROZEN
///   [200..231] permitNonce    uint32   EIP-2612 nonce
///   [232..255] unused
/// Balance sits in the low bits so a transfer adds to and subtracts from the whole word: no
/// unpacking, one SLOAD and one SSTORE per side. (A Solidity struct with the same fields compiled
/// to ~2,000 gas more per transfer with the legacy optimizer, see docs/design.md.)
type AccountWord is uint256;

using AccountWords for AccountWord global;

/// @notice Readers and writers of the packed account word.
library AccountWords {
    /// @dev An account used all 2^32 - 1 EIP-2612 nonces.
    error AccountWordPermitNonceExhausted();

    uint256 internal constant BALANCE_MASK = (1 << 128) - 1;
    uint256 internal constant VERIFIED = 1 << 192;
    uint256 internal constant FROZEN = 1 << 193;
    uint256 internal constant PARTIALLY_FROZEN = 1 << 194;
    uint256 private constant KYC_MASK = ((1 << 64) - 1) << 128; // expiry, jurisdiction, tier
    uint256 private constant NONCE_ONE = 1 << 200;
    uint256 private constant NONCE_MASK = ((1 << 32) - 1) << 200;

    function balance(AccountWord w) internal pure returns (uint256) {
        return AccountWord.unwrap(w) & BALANCE_MASK;
    }

    function kycExpiry(AccountWord w) internal pure returns (uint256) {
        return uint40(AccountWord.unwrap(w) >> 128);
    }

    function jurisdiction(AccountWord w) internal pure returns (uint16) {
        return uint16(AccountWord.unwrap(w) >> 168);
    }

    function tier(AccountWord w) internal pure returns (uint8) {
        return uint8(AccountWord.unwrap(w) >> 184);
    }

    function permitNonce(AccountWord w) internal pure returns (uint256) {
        return uint32(AccountWord.unwrap(w) >> 200);
    }

    /// @dev Whether any of the `flag` bits (VERIFIED, FROZEN, PARTIALLY_FROZEN) is set.
    function has(AccountWord w, uint256 flag) internal pure returns (bool) {
        return AccountWord.unwrap(w) & flag != 0;
    }

    function set(AccountWord w, uint256 flag) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) | flag);
    }

    function clear(AccountWord w, uint256 flag) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) & ~flag);
    }

    /// @dev Add to the balance. The caller guarantees the result fits in 128 bits.
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

    /// @dev Replace tier, jurisdiction and expiry, and set VERIFIED.
    function withKyc(AccountWord w, uint8 tier_, uint16 jurisdiction_, uint40 expiry) internal pure returns (AccountWord) {
        uint256 kyc = (uint256(expiry) << 128) | (uint256(jurisdiction_) << 168) | (uint256(tier_) << 184);
        return AccountWord.wrap((AccountWord.unwrap(w) & ~KYC_MASK) | kyc | VERIFIED);
    }

    /// @dev Clear tier, jurisdiction, expiry and VERIFIED.
    function withoutKyc(AccountWord w) internal pure returns (AccountWord) {
        return AccountWord.wrap(AccountWord.unwrap(w) & ~(KYC_MASK | VERIFIED));
    }

    /// @dev Increment the permit nonce (reverts after 2^32 - 1 permits).
    function withNextPermitNonce(AccountWord w) internal pure returns (AccountWord) {
        uint256 raw = AccountWord.unwrap(w);
        if (raw & NONCE_MASK == NONCE_MASK) revert AccountWordPermitNonceExhausted();
        unchecked {
            return AccountWord.wrap(raw + NONCE_ONE);
        }
    }
}
