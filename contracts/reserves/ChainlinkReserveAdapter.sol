// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AggregatorV3Interface} from "./AggregatorV3Interface.sol";
import {IReserveFeed} from "./IReserveSource.sol";

/// @title ChainlinkReserveAdapter
/// @notice Reads a Chainlink Proof of Reserve feed as an `IReserveFeed`, with the checks of
/// Chainlink's Secure Mint: the feed's decimals must equal the token's, a non-positive answer or an
/// incomplete round is refused, and an answer older than `maxStaleness` is refused (0 = no limit).
/// @dev Stateless apart from immutables: every read is one `latestRoundData()` plus one `decimals()`
/// call on the feed. The decimals are checked again on every read because a Chainlink proxy can be
/// re-pointed to an aggregator with other decimals; the constructor refuses a mismatch up front.
contract ChainlinkReserveAdapter is IReserveFeed {
    /// @dev The feed answers with `feedDecimals` decimals; the token has `tokenDecimals`.
    error FeedDecimalsMismatch(uint8 feedDecimals, uint8 tokenDecimals);
    /// @dev The feed answered `answer`, which is not a positive amount of reserves.
    error InvalidReserveAnswer(int256 answer);
    /// @dev Round `roundId` has no answer yet (`updatedAt` is 0).
    error IncompleteRound(uint80 roundId);
    /// @dev The answer was updated at `updatedAt`, more than `maxStaleness` seconds before `currentTime`.
    error StaleReserveAnswer(uint256 updatedAt, uint256 maxStaleness, uint256 currentTime);
    /// @dev `feed` has no code: it cannot be a Chainlink feed.
    error FeedNotContract(address feed);

    /// @notice The Chainlink Proof of Reserve feed read.
    AggregatorV3Interface public immutable feed;
    /// @notice Decimals of the token the reserves back (and of the feed's answers).
    uint8 public immutable tokenDecimals;
    /// @notice Oldest acceptable answer, in seconds since its `updatedAt` (0 = no limit).
    uint32 public immutable maxStaleness;

    /// @param feed_ the Chainlink Proof of Reserve feed (its proxy address)
    /// @param tokenDecimals_ the token's decimals; the feed must answer with the same decimals
    /// @param maxStaleness_ oldest acceptable answer in seconds (0 = no limit)
    constructor(AggregatorV3Interface feed_, uint8 tokenDecimals_, uint32 maxStaleness_) {
        if (address(feed_).code.length == 0) revert FeedNotContract(address(feed_));
        uint8 feedDecimals = feed_.decimals();
        if (feedDecimals != tokenDecimals_) revert FeedDecimalsMismatch(feedDecimals, tokenDecimals_);
        feed = feed_;
        tokenDecimals = tokenDecimals_;
        maxStaleness = maxStaleness_;
    }

    /// @inheritdoc IReserveFeed
    /// @dev Reverts `IncompleteRound`, `InvalidReserveAnswer`, `StaleReserveAnswer` or
    /// `FeedDecimalsMismatch` (checked in that order). An `updatedAt` in the future is not stale.
    function latestReserves() external view returns (uint256 reserves, uint256 asOf) {
        (uint80 roundId, int256 answer,, uint256 updatedAt,) = feed.latestRoundData();
        if (updatedAt == 0) revert IncompleteRound(roundId);
        if (answer <= 0) revert InvalidReserveAnswer(answer);
        uint256 staleness = maxStaleness;
        if (staleness != 0 && updatedAt < block.timestamp && block.timestamp - updatedAt > staleness) {
            revert StaleReserveAnswer(updatedAt, staleness, block.timestamp);
        }
        uint8 feedDecimals = feed.decimals();
        if (feedDecimals != tokenDecimals) revert FeedDecimalsMismatch(feedDecimals, tokenDecimals);
        return (uint256(answer), updatedAt);
    }
}
