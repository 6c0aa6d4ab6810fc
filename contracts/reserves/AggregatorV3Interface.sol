// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Chainlink AggregatorV3Interface
/// @notice The standard read interface of a Chainlink data feed (price feeds and Proof of Reserve
/// feeds alike), as published in the Chainlink contracts package (shared/interfaces/AggregatorV3Interface.sol).
interface AggregatorV3Interface {
    /// @notice Decimals of every answer (an answer of `12345` with 2 decimals means 123.45).
    function decimals() external view returns (uint8);

    /// @notice What the feed reports, e.g. "USDX Reserves".
    function description() external view returns (string memory);

    /// @notice Version of the aggregator behind the feed.
    function version() external view returns (uint256);

    /// @notice The data of round `_roundId`.
    /// @return roundId the round id
    /// @return answer the reported value, scaled by `decimals()`
    /// @return startedAt when the round started
    /// @return updatedAt when the answer was last updated (0 = the round is not complete)
    /// @return answeredInRound deprecated, the round in which the answer was computed
    function getRoundData(uint80 _roundId)
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);

    /// @notice The data of the latest round.
    /// @return roundId the round id
    /// @return answer the reported value, scaled by `decimals()`
    /// @return startedAt when the round started
    /// @return updatedAt when the answer was last updated (0 = the round is not complete)
    /// @return answeredInRound deprecated, the round in which the answer was computed
    function latestRoundData()
        external
        view
        returns (uint80 roundId, int256 answer, uint256 startedAt, uint256 updatedAt, uint80 answeredInRound);
}
