// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title Travel-rule commitment registry
/// @notice Trusted VASPs register, before a transfer, a commitment to the off-chain IVMS101 payload
/// (originator, beneficiary, VASPs) of that transfer: `keccak256(payload)` bound to
/// (token, from, to, amount). The token consumes it when the transfer goes through: each
/// commitment covers exactly one transfer. No personal data is ever on-chain.
interface ITravelRuleRegistry {
    /// @notice A commitment a VASP signs (EIP-712) for anyone to submit.
    struct SignedCommitment {
        address token;
        address from;
        address to;
        uint256 amount;
        bytes32 payloadHash;
        uint256 nonce;
        uint256 deadline;
    }

    /// @notice The payload hash committed for `token`'s transfer (from → to, amount); zero if none.
    function commitmentOf(address token, address from, address to, uint256 amount) external view returns (bytes32);

    /// @notice The VASP that registered the pending commitment for `token`'s transfer; zero if none.
    function registrantOf(address token, address from, address to, uint256 amount) external view returns (address);

    /// @notice Consume the caller's (a token's) commitment for (from → to, amount).
    /// @return payloadHash the consumed commitment, or zero if there was none (nothing changes then)
    function consume(address from, address to, uint256 amount) external returns (bytes32 payloadHash);
}

/// @title Errors of the TravelRuleRegistry
interface ITravelRuleRegistryErrors {
    /// @dev A commitment for this (token, from, to, amount) is already pending (`payloadHash`).
    error CommitmentAlreadyPending(address token, address from, address to, uint256 amount, bytes32 payloadHash);
    /// @dev No commitment is pending for this (token, from, to, amount).
    error UnknownCommitment(address token, address from, address to, uint256 amount);
    /// @dev Only `registrant`, the VASP that registered the commitment, may cancel it (not `account`).
    error NotCommitmentRegistrant(address account, address registrant);
    /// @dev The payload hash may not be zero.
    error InvalidPayloadHash();
    /// @dev The signed commitment could only be submitted until `deadline`.
    error CommitmentSignatureExpired(uint256 deadline, uint256 currentTime);
    /// @dev `signer` is not a trusted VASP.
    error UntrustedVasp(address signer);
    /// @dev `vasp` already used `nonce`.
    error CommitmentNonceUsed(address vasp, uint256 nonce);
    /// @dev The address may not be the zero address here.
    error ZeroAddress();
}

/// @title Events of the TravelRuleRegistry
interface ITravelRuleRegistryEvents {
    /// @notice `vasp` committed to the IVMS101 payload `payloadHash` for a transfer of `token`.
    event CommitmentRegistered(
        address indexed token, address indexed from, address indexed to, uint256 amount, bytes32 payloadHash, address vasp
    );
    /// @notice The transfer covered by `payloadHash` went through.
    event CommitmentConsumed(
        address indexed token, address indexed from, address indexed to, uint256 amount, bytes32 payloadHash
    );
    /// @notice `vasp`, which registered it, withdrew the pending commitment `payloadHash`.
    event CommitmentCancelled(
        address indexed token, address indexed from, address indexed to, uint256 amount, bytes32 payloadHash, address vasp
    );
}
