// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IReserveFeed, IReserveSource} from "./IReserveSource.sol";

/// @title Types, errors and events of the ReserveAttestor
/// @notice Every refusal carries the numbers an operator needs. Missing roles revert with
/// OpenZeppelin's `AccessControlUnauthorizedAccount(account, role)`; malformed signatures with
/// OpenZeppelin's ECDSA errors (`ECDSAInvalidSignature`, `ECDSAInvalidSignatureLength(length)`,
/// `ECDSAInvalidSignatureS(s)`).
interface IReserveAttestorTypes {
    /// @notice How `mintableReserves()` adjusts the attested reserves (Chainlink Secure Mint margins).
    /// `None`: reserves as attested. `Percentage`: reserves × (10,000 + value) / 10,000, value in basis
    /// points in (-10,000, 10,000]. `Absolute`: reserves + value, value in token base units. A positive
    /// value lets the supply exceed the reserves, a negative one demands a buffer; the result is
    /// clamped at 0.
    enum MarginMode {
        None,
        Percentage,
        Absolute
    }

    /// @notice One line of the reserve composition: `amount` (token base units) held in `asset`
    /// (an identifier such as `keccak256("T-BILLS-93D")` or a bytes32-encoded label).
    struct Bucket {
        bytes32 asset;
        uint256 amount;
    }

    /// @notice One posted attestation, as kept in the history.
    /// @param reserves reserves in token base units
    /// @param asOf the time the reserves were measured
    /// @param reportHash hash of the accountant's report
    /// @param reportUri where the report is published (may be empty)
    /// @param composition reserves per asset bucket (empty, or summing to `reserves`)
    /// @param auditor who attested: the ATTESTOR_ROLE caller, or the signer of a signed attestation
    /// @param postedAt the block time the attestation was recorded
    struct Attestation {
        uint128 reserves;
        uint40 asOf;
        bytes32 reportHash;
        string reportUri;
        Bucket[] composition;
        address auditor;
        uint40 postedAt;
    }
}

/// @title Errors of the ReserveAttestor
interface IReserveAttestorErrors is IReserveAttestorTypes {
    /// @dev An attestation's `asOf` (`asOf`) lies after the current block time (`currentTime`).
    error AttestationFromFuture(uint256 asOf, uint256 currentTime);
    /// @dev An attestation's `asOf` is older than the latest attestation's (`latestAsOf`).
    error AttestationOutdated(uint256 asOf, uint256 latestAsOf);
    /// @dev An attestation needs a non-zero `asOf` (0 means "never attested").
    error AttestationUndated();
    /// @dev `reserves` exceed `limit`, the most the packed reserve word holds (2^128 - 1).
    error ReservesExceedLimit(uint256 reserves, uint256 limit);
    /// @dev The composition buckets add up to `sum`, not to the attested `reserves`.
    error CompositionMismatch(uint256 sum, uint256 reserves);
    /// @dev In `mode`, the margin must lie in [`min`, `max`]; `value` does not.
    error MarginOutOfRange(MarginMode mode, int256 value, int256 min, int256 max);
    /// @dev A signed attestation could be submitted until `deadline`; it is now `currentTime`.
    error AttestationSignatureExpired(uint256 deadline, uint256 currentTime);
    /// @dev `signer` signed the attestation but is not a trusted auditor. (A signature made over
    /// other data, another chain or another attestor recovers to an unrelated `signer`.)
    error UntrustedAuditor(address signer);
    /// @dev `auditor`'s next signed attestation must carry nonce `expected`, not `given`.
    error InvalidAuditorNonce(address auditor, uint256 expected, uint256 given);
    /// @dev No attestation has been posted yet.
    error NoAttestation();
    /// @dev There is no attestation at `index`: `count` have been posted.
    error AttestationIndexOutOfRange(uint256 index, uint256 count);
    /// @dev `feed` has no code: it cannot answer `latestReserves()`.
    error FeedNotContract(address feed);
    /// @dev The address may not be the zero address here.
    error ZeroAddress();
}

