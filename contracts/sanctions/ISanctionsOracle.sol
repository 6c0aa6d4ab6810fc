// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Sanctions oracle (the interface of Chainalysis's on-chain sanctions oracle)
/// @notice Answers whether an address is on a sanctions list (e.g. OFAC SDN crypto addresses).
interface ISanctionsOracle {
    /// @notice Whether `addr` is sanctioned.
    function isSanctioned(address addr) external view returns (bool);
}
