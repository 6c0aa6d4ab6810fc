// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";

import {ITravelRuleRegistry, ITravelRuleRegistryErrors, ITravelRuleRegistryEvents} from "./ITravelRuleRegistry.sol";

/// @title TravelRuleRegistry
/// @notice FATF Recommendation 16 on-chain: before a transfer at or above a token's travel-rule
/// threshold, the originating VASP commits to the IVMS101 payload it sent the beneficiary VASP
/// (off-chain). The commitment is `keccak256(payload)` bound to (token, from, to, amount) and is
/// consumed by that transfer, exactly once. One registry can serve several tokens.
/// @dev VASPs hold VASP_ROLE and either register directly or sign an EIP-712 `SignedCommitment`
/// (chain id and this contract in the domain, a per-VASP unordered nonce, a deadline) that anyone
/// may submit. Only the token itself can consume its commitments (`msg.sender` is the token), and
/// only the VASP that registered a commitment can cancel it: a trusted VASP cannot withdraw the
/// commitments of another.
contract TravelRuleRegistry is
    ITravelRuleRegistry,
    ITravelRuleRegistryErrors,
    ITravelRuleRegistryEvents,
    AccessControlDefaultAdminRules,
    EIP712
{
    /// @notice Trusted VASPs (originators) that may register commitments and cancel their own.
    bytes32 public constant VASP_ROLE = keccak256("VASP_ROLE");
    /// @notice EIP-712 type of a signed commitment.
    bytes32 public constant COMMITMENT_TYPEHASH = keccak256(
        "SignedCommitment(address token,address from,address to,uint256 amount,bytes32 payloadHash,uint256 nonce,uint256 deadline)"
    );

    mapping(bytes32 key => bytes32 payloadHash) private _commitments;
    mapping(bytes32 key => address vasp) private _registrants;
    mapping(address vasp => mapping(uint256 nonce => bool)) private _usedNonces;

    /// @param admin the first DEFAULT_ADMIN_ROLE holder (grants VASP_ROLE)
    /// @param adminTransferDelay seconds a new admin must wait before accepting the role
    constructor(address admin, uint48 adminTransferDelay)
        AccessControlDefaultAdminRules(adminTransferDelay, admin)
        EIP712("TravelRuleRegistry", "1")
    {}

    /// @notice Register the commitment `payloadHash` for `token`'s transfer (from → to, amount).
    function register(address token, address from, address to, uint256 amount, bytes32 payloadHash)
        external
        onlyRole(VASP_ROLE)
    {
        _register(token, from, to, amount, payloadHash, msg.sender);
    }

    /// @notice Register a commitment signed by a VASP; anyone may submit it.
    function registerWithSig(SignedCommitment calldata c, bytes calldata signature) external {
        if (block.timestamp > c.deadline) revert CommitmentSignatureExpired(c.deadline, block.timestamp);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(COMMITMENT_TYPEHASH, c.token, c.from, c.to, c.amount, c.payloadHash, c.nonce, c.deadline)
            )
        );
        address vasp = ECDSA.recover(digest, signature);
        if (!hasRole(VASP_ROLE, vasp)) revert UntrustedVasp(vasp);
        if (_usedNonces[vasp][c.nonce]) revert CommitmentNonceUsed(vasp, c.nonce);
        _usedNonces[vasp][c.nonce] = true;
        _register(c.token, c.from, c.to, c.amount, c.payloadHash, vasp);
    }

    /// @notice Withdraw a pending commitment the caller registered (e.g. the payment was called off).
    function cancel(address token, address from, address to, uint256 amount) external onlyRole(VASP_ROLE) {
        bytes32 key = _key(token, from, to, amount);
        bytes32 payloadHash = _commitments[key];
        if (payloadHash == 0) revert UnknownCommitment(token, from, to, amount);
        address registrant = _registrants[key];
        if (registrant != msg.sender) revert NotCommitmentRegistrant(msg.sender, registrant);
        delete _commitments[key];
        delete _registrants[key];
        emit CommitmentCancelled(token, from, to, amount, payloadHash, msg.sender);
    }

    /// @inheritdoc ITravelRuleRegistry
    function consume(address from, address to, uint256 amount) external returns (bytes32 payloadHash) {
        bytes32 key = _key(msg.sender, from, to, amount);
        payloadHash = _commitments[key];
        if (payloadHash != 0) {
            delete _commitments[key];
            delete _registrants[key];
            emit CommitmentConsumed(msg.sender, from, to, amount, payloadHash);
        }
    }

    /// @inheritdoc ITravelRuleRegistry
    function commitmentOf(address token, address from, address to, uint256 amount) external view returns (bytes32) {
        return _commitments[_key(token, from, to, amount)];
    }

    /// @inheritdoc ITravelRuleRegistry
    function registrantOf(address token, address from, address to, uint256 amount) external view returns (address) {
        return _registrants[_key(token, from, to, amount)];
    }

    /// @notice Whether `vasp` already used signature nonce `nonce`.
    function isNonceUsed(address vasp, uint256 nonce) external view returns (bool) {
        return _usedNonces[vasp][nonce];
    }

    /// @notice The EIP-712 domain separator signed commitments are bound to.
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    function _register(address token, address from, address to, uint256 amount, bytes32 payloadHash, address vasp)
        private
    {
        if (token == address(0) || from == address(0) || to == address(0)) revert ZeroAddress();
        if (payloadHash == 0) revert InvalidPayloadHash();
        bytes32 key = _key(token, from, to, amount);
        bytes32 pending = _commitments[key];
        if (pending != 0) revert CommitmentAlreadyPending(token, from, to, amount, pending);
        _commitments[key] = payloadHash;
        _registrants[key] = vasp;
        emit CommitmentRegistered(token, from, to, amount, payloadHash, vasp);
    }

    function _key(address token, address from, address to, uint256 amount) private pure returns (bytes32) {
        return keccak256(abi.encode(token, from, to, amount));
    }
}
