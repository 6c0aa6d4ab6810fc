// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReserveSource} from "reserves/IReserveSource.sol";

/// @notice Test helper: what `mintableReserves()` costs a caller such as the token.
contract ReserveGasProbe {
    /// @notice Gas of two consecutive `source.mintableReserves()` calls in one transaction: the first
    /// pays for the cold account and cold storage, the second finds both warm. Each figure includes the
    /// caller's side (CALL, ABI encoding and decoding), as a mint would pay it, but no memory expansion.
    /// @return cold gas of the first call
    /// @return warm gas of the second call
    function measure(IReserveSource source) external view returns (uint256 cold, uint256 warm) {
        // expand memory up front, so that neither measured call pays for memory expansion
        assembly ("memory-safe") {
            mstore(add(mload(0x40), 0x200), 0)
        }
        uint256 start = gasleft();
        source.mintableReserves();
        uint256 middle = gasleft();
        source.mintableReserves();
        uint256 end = gasleft();
        return (start - middle, middle - end);
    }
}
