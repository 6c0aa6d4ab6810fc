// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Everything `mintableReserves()` needs in attestor mode, packed in ONE storage word, so the
/// check the token runs on every mint costs a single (cold) SLOAD.
/// @dev Bit layout (low to high):
///   [  0..127] reserves     uint128  latest posted reserves, token base units
///   [128..167] asOf         uint40   when those reserves were measured (0 = never attested)
///   [168..199] maxAge       uint32   oldest acceptable age in seconds (0 = no limit)
///   [200..201] marginMode   2 bits   0 None, 1 Percentage, 2 Absolute (IReserveAttestorTypes.MarginMode)
///   [202]      useFeed      1 bit    reserves and asOf come from the feed (kept in another slot)
///   [203..255] marginValue  int53    two's complement: basis points (Percentage) or base units (Absolute)
/// The signed margin sits in the top bits, so reading it is one arithmetic shift right. Why not a
/// struct: Solidity packs struct fields on byte boundaries, so mode (uint8) and the feed flag (bool)
/// would leave 40 bits for the margin (±5.5e11 base units, about $550k at 6 decimals); bit packing
/// leaves 53 (±4.5e15, about $4.5bn at 6 decimals). Measured (tests/reserves/test_reserve_gas.py):
/// `mintableReserves()` reads exactly one storage slot in attestor mode.
type ReserveWord is uint256;

using ReserveWords for ReserveWord global;

/// @notice Readers and writers of the packed reserve word.
library ReserveWords {
    /// @dev Largest reserves the word holds.
    uint256 internal constant MAX_RESERVES = type(uint128).max;
    /// @dev Range of the packed signed margin value (int53): [-2^52, 2^52 - 1].
    int256 internal constant MARGIN_MIN = -(int256(1) << 52);
    int256 internal constant MARGIN_MAX = (int256(1) << 52) - 1;

    /// @dev Field positions and masks of the layout above.
    uint256 private constant RESERVES_MASK = (1 << 128) - 1;
    uint256 private constant AS_OF_SHIFT = 128;
    uint256 private constant MAX_AGE_SHIFT = 168;
    uint256 private constant MODE_SHIFT = 200;
    uint256 private constant MARGIN_SHIFT = 203;
    uint256 private constant USE_FEED = 1 << 202;
    /// @dev reserves and asOf
    uint256 private constant ATTESTATION_MASK = (1 << 168) - 1;
    uint256 private constant MAX_AGE_MASK = ((1 << 32) - 1) << MAX_AGE_SHIFT;
    /// @dev mode bits and margin value (everything from bit 200 up, except the feed bit)
    uint256 private constant MARGIN_MASK = ~((1 << MODE_SHIFT) - 1) & ~USE_FEED;

    /// @dev Latest posted reserves, token base units.
    function reserves(ReserveWord w) internal pure returns (uint256) {
        return ReserveWord.unwrap(w) & RESERVES_MASK;
    }

    /// @dev When the latest posted reserves were measured (0 = never attested).
    function asOf(ReserveWord w) internal pure returns (uint256) {
        return uint40(ReserveWord.unwrap(w) >> AS_OF_SHIFT);
    }

    /// @dev Oldest acceptable age of the reserves in seconds (0 = no limit).
    function maxAge(ReserveWord w) internal pure returns (uint256) {
        return uint32(ReserveWord.unwrap(w) >> MAX_AGE_SHIFT);
    }

    /// @dev 0 None, 1 Percentage, 2 Absolute.
    function marginMode(ReserveWord w) internal pure returns (uint256) {
        return (ReserveWord.unwrap(w) >> MODE_SHIFT) & 3;
    }

    /// @dev The signed margin value (sign-extended from 53 bits).
    function marginValue(ReserveWord w) internal pure returns (int256) {
        return int256(ReserveWord.unwrap(w)) >> MARGIN_SHIFT;
    }

    /// @dev Whether `mintableReserves()` reads the feed instead of the posted attestations.
    function usesFeed(ReserveWord w) internal pure returns (bool) {
        return ReserveWord.unwrap(w) & USE_FEED != 0;
    }

    /// @dev Replace reserves and asOf. The caller guarantees `reserves_ <= MAX_RESERVES`.
    function withAttestation(ReserveWord w, uint256 reserves_, uint40 asOf_) internal pure returns (ReserveWord) {
        return ReserveWord.wrap(
            (ReserveWord.unwrap(w) & ~ATTESTATION_MASK) | reserves_ | (uint256(asOf_) << AS_OF_SHIFT)
        );
    }

    /// @dev Replace the maximum age.
    function withMaxAge(ReserveWord w, uint32 maxAge_) internal pure returns (ReserveWord) {
        return ReserveWord.wrap((ReserveWord.unwrap(w) & ~MAX_AGE_MASK) | (uint256(maxAge_) << MAX_AGE_SHIFT));
    }

    /// @dev Replace mode and value. The caller guarantees `mode < 3` and
    /// `MARGIN_MIN <= value <= MARGIN_MAX` (the shift drops the sign bits above bit 52).
    function withMargin(ReserveWord w, uint256 mode, int256 value) internal pure returns (ReserveWord) {
        return ReserveWord.wrap(
            (ReserveWord.unwrap(w) & ~MARGIN_MASK) | (mode << MODE_SHIFT) | (uint256(value) << MARGIN_SHIFT)
        );
    }

    /// @dev Set or clear the feed bit.
    function withFeed(ReserveWord w, bool useFeed) internal pure returns (ReserveWord) {
        uint256 raw = ReserveWord.unwrap(w);
        return ReserveWord.wrap(useFeed ? raw | USE_FEED : raw & ~USE_FEED);
    }
}
