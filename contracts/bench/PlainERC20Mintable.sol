// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

/// @notice Plain OpenZeppelin ERC20 with public, unrestricted `mint` and `burn`: a GAS REFERENCE
/// ONLY for the cost of minting and burning without compliance checks. Anyone can mint: never
/// deploy it anywhere that matters.
contract PlainERC20Mintable is ERC20 {
    constructor(string memory name_, string memory symbol_) ERC20(name_, symbol_) {}

    /// @notice Mints `amount` to `to`, with no access control (gas reference only).
    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// @notice Burns `amount` of the caller's own balance.
    function burn(uint256 amount) external {
        _burn(msg.sender, amount);
    }
}
