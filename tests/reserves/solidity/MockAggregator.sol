// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "reserves/AggregatorV3Interface.sol";

/// @notice Test stand-in for a Chainlink Proof of Reserve feed (none exists on a local chain):
/// one round whose id, answer, update time and decimals the test sets directly.
contract MockAggregator is AggregatorV3Interface {
    uint8 private _decimals;
    uint80 private _roundId;
    int256 private _answer;
    uint256 private _updatedAt;

    /// @param decimals_ decimals of the answers
    /// @param answer_ the first answer (round 1)
    /// @param updatedAt_ when it was "updated" (0 = incomplete round)
    constructor(uint8 decimals_, int256 answer_, uint256 updatedAt_) {
        _decimals = decimals_;
        _roundId = 1;
        _answer = answer_;
        _updatedAt = updatedAt_;
    }

    /// @notice Set the latest answer.
    function setAnswer(int256 answer_) external {
        _answer = answer_;
    }

    /// @notice Set the latest answer's update time (0 marks the round incomplete).
    function setUpdatedAt(uint256 updatedAt_) external {
        _updatedAt = updatedAt_;
    }

    /// @notice Set the decimals the feed reports.
    function setDecimals(uint8 decimals_) external {
        _decimals = decimals_;
    }

    /// @notice Set the latest round id.
    function setRoundId(uint80 roundId_) external {
        _roundId = roundId_;
    }

    /// @notice Set a whole round at once.
    function setRound(uint80 roundId_, int256 answer_, uint256 updatedAt_) external {
        _roundId = roundId_;
        _answer = answer_;
        _updatedAt = updatedAt_;
    }

    /// @inheritdoc AggregatorV3Interface
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc AggregatorV3Interface
    function description() external pure returns (string memory) {
        return "Mock Proof of Reserve";
    }

    /// @inheritdoc AggregatorV3Interface
    function version() external pure returns (uint256) {
        return 1;
    }

    /// @inheritdoc AggregatorV3Interface
    /// @dev Every round id answers with the latest round's data.
    function getRoundData(uint80 roundId_) external view returns (uint80, int256, uint256, uint256, uint80) {
        return (roundId_, _answer, _updatedAt, _updatedAt, roundId_);
    }

    /// @inheritdoc AggregatorV3Interface
    function latestRoundData() external view returns (uint80, int256, uint256, uint256, uint80) {
        return (_roundId, _answer, _updatedAt, _updatedAt, _roundId);
    }
}
