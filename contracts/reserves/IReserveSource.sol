// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title What the token asks before every mint (Chainlink "Secure Mint" pattern)
/// @notice A reserve source answers with the reserves a mint may be backed by, already adjusted by
/// the configured margin, the time they were attested, and the maximum age the issuer accepts.
interface IReserveSource {
    /// @return reserves attested reserves in token base units, after the margin
    /// @return asOf the time the reserves were measured (0 if never attested)
    /// @return maxAge the oldest acceptable age in seconds (0 = no limit)
    function mintableReserves() external view returns (uint256 reserves, uint256 asOf, uint256 maxAge);
}

/// @title A raw reserve reading (an attestation registry or a proof-of-reserve feed adapter)
interface IReserveFeed {
    /// @return reserves reserves in token base units
    /// @return asOf the time of the reading
    function latestReserves() external view returns (uint256 reserves, uint256 asOf);
}
