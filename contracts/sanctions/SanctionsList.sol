// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Ownable, Ownable2Step} from "@openzeppelin/contracts/access/Ownable2Step.sol";

import {ISanctionsOracle} from "./ISanctionsOracle.sol";

/// @title SanctionsList
/// @notice An issuer-run sanctions list with the Chainalysis oracle interface, for chains where that
/// oracle is not deployed (local and test networks) or for an issuer's own screening results.
/// Mirrors Chainalysis's `SanctionsList`: the owner adds and removes addresses in batches.
contract SanctionsList is ISanctionsOracle, Ownable2Step {
    mapping(address addr => bool) private _sanctioned;

    /// @notice `addr` was added to the list.
    event SanctionedAddressAdded(address indexed addr);
    /// @notice `addr` was removed from the list.
    event SanctionedAddressRemoved(address indexed addr);

    constructor(address owner_) Ownable(owner_) {}

    /// @notice Add `addrs` to the list.
    function addToSanctionsList(address[] calldata addrs) external onlyOwner {
        for (uint256 i = 0; i < addrs.length; ++i) {
            _sanctioned[addrs[i]] = true;
            emit SanctionedAddressAdded(addrs[i]);
        }
    }

    /// @notice Remove `addrs` from the list.
    function removeFromSanctionsList(address[] calldata addrs) external onlyOwner {
        for (uint256 i = 0; i < addrs.length; ++i) {
            _sanctioned[addrs[i]] = false;
            emit SanctionedAddressRemoved(addrs[i]);
        }
    }

    /// @inheritdoc ISanctionsOracle
    function isSanctioned(address addr) external view returns (bool) {
        return _sanctioned[addr];
    }
}
