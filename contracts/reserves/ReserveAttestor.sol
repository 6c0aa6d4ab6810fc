// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {IReserveAttestor} from "./IReserveAttestor.sol";
import {IReserveFeed, IReserveSource} from "./IReserveSource.sol";
import {ReserveWord, ReserveWords} from "./ReserveWord.sol";

/// @title ReserveAttestor
/// @notice Registry of reserve attestations (GENIUS Act monthly examinations; MiCA / HKMA / MAS
/// reserve reports) and the reserve source a Secure-Mint token asks before every mint.
/// Auditors post attestations directly (ATTESTOR_ROLE) or sign them (EIP-712, domain
/// "ReserveAttestor" / "1") for anyone to submit; each records reserves, as-of time, report hash and
/// URI, the per-asset composition, the auditor and the posting time, and the full history is kept.
/// `mintableReserves()` answers with the latest reserves (or, in feed mode, a proof-of-reserve feed's
/// reading) after the margin, with the as-of time and the maximum age the token enforces.
/// @dev Hot path: in attestor mode `mintableReserves()` reads one storage word (`ReserveWord`: latest
/// reserves, as-of, max age, margin mode and value, feed bit), so the token's per-mint check costs a
/// single cold SLOAD. History, feed address, auditors and nonces live in other slots.
/// Roles: DEFAULT_ADMIN_ROLE sets margin, max age, trusted auditors and feed (and manages roles);
/// ATTESTOR_ROLE posts attestations.
contract ReserveAttestor is IReserveAttestor, AccessControl, EIP712 {
    /// @notice May post attestations with `attest`.
    bytes32 public constant ATTESTOR_ROLE = keccak256("ATTESTOR_ROLE");

    /// @notice EIP-712 type of a composition bucket.
    bytes32 public constant BUCKET_TYPEHASH = keccak256("Bucket(bytes32 asset,uint256 amount)");
    /// @notice EIP-712 type of a signed attestation (the referenced `Bucket` type appended, per the spec).
    bytes32 public constant RESERVE_ATTESTATION_TYPEHASH = keccak256(
        "ReserveAttestation(uint256 reserves,uint40 asOf,bytes32 reportHash,string reportUri,Bucket[] composition,"
        "uint256 nonce,uint256 deadline)Bucket(bytes32 asset,uint256 amount)"
    );

    /// @notice Basis points in 100%.
    int256 public constant BPS = 10_000;

    /// @dev The hot word (see ReserveWord.sol for the bit layout), alone in its slot.
    ReserveWord private _word;
    /// @dev The feed read in feed mode (the word's feed bit says whether it is used).
    IReserveFeed private _feed;
    /// @dev Every attestation, oldest first.
    Attestation[] private _history;
    /// @dev Auditors trusted to sign attestations.
    mapping(address auditor => bool) private _auditors;
    /// @dev Each auditor's next signed-attestation nonce.
    mapping(address auditor => uint256) private _nonces;

    /// @param admin the first DEFAULT_ADMIN_ROLE holder
    /// @param maxAge_ oldest acceptable age of the reserves in seconds (0 = no limit; e.g. 38 days
    /// for the GENIUS Act's monthly examinations)
    constructor(address admin, uint32 maxAge_) EIP712("ReserveAttestor", "1") {
        if (admin == address(0)) revert ZeroAddress();
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _word = _word.withMaxAge(maxAge_);
        emit MaxAgeSet(0, maxAge_);
    }

    // ------------------------------------------------------------------ the token's questions

    /// @inheritdoc IReserveSource
    /// @dev Attestor mode: one SLOAD. Before any attestation (asOf 0) the reserves are 0, whatever the
    /// margin. Feed mode: the feed's reading (its reverts propagate: fail closed); a reading above
    /// 2^128 - 1 reverts `ReservesExceedLimit`.
    function mintableReserves() external view returns (uint256 reserves, uint256 asOf, uint256 maxAge_) {
        ReserveWord w = _word;
        maxAge_ = w.maxAge();
        if (w.usesFeed()) {
            (reserves, asOf) = _feed.latestReserves();
            if (reserves > ReserveWords.MAX_RESERVES) revert ReservesExceedLimit(reserves, ReserveWords.MAX_RESERVES);
        } else {
            reserves = w.reserves();
            asOf = w.asOf();
        }
        if (asOf == 0) return (0, 0, maxAge_);
        reserves = _applyMargin(w, reserves);
    }

    /// @inheritdoc IReserveFeed
    /// @dev The latest posted attestation, before margin, whatever the feed mode ((0, 0) before any).
    function latestReserves() external view returns (uint256 reserves, uint256 asOf) {
        ReserveWord w = _word;
        return (w.reserves(), w.asOf());
    }

    // ------------------------------------------------------------------ attestations

    /// @inheritdoc IReserveAttestor
    function attest(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition
    ) external onlyRole(ATTESTOR_ROLE) returns (uint256 index) {
        return _record(reserves, asOf, reportHash, reportUri, composition, msg.sender);
    }

    /// @inheritdoc IReserveAttestor
    /// @dev Checks, in order: deadline (`AttestationSignatureExpired`), signature well-formed and low-s
    /// (OpenZeppelin ECDSA errors), signer trusted (`UntrustedAuditor`), nonce (`InvalidAuditorNonce`),
    /// then the same checks as `attest`. A signature over other data, for another chain or another
    /// attestor recovers to an unrelated address and is refused as untrusted.
    function attestSigned(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition,
        uint256 nonce,
        uint256 deadline,
        bytes calldata signature
    ) external returns (uint256 index) {
        if (block.timestamp > deadline) revert AttestationSignatureExpired(deadline, block.timestamp);
        bytes32 structHash = _attestationHash(reserves, asOf, reportHash, reportUri, composition, nonce, deadline);
        address auditor = ECDSA.recover(_hashTypedDataV4(structHash), signature);
        if (!_auditors[auditor]) revert UntrustedAuditor(auditor);
        uint256 expected = _nonces[auditor];
        if (nonce != expected) revert InvalidAuditorNonce(auditor, expected, nonce);
        unchecked {
            _nonces[auditor] = expected + 1;
        }
        return _record(reserves, asOf, reportHash, reportUri, composition, auditor);
    }

    /// @inheritdoc IReserveAttestor
    function attestationCount() external view returns (uint256) {
        return _history.length;
    }

    /// @inheritdoc IReserveAttestor
    function attestation(uint256 index) external view returns (Attestation memory) {
        uint256 count = _history.length;
        if (index >= count) revert AttestationIndexOutOfRange(index, count);
        return _history[index];
    }

    /// @inheritdoc IReserveAttestor
    function latestAttestation() external view returns (Attestation memory) {
        uint256 count = _history.length;
        if (count == 0) revert NoAttestation();
        return _history[count - 1];
    }

    /// @inheritdoc IReserveAttestor
    function auditorNonces(address auditor) external view returns (uint256) {
        return _nonces[auditor];
    }

    /// @inheritdoc IReserveAttestor
    function isTrustedAuditor(address auditor) external view returns (bool) {
        return _auditors[auditor];
    }

    /// @notice The EIP-712 domain separator of signed attestations (chain id and this address included).
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ configuration

    /// @inheritdoc IReserveAttestor
    function setMargin(MarginMode mode, int256 value) external onlyRole(DEFAULT_ADMIN_ROLE) {
        (int256 min, int256 max) = _marginRange(mode);
        if (value < min || value > max) revert MarginOutOfRange(mode, value, min, max);
        ReserveWord w = _word;
        emit MarginSet(MarginMode(w.marginMode()), w.marginValue(), mode, value);
        _word = w.withMargin(uint256(mode), value);
    }

    /// @inheritdoc IReserveAttestor
    function setMaxAge(uint32 maxAge_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        ReserveWord w = _word;
        emit MaxAgeSet(w.maxAge(), maxAge_);
        _word = w.withMaxAge(maxAge_);
    }

    /// @inheritdoc IReserveAttestor
    function setAuditor(address auditor, bool trusted) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (auditor == address(0)) revert ZeroAddress();
        _auditors[auditor] = trusted;
        emit AuditorSet(auditor, trusted);
    }

    /// @inheritdoc IReserveAttestor
    function setFeed(IReserveFeed feed_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        address next = address(feed_);
        if (next != address(0) && next.code.length == 0) revert FeedNotContract(next);
        emit FeedSet(address(_feed), next);
        _feed = feed_;
        _word = _word.withFeed(next != address(0));
    }

    /// @inheritdoc IReserveAttestor
    function margin() external view returns (MarginMode mode, int256 value) {
        ReserveWord w = _word;
        return (MarginMode(w.marginMode()), w.marginValue());
    }

    /// @inheritdoc IReserveAttestor
    function maxAge() external view returns (uint256) {
        return _word.maxAge();
    }

    /// @inheritdoc IReserveAttestor
    function feed() external view returns (IReserveFeed) {
        return _feed;
    }

    // ------------------------------------------------------------------ internals

    /// @dev Validate and append an attestation, then move the hot word to it.
    function _record(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition,
        address auditor
    ) private returns (uint256 index) {
        if (reserves > ReserveWords.MAX_RESERVES) revert ReservesExceedLimit(reserves, ReserveWords.MAX_RESERVES);
        if (asOf == 0) revert AttestationUndated();
        if (asOf > block.timestamp) revert AttestationFromFuture(asOf, block.timestamp);
        ReserveWord w = _word;
        uint256 latestAsOf = w.asOf();
        if (asOf < latestAsOf) revert AttestationOutdated(asOf, latestAsOf);

        uint256 length = composition.length;
        if (length != 0) _requireComposition(composition, reserves);

        index = _history.length;
        Attestation storage record = _history.push();
        record.reserves = uint128(reserves);
        record.asOf = asOf;
        record.reportHash = reportHash;
        if (bytes(reportUri).length != 0) record.reportUri = reportUri;
        record.auditor = auditor;
        record.postedAt = uint40(block.timestamp);
        for (uint256 i = 0; i < length; ++i) {
            record.composition.push(composition[i]);
        }
        _word = w.withAttestation(reserves, asOf);
        emit ReservesAttested(index, reserves, asOf, reportHash, auditor, reportUri);
    }

    /// @dev The buckets must add up to `reserves` exactly (`CompositionMismatch(sum, reserves)`).
    function _requireComposition(Bucket[] calldata composition, uint256 reserves) private pure {
        uint256 sum;
        uint256 length = composition.length;
        for (uint256 i = 0; i < length; ++i) {
            uint256 amount = composition[i].amount;
            // saturate rather than overflow: reserves < 2^128, so a saturated sum never matches
            unchecked {
                sum = sum + amount < sum ? type(uint256).max : sum + amount;
            }
        }
        if (sum != reserves) revert CompositionMismatch(sum, reserves);
    }

    /// @dev `reserves` after the margin in `w`, clamped at 0. `reserves <= 2^128 - 1` and the margin is
    /// range-checked by `setMargin`, so nothing here can overflow.
    function _applyMargin(ReserveWord w, uint256 reserves) private pure returns (uint256) {
        uint256 mode = w.marginMode();
        if (mode == uint256(MarginMode.None)) return reserves;
        int256 value = w.marginValue();
        unchecked {
            if (mode == uint256(MarginMode.Percentage)) {
                return reserves * uint256(BPS + value) / uint256(BPS); // BPS + value in (0, 20,000]
            }
            if (value >= 0) return reserves + uint256(value);
            uint256 buffer = uint256(-value);
            return reserves > buffer ? reserves - buffer : 0;
        }
    }

    /// @dev The values `setMargin` accepts in `mode`.
    function _marginRange(MarginMode mode) private pure returns (int256 min, int256 max) {
        if (mode == MarginMode.Percentage) return (-BPS + 1, BPS);
        if (mode == MarginMode.Absolute) return (ReserveWords.MARGIN_MIN, ReserveWords.MARGIN_MAX);
        return (0, 0);
    }

    /// @dev EIP-712 `hashStruct(ReserveAttestation)`: the string as keccak256 of its bytes, the bucket
    /// array as keccak256 of the concatenated bucket struct hashes.
    function _attestationHash(
        uint256 reserves,
        uint40 asOf,
        bytes32 reportHash,
        string calldata reportUri,
        Bucket[] calldata composition,
        uint256 nonce,
        uint256 deadline
    ) private pure returns (bytes32) {
        return keccak256(
            abi.encode(
                RESERVE_ATTESTATION_TYPEHASH,
                reserves,
                asOf,
                reportHash,
                keccak256(bytes(reportUri)),
                _compositionHash(composition),
                nonce,
                deadline
            )
        );
    }

    /// @dev keccak256 of the concatenated `hashStruct(Bucket)` of every bucket.
    function _compositionHash(Bucket[] calldata composition) private pure returns (bytes32) {
        uint256 length = composition.length;
        bytes32[] memory hashes = new bytes32[](length);
        for (uint256 i = 0; i < length; ++i) {
            hashes[i] = keccak256(abi.encode(BUCKET_TYPEHASH, composition[i].asset, composition[i].amount));
        }
        return keccak256(abi.encodePacked(hashes));
    }
}
