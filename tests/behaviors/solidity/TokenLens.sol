// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @notice Test helper: many view calls in one, so invariants checked after every step of a
/// stateful test cost one round trip instead of hundreds.
contract TokenLens {
    /// @dev `target` reverted on the `index`-th read with `reason`.
    error ReadFailed(uint256 index, bytes reason);

    /// @notice The return data of `target.staticcall(calls[i])` for every i.
    function reads(address target, bytes[] calldata calls) external view returns (bytes[] memory results) {
        results = new bytes[](calls.length);
        for (uint256 i = 0; i < calls.length; ++i) {
            (bool ok, bytes memory data) = target.staticcall(calls[i]);
            if (!ok) revert ReadFailed(i, data);
            results[i] = data;
        }
    }
}