/// @title Events of the ReserveAttestor
interface IReserveAttestorEvents is IReserveAttestorTypes {
    /// @notice Attestation `index` was recorded: `reserves` as of `asOf`, attested by `auditor`, backed
    /// by the report `reportHash` published at `reportUri`.
    event ReservesAttested(
        uint256 indexed index,
        uint256 reserves,
        uint256 asOf,
        bytes32 reportHash,
        address indexed auditor,
        string reportUri
    );
    /// @notice The margin changed from (`oldMode`, `oldValue`) to (`newMode`, `newValue`).
    event MarginSet(MarginMode oldMode, int256 oldValue, MarginMode newMode, int256 newValue);
    /// @notice The maximum age of reserves changed from `oldMaxAge` to `newMaxAge` seconds (0 = no limit).
    event MaxAgeSet(uint256 oldMaxAge, uint256 newMaxAge);
    /// @notice `auditor` is now trusted (or no longer) to sign attestations.
    event AuditorSet(address indexed auditor, bool trusted);
    /// @notice `mintableReserves()` now reads `newFeed` (was `oldFeed`; zero = the posted attestations).
    event FeedSet(address indexed oldFeed, address indexed newFeed);
}

/// @title ReserveAttestor: the reserve registry a Secure-Mint token asks before every mint
/// @notice Auditors post monthly reserve attestations (directly with ATTESTOR_ROLE, or as EIP-712
/// signatures anyone may submit); the token reads them, after margin, through `mintableReserves()`.
/// An admin may switch the source to a proof-of-reserve feed (`setFeed`).
interface IReserveAttestor is IReserveSource, IReserveFeed, IReserveAttestorErrors, IReserveAttestorEvents {
    /// @notice Record an attestation by the caller (ATTESTOR_ROLE) as auditor.
    /// @param reserves reserves in token base units (at most 2^128 - 1)
    /// @param asOf when the reserves were measured: not in the future, not before the latest `asOf`
    /// @param reportHash hash of the accountant's report
    /// @param reportUri where the report is published (may be empty)
    /// @param composition reserves per asset bucket: empty, or summing exactly to `reserves`
    /// @return index the attestation's position in the history
    function attest(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition
    ) external returns (uint256 index);

    /// @notice Record an attestation signed (EIP-712 `ReserveAttestation`) by a trusted auditor.
    /// Anyone may submit it; the auditor is the recovered signer.
    /// @param nonce the auditor's next nonce (`auditorNonces(auditor)`)
    /// @param deadline last block time at which the signature may be submitted
    /// @param signature the auditor's 65-byte ECDSA signature (r ‖ s ‖ v), low-s
    /// @return index the attestation's position in the history
    function attestSigned(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 index);

    /// @notice Set the margin applied by `mintableReserves()` (DEFAULT_ADMIN_ROLE).
    /// @param mode None (value 0), Percentage (basis points in (-10,000, 10,000]) or Absolute (token
    /// base units in [-2^52, 2^52 - 1], the range of the packed field)
    function setMargin(MarginMode mode, int256 value) external;

    /// @notice Set the oldest acceptable age of the reserves, in seconds (DEFAULT_ADMIN_ROLE; 0 = no limit).
    function setMaxAge(uint32 maxAge_) external;

    /// @notice Trust (or stop trusting) `auditor` to sign attestations (DEFAULT_ADMIN_ROLE).
    function setAuditor(address auditor, bool trusted) external;

    /// @notice Read reserves from `feed` instead of the posted attestations (DEFAULT_ADMIN_ROLE);
    /// `address(0)` switches back. Margin and maximum age still apply.
    function setFeed(IReserveFeed feed_) external;

    /// @notice The margin: its mode and signed value.
    function margin() external view returns (MarginMode mode, int256 value);

    /// @notice The oldest acceptable age of the reserves in seconds (0 = no limit).
    function maxAge() external view returns (uint256);

    /// @notice The feed `mintableReserves()` reads (zero = the posted attestations).
    function feed() external view returns (IReserveFeed);

    /// @notice Whether `auditor` may sign attestations.
    function isTrustedAuditor(address auditor) external view returns (bool);

    /// @notice The nonce `auditor`'s next signed attestation must carry.
    function auditorNonces(address auditor) external view returns (uint256);

    /// @notice How many attestations have been posted.
    function attestationCount() external view returns (uint256);

    /// @notice Attestation number `index` (0 = the first); reverts `AttestationIndexOutOfRange`.
    function attestation(uint256 index) external view returns (Attestation memory);

    /// @notice The latest attestation; reverts `NoAttestation` before the first.
    function latestAttestation() external view returns (Attestation memory);
}
