// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IAccessControl} from "@openzeppelin/contracts/access/IAccessControl.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {AccessControlDefaultAdminRules} from
    "@openzeppelin/contracts/access/extensions/AccessControlDefaultAdminRules.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IERC20Metadata} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Metadata.sol";
import {IERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/IERC20Permit.sol";
import {IERC20Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

import {AccountWord, AccountWords} from "./AccountWord.sol";
import {ComplianceStablecoinBase} from "./ComplianceStablecoinBase.sol";
import {ComplianceStablecoinExtension} from "./ComplianceStablecoinExtension.sol";
import {TierRules, TierRulesLib} from "./TierRules.sol";
import {IReserveSource} from "../reserves/IReserveSource.sol";
import {ISanctionsOracle} from "../sanctions/ISanctionsOracle.sol";
import {ITravelRuleRegistry} from "../travel/ITravelRuleRegistry.sol";
import {IERC1404} from "./IComplianceStablecoin.sol";

/// @title ComplianceStablecoin
/// @notice An ERC-20 stablecoin whose every balance change is checked on-chain: KYC allowlist with
/// expiry, freeze / partial freeze / seize under lawful orders, pause, USDC-style minter allowances,
/// EIP-2612 permit (EOA and ERC-1271 signers), AML transfer rules (per-tier cap, rolling volume and
/// count limits, travel-rule commitments, jurisdiction corridors, sanctions screening) and the
/// ERC-1404 transfer-restriction preflight, which predicts every rule exactly.
/// @dev Each account's balance, compliance state and limit clocks share ONE storage word
/// (`AccountWord`), and the sender's tier rules one more (`TierRules`), so a compliant transfer
/// touches the same two account slots a plain ERC-20 does plus one policy word. Rule order
/// (transfer, transferFrom, and `detectTransferRestriction` alike): receiver not zero → not paused →
/// sender not frozen → recipient not frozen → sanctions (sender, recipient) → sender verified →
/// sender unexpired → recipient verified → recipient unexpired → corridor → per-transfer cap →
/// rolling volume → transfer count → travel rule → balance → unfrozen balance. See docs/design.md.
/// Configuration and reporting functions (AML rules, redemption terms and records) live in
/// `ComplianceStablecoinExtension`, reached at this address through the fallback.
/// @custom:extension ComplianceStablecoinExtension
contract ComplianceStablecoin is ComplianceStablecoinBase, IERC20Metadata, IERC20Permit, IERC20Errors, IERC1404 {
    /// @notice Where selectors this contract does not implement are forwarded (`delegatecall`).
    address public immutable extension;
    /// @notice Where mints look up attested reserves (zero: minting is not reserve-gated).
    IReserveSource public immutable reserveSource;
    uint8 private immutable _decimals;

    // ------------------------------------------------------------------ OpenZeppelin-named errors

    /// @dev The permit's `deadline` has passed.
    error ERC2612ExpiredSignature(uint256 deadline);
    /// @dev The permit was signed by `signer`, not by `owner`.
    error ERC2612InvalidSigner(address signer, address owner);

    // ------------------------------------------------------------------ pause (OpenZeppelin names)

    /// @dev The operation failed because the token is paused.
    error EnforcedPause();
    /// @dev The operation failed because the token is not paused.
    error ExpectedPause();
    /// @notice The token was paused by `account`.
    event Paused(address account);
    /// @notice The token was unpaused by `account`.
    event Unpaused(address account);

    // ------------------------------------------------------------------ construction

    /// @param name_ ERC-20 name, also the EIP-712 domain name
    /// @param symbol_ ERC-20 symbol
    /// @param decimals_ token decimals (at most 18; stablecoins use 6)
    /// @param admin the first DEFAULT_ADMIN_ROLE holder
    /// @param adminTransferDelay seconds a new admin must wait before accepting the role
    /// @param reserveSource_ the reserve attestor every mint consults (zero disables the reserve gate;
    /// deployments from a jurisdiction profile always set it)
    constructor(
        string memory name_,
        string memory symbol_,
        uint8 decimals_,
        address admin,
        uint48 adminTransferDelay,
        IReserveSource reserveSource_
    ) ComplianceStablecoinBase(name_, decimals_, admin, adminTransferDelay) {
        _name = name_;
        _symbol = symbol_;
        _decimals = decimals_;
        reserveSource = reserveSource_;
        extension = address(new ComplianceStablecoinExtension(name_, decimals_));
        _setRoleAdmin(MINTER_ROLE, MASTER_MINTER_ROLE);
    }

    /// @notice Forward any other call to the extension, in this contract's storage.
    fallback() external {
        address target = extension;
        assembly ("memory-safe") {
            calldatacopy(0, 0, calldatasize())
            let ok := delegatecall(gas(), target, 0, calldatasize(), 0, 0)
            returndatacopy(0, 0, returndatasize())
            if iszero(ok) { revert(0, returndatasize()) }
            return(0, returndatasize())
        }
    }

    // ------------------------------------------------------------------ ERC-20 views

    /// @inheritdoc IERC20Metadata
    function name() external view returns (string memory) {
        return _name;
    }

    /// @inheritdoc IERC20Metadata
    function symbol() external view returns (string memory) {
        return _symbol;
    }

    /// @inheritdoc IERC20Metadata
    function decimals() external view returns (uint8) {
        return _decimals;
    }

    /// @inheritdoc IERC20
    function totalSupply() external view returns (uint256) {
        return _config & SUPPLY_MASK;
    }

    /// @inheritdoc IERC20
    function balanceOf(address account) external view returns (uint256) {
        return _accounts[account].balance();
    }

    /// @inheritdoc IERC20
    function allowance(address owner, address spender) external view returns (uint256) {
        return _allowances[owner][spender];
    }

    // ------------------------------------------------------------------ ERC-20 actions

    /// @inheritdoc IERC20
    function transfer(address to, uint256 value) external returns (bool) {
        uint256 verdict = _transfer(msg.sender, to, value);
        if (verdict != SUCCESS) _settleVerdict(verdict, msg.sender, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Order: spender not frozen → spender not sanctioned (when transfers are screened) →
    /// transfer rules → allowance.
    function transferFrom(address from, address to, uint256 value) external returns (bool) {
        if (_accounts[msg.sender].has(FROZEN)) revert AccountFrozen(msg.sender);
        // every tier's word carries the screening switch; the sender's is read by the transfer anyway
        if (_tierRules[_accounts[from].tier()].has(TierRulesLib.SCREEN_TRANSFERS)) _screenOrRevert(msg.sender);
        uint256 verdict = _transfer(from, to, value);
        _spendAllowance(from, msg.sender, value);
        if (verdict != SUCCESS) _settleVerdict(verdict, from, to, value);
        return true;
    }

    /// @inheritdoc IERC20
    /// @dev Neither the owner nor the spender may be frozen, nor (when transfers are screened)
    /// sanctioned.
    function approve(address spender, uint256 value) external returns (bool) {
        _requireApprovable(msg.sender, _accounts[msg.sender], spender);
        _setAllowance(msg.sender, spender, value);
        return true;
    }

    // ------------------------------------------------------------------ EIP-2612 permit

    /// @inheritdoc IERC20Permit
    function permit(address owner, address spender, uint256 value, uint256 deadline, uint8 v, bytes32 r, bytes32 s)
        external
    {
        bytes32 digest = _permitDigest(owner, spender, value, deadline);
        address signer = ECDSA.recover(digest, v, r, s);
        if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        _approveByPermit(owner, spender, value);
    }

    /// @notice EIP-2612 permit with a packed signature; smart-wallet owners are checked with ERC-1271.
    function permit(address owner, address spender, uint256 value, uint256 deadline, bytes calldata signature)
        external
    {
        bytes32 digest = _permitDigest(owner, spender, value, deadline);
        if (owner.code.length == 0) {
            address signer = ECDSA.recover(digest, signature);
            if (signer != owner) revert ERC2612InvalidSigner(signer, owner);
        } else if (!SignatureChecker.isValidERC1271SignatureNow(owner, digest, signature)) {
            revert InvalidSmartWalletSignature(owner);
        }
        _approveByPermit(owner, spender, value);
    }

    /// @inheritdoc IERC20Permit
    function nonces(address owner) external view returns (uint256) {
        return _accounts[owner].permitNonce();
    }

    /// @inheritdoc IERC20Permit
    // solhint-disable-next-line func-name-mixedcase
    function DOMAIN_SEPARATOR() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    // ------------------------------------------------------------------ minting

    /// @notice Make `minter` a minter (if it is not yet) that may mint up to `minterAllowance_` more.
    function configureMinter(address minter, uint256 minterAllowance_) external onlyRole(MASTER_MINTER_ROLE) {
        if (minter == address(0)) revert ZeroAddress();
        if (_minters[minter] & MINTER_FLAG == 0) emit RoleGranted(MINTER_ROLE, minter, msg.sender);
        _minters[minter] = MINTER_FLAG | SafeCast.toUint128(minterAllowance_);
        emit MinterConfigured(minter, minterAllowance_);
    }

    /// @notice Take minting away from `minter` (its allowance is cleared).
    function removeMinter(address minter) external onlyRole(MASTER_MINTER_ROLE) {
        _removeMinter(minter, msg.sender);
    }

    /// @notice How much more `minter` may mint.
    function minterAllowance(address minter) external view returns (uint256) {
        return _minters[minter] & ALLOWANCE_MASK;
    }

    /// @notice Mint `amount` to `to`, spending the caller's minter allowance.
    /// @dev `to` must be verified, unexpired, not frozen, (when mints are screened) not sanctioned and
    /// (while corridors are enforced) not KYC'd in a blocked jurisdiction;
    /// not while paused; and the supply after the
    /// mint must stay within the attested reserves (after the margin) of a fresh attestation. Emits only
    /// `Transfer(0, to, amount)`: the minter is the transaction's sender (a separate Mint event would
    /// cost ~1,750 gas per mint).
    function mint(address to, uint256 amount) external {
        uint256 minter = _minters[msg.sender];
        if (minter & MINTER_FLAG == 0) revert AccessControlUnauthorizedAccount(msg.sender, MINTER_ROLE);
        uint256 config = _config;
        if (config & PAUSED_FLAG != 0) revert EnforcedPause();
        if (to == address(0)) revert ERC20InvalidReceiver(address(0));
        uint256 allowance_ = minter & ALLOWANCE_MASK;
        if (amount > allowance_) revert MinterAllowanceExceeded(msg.sender, allowance_, amount);
        uint256 supply = config & SUPPLY_MASK;
        if (amount > SUPPLY_CAP - supply) revert SupplyCapExceeded(supply, SUPPLY_CAP, amount);

        AccountWord recipient = _accounts[to];
        if (recipient.has(FROZEN)) revert AccountFrozen(to);
        if (config & SCREEN_MINT != 0) _screenOrRevert(to);
        _requireVerified(to, recipient);
        if (config & MINT_JURISDICTION_BITS > CORRIDORS_ENFORCED) {
            // corridors enforced and some jurisdiction blocked
            uint256 jurisdiction = recipient.jurisdiction();
            if (_jurisdictions[jurisdiction] & JURISDICTION_BLOCKED != 0) {
                revert JurisdictionBlocked(to, uint16(jurisdiction));
            }
        }

        _requireReserves(supply, amount);

        unchecked {
            // cannot overflow or borrow: amount <= allowance, supply + amount <= 2^128 - 1, and
            // every balance <= supply; the low 128 bits of each word absorb the change
            _minters[msg.sender] = minter - amount;
            _config = config + amount;
        }
        _accounts[to] = recipient.credit(amount);
        emit Transfer(address(0), to, amount);
    }

    /// @notice Burn `amount` of the caller's (a minter's) own tokens, e.g. after a redemption.
    function burn(uint256 amount) external {
        if (_minters[msg.sender] & MINTER_FLAG == 0) revert AccessControlUnauthorizedAccount(msg.sender, MINTER_ROLE);
        uint256 config = _config;
        if (config & PAUSED_FLAG != 0) revert EnforcedPause();
        AccountWord burner = _accounts[msg.sender];
        if (burner.has(FROZEN)) revert AccountFrozen(msg.sender);
        _requireUnfrozenBalance(msg.sender, burner, amount);
        _accounts[msg.sender] = burner.debit(amount);
        unchecked {
            _config = config - amount; // amount <= balance <= supply
        }
        emit Transfer(msg.sender, address(0), amount);
    }

    // ------------------------------------------------------------------ KYC allowlist

    /// @notice Approve (or update) `account` on the KYC allowlist.
    /// @param tier 1 retail, 2 professional, 3 institution, 4 issuer treasury
    /// @param jurisdiction ISO 3166-1 numeric country code (1-999)
    /// @param expiry time from which the verification no longer counts
    function approveAccount(address account, uint8 tier, uint16 jurisdiction, uint40 expiry)
        external
        onlyRole(KYC_OPERATOR_ROLE)
    {
        _setKyc(account, tier, jurisdiction, expiry);
    }

    /// @notice Approve (or update) many accounts at once; all or nothing.
    function approveAccounts(KycRecord[] calldata records) external onlyRole(KYC_OPERATOR_ROLE) {
        for (uint256 i = 0; i < records.length; ++i) {
            KycRecord calldata r = records[i];
            _setKyc(r.account, r.tier, r.jurisdiction, r.expiry);
        }
    }

    /// @notice Remove `account` from the allowlist; its balance stays, but it can no longer move.
    function revokeAccount(address account) external onlyRole(KYC_OPERATOR_ROLE) {
        _revokeKyc(account);
    }

    /// @notice Remove many accounts from the allowlist at once.
    function revokeAccounts(address[] calldata accounts) external onlyRole(KYC_OPERATOR_ROLE) {
        for (uint256 i = 0; i < accounts.length; ++i) {
            _revokeKyc(accounts[i]);
        }
    }

    /// @notice The KYC record of `account` (`verified` ignores expiry; see `isVerified`).
    function kycOf(address account)
        external
        view
        returns (bool verified, uint8 tier, uint16 jurisdiction, uint40 expiry)
    {
        AccountWord a = _accounts[account];
        return (a.has(VERIFIED), a.tier(), a.jurisdiction(), uint40(a.kycExpiry()));
    }

    /// @notice Whether `account` is on the allowlist and its verification has not expired.
    function isVerified(address account) external view returns (bool) {
        AccountWord a = _accounts[account];
        return a.has(VERIFIED) && block.timestamp < a.kycExpiry();
    }

    /// @notice Trust (or stop trusting) `provider` to sign KYC credentials.
    function setKycProvider(address provider, bool trusted) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (provider == address(0)) revert ZeroAddress();
        _kycProviders[provider] = trusted;
        emit KycProviderSet(provider, trusted);
    }

    /// @notice Whether `provider` may sign KYC credentials.
    function isKycProvider(address provider) external view returns (bool) {
        return _kycProviders[provider];
    }

    /// @notice The nonce the next credential for `account` must carry.
    function credentialNonces(address account) external view returns (uint256) {
        return _credentialNonces[account];
    }

    /// @notice Onboard `credential.account` with a credential signed by a trusted KYC provider.
    /// @dev Anyone may submit it. Replay (nonce), expiry (deadline), another chain or contract (EIP-712
    /// domain) and untrusted signers are refused.
    function onboardWithCredential(KycCredential calldata credential, bytes calldata signature) external {
        if (block.timestamp > credential.deadline) {
            revert CredentialExpired(credential.deadline, block.timestamp);
        }
        uint256 expected = _credentialNonces[credential.account];
        if (credential.nonce != expected) revert InvalidCredentialNonce(credential.account, expected, credential.nonce);
        bytes32 digest = _hashTypedDataV4(
            keccak256(
                abi.encode(
                    KYC_CREDENTIAL_TYPEHASH,
                    credential.account,
                    credential.tier,
                    credential.jurisdiction,
                    credential.expiry,
                    credential.nonce,
                    credential.deadline
                )
            )
        );
        address provider = ECDSA.recover(digest, signature);
        if (!_kycProviders[provider]) revert UntrustedKycProvider(provider);
        unchecked {
            _credentialNonces[credential.account] = expected + 1;
        }
        _setKyc(credential.account, credential.tier, credential.jurisdiction, credential.expiry);
        emit CredentialAccepted(credential.account, provider, credential.nonce);
    }

    // ------------------------------------------------------------------ lawful orders

    /// @notice Freeze `account`: it can no longer send, receive, approve or be approved.
    function freeze(address account, bytes32 orderRef) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireOrder(orderRef);
        _accounts[account] = _accounts[account].set(FROZEN);
        emit Frozen(account, orderRef);
    }

    /// @notice Lift the freeze on `account`.
    function unfreeze(address account, bytes32 orderRef) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireOrder(orderRef);
        _accounts[account] = _accounts[account].clear(FROZEN);
        emit Unfrozen(account, orderRef);
    }

    /// @notice Whether `account` is frozen as a whole.
    function isFrozen(address account) external view returns (bool) {
        return _accounts[account].has(FROZEN);
    }

    /// @notice Freeze `amount` more of `account`'s tokens; the rest stays spendable.
    function freezeTokens(address account, uint256 amount, bytes32 orderRef)
        external
        onlyRole(COMPLIANCE_OFFICER_ROLE)
    {
        _requireOrder(orderRef);
        uint256 balance = _accounts[account].balance();
        uint256 frozen = _frozenTokens[account];
        if (amount > balance - frozen) revert FreezeExceedsBalance(account, balance, frozen, amount);
        _setFrozenTokens(account, frozen + amount);
        emit TokensFrozen(account, amount, frozen + amount, orderRef);
    }

    /// @notice Release `amount` of `account`'s partially frozen tokens.
    function unfreezeTokens(address account, uint256 amount, bytes32 orderRef)
        external
        onlyRole(COMPLIANCE_OFFICER_ROLE)
    {
        _requireOrder(orderRef);
        uint256 frozen = _frozenTokens[account];
        if (amount > frozen) revert InsufficientFrozenBalance(account, frozen, amount);
        unchecked {
            _setFrozenTokens(account, frozen - amount);
        }
        emit TokensUnfrozen(account, amount, frozen - amount, orderRef);
    }

    /// @notice Tokens of `account` frozen by partial freezes (a whole-account freeze is `isFrozen`).
    function frozenBalanceOf(address account) external view returns (uint256) {
        return _frozenTokens[account];
    }

    /// @notice Move `amount` of `account`'s frozen funds to the seizure escrow (works while paused).
    /// @dev Seizable: the whole balance of a frozen account, else its partially frozen tokens.
    function seize(address account, uint256 amount, bytes32 orderRef) external onlyRole(COMPLIANCE_OFFICER_ROLE) {
        _requireOrder(orderRef);
        address escrow = _seizureEscrow;
        if (escrow == address(0)) revert SeizureEscrowNotSet();
        _takeFrozen(account, amount);
        _accounts[escrow] = _accounts[escrow].credit(amount); // the sum of balances is the supply
        emit Transfer(account, escrow, amount);
        emit Seized(account, escrow, amount, orderRef);
    }

    /// @notice Burn `amount` of `account`'s frozen funds (e.g. for reissue); total supply falls.
    function burnFrozen(address account, uint256 amount, bytes32 orderRef)
        external
        onlyRole(COMPLIANCE_OFFICER_ROLE)
    {
        _requireOrder(orderRef);
        _takeFrozen(account, amount);
        unchecked {
            _config -= amount; // amount <= balance <= supply
        }
        emit Transfer(account, address(0), amount);
        emit FrozenFundsBurned(account, amount, orderRef);
    }

    /// @notice Where seized funds go.
    function setSeizureEscrow(address escrow) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (escrow == address(0)) revert ZeroAddress();
        emit SeizureEscrowSet(_seizureEscrow, escrow);
        _seizureEscrow = escrow;
    }

    /// @notice The account seized funds go to.
    function seizureEscrow() external view returns (address) {
        return _seizureEscrow;
    }

    // ------------------------------------------------------------------ reserves

    /// @notice How the supply stands against the attested reserves (after the margin).
    /// @return reserves mintable reserves reported by the reserve source
    /// @return supply total supply (frozen balances included: they are still liabilities)
    /// @return headroom how much more may be minted now (0 when the attestation is stale)
    /// @return coverageBps reserves / supply in basis points (type(uint256).max when supply is 0)
    /// @return asOf when the reserves were attested
    /// @return fresh whether the attestation is within its maximum age
    function reserveCoverage()
        external
        view
        returns (uint256 reserves, uint256 supply, uint256 headroom, uint256 coverageBps, uint256 asOf, bool fresh)
    {
        supply = _config & SUPPLY_MASK;
        if (address(reserveSource) == address(0)) return (0, supply, 0, 0, 0, false);
        uint256 maxAge;
        (reserves, asOf, maxAge) = reserveSource.mintableReserves();
        fresh = maxAge == 0 || block.timestamp <= asOf + maxAge;
        headroom = fresh && reserves > supply ? reserves - supply : 0;
        coverageBps = supply == 0 ? type(uint256).max : reserves * 10_000 / supply;
    }

    // ------------------------------------------------------------------ redemption

    /// @notice Redeem `amount` at par: the tokens are burned now and a request is recorded for the
    /// treasury to pay out off-chain. Works while the token is paused; refused to frozen, unverified
    /// and (when redemptions are screened) sanctioned holders. `redemptionRef` (e.g. the holder's bank-instruction id) is emitted, not stored.
    /// @return id the request's id
    function redeem(uint256 amount, bytes32 redemptionRef) external returns (uint256 id) {
        AccountWord holder = _accounts[msg.sender];
        if (holder.has(FROZEN)) revert AccountFrozen(msg.sender);
        if (_config & SCREEN_REDEEM != 0) _screenOrRevert(msg.sender);
        _requireVerified(msg.sender, holder);
        uint256 terms = _redemptionTerms;
        uint256 minimum = terms & SUPPLY_MASK;
        if (amount == 0 || amount < minimum) revert RedemptionBelowMinimum(amount, minimum == 0 ? 1 : minimum);
        _requireUnfrozenBalance(msg.sender, holder, amount);

        _accounts[msg.sender] = holder.debit(amount);
        unchecked {
            _config -= amount; // amount <= balance <= supply
        }
        id = terms >> COUNT_SHIFT;
        _redemptionTerms = terms + COUNT_ONE;
        uint256 dueBy = block.timestamp + uint32(terms >> SLA_SHIFT);
        uint256 feeBps = uint16(terms >> FEE_SHIFT);
        _redemptions[id] = RedemptionRecord({
            head: uint256(uint160(msg.sender)) | (block.timestamp << 160),
            body: amount | (dueBy << 128) | (feeBps << 168)
        });
        emit Transfer(msg.sender, address(0), amount);
        emit RedemptionRequested(id, msg.sender, amount, amount * feeBps / 10_000, redemptionRef, dueBy);
    }





























    // ------------------------------------------------------------------ pause

    /// @notice Stop transfers, minting and burning (lawful orders and redemption paths stay open).
    function pause() external onlyRole(PAUSER_ROLE) {
        if (_config & PAUSED_FLAG != 0) revert EnforcedPause();
        _config |= PAUSED_FLAG;
        _setTokenWideRule(TierRulesLib.PAUSED, TierRulesLib.PAUSED);
        emit Paused(msg.sender);
    }

    /// @notice Resume transfers, minting and burning.
    function unpause() external onlyRole(PAUSER_ROLE) {
        if (_config & PAUSED_FLAG == 0) revert ExpectedPause();
        _config &= ~PAUSED_FLAG;
        _setTokenWideRule(TierRulesLib.PAUSED, 0);
        emit Unpaused(msg.sender);
    }

    /// @notice Whether the token is paused.
    function paused() external view returns (bool) {
        return _config & PAUSED_FLAG != 0;
    }

    // ------------------------------------------------------------------ ERC-1404

    /// @inheritdoc IERC1404
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8) {
        (uint256 verdict,,) = _restriction(from, _accounts[from], to, _accounts[to], value);
        return uint8(verdict);
    }

    /// @inheritdoc IERC1404
    function messageForTransferRestriction(uint8 restrictionCode) external pure returns (string memory) {
        if (restrictionCode == SUCCESS) return "No restriction";
        if (restrictionCode == PAUSED) return "Token is paused";
        if (restrictionCode == SENDER_FROZEN) return "Sender is frozen";
        if (restrictionCode == RECIPIENT_FROZEN) return "Recipient is frozen";
        if (restrictionCode == SENDER_NOT_VERIFIED) return "Sender is not KYC-verified";
        if (restrictionCode == RECIPIENT_NOT_VERIFIED) return "Recipient is not KYC-verified";
        if (restrictionCode == SENDER_KYC_EXPIRED) return "Sender's KYC verification has expired";
        if (restrictionCode == RECIPIENT_KYC_EXPIRED) return "Recipient's KYC verification has expired";
        if (restrictionCode == INSUFFICIENT_BALANCE) return "Sender's balance is too low";
        if (restrictionCode == INSUFFICIENT_UNFROZEN_BALANCE) return "Sender's unfrozen balance is too low";
        if (restrictionCode == INVALID_RECEIVER) return "Recipient is the zero address";
        if (restrictionCode == SENDER_SANCTIONED) return "Sender is on the sanctions list";
        if (restrictionCode == RECIPIENT_SANCTIONED) return "Recipient is on the sanctions list";
        if (restrictionCode == SANCTIONS_SCREENING_UNAVAILABLE) return "Sanctions screening is unavailable";
        if (restrictionCode == CORRIDOR_CLOSED) return "Corridor between the jurisdictions is closed";
        if (restrictionCode == TRANSFER_CAP_EXCEEDED) return "Amount exceeds the sender's per-transfer cap";
        if (restrictionCode == VOLUME_LIMIT_EXCEEDED) return "Amount exceeds the sender's rolling volume limit";
        if (restrictionCode == VELOCITY_LIMIT_EXCEEDED) return "Sender made too many transfers in the window";
        if (restrictionCode == TRAVEL_RULE_COMMITMENT_MISSING) return "Travel-rule commitment missing";
        return "Unknown restriction code";
    }

    // ------------------------------------------------------------------ roles



    /// @dev MINTER_ROLE is granted only through `configureMinter`.
    function grantRole(bytes32 role, address account) public override(AccessControlDefaultAdminRules) {
        if (role == MINTER_ROLE) revert UseMinterConfiguration();
        super.grantRole(role, account);
    }

    /// @dev MINTER_ROLE is revoked only through `removeMinter`.
    function revokeRole(bytes32 role, address account) public override(AccessControlDefaultAdminRules) {
        if (role == MINTER_ROLE) revert UseMinterConfiguration();
        super.revokeRole(role, account);
    }

    /// @dev A minter may renounce minting itself.
    function renounceRole(bytes32 role, address callerConfirmation)
        public
        override(AccessControlDefaultAdminRules)
    {
        if (role == MINTER_ROLE) {
            if (callerConfirmation != msg.sender) revert AccessControlBadConfirmation();
            _removeMinter(msg.sender, msg.sender);
            return;
        }
        super.renounceRole(role, callerConfirmation);
    }

    // ------------------------------------------------------------------ internals

    /// @dev Reads and writes both account words through slots computed once (the transfer's hot
    /// path: each `_accounts[...]` access would hash the key again).
    /// @return verdict what the caller must still do once every effect is written (see
    /// `_settleVerdict`: the external call to the registry comes last)
    function _transfer(address from, address to, uint256 value) private returns (uint256 verdict) {
        uint256 fromSlot = _accountSlot(from);
        uint256 toSlot = _accountSlot(to);
        AccountWord sender;
        AccountWord recipient;
        assembly ("memory-safe") {
            sender := sload(fromSlot)
            recipient := sload(toSlot)
        }
        AccountWord updated;
        uint256 detail;
        (verdict, updated, detail) = _restriction(from, sender, to, recipient, value);
        if (uint8(verdict) != SUCCESS) _revertWith(uint8(verdict), detail, from, sender, to, recipient, value);
        // value <= sender balance (checked), and the sum of balances is the total supply; a
        // self-transfer only advances the sender's limit clocks
        AccountWord credited = from == to ? updated : recipient.credit(value);
        updated = updated.debit(from == to ? 0 : value);
        assembly ("memory-safe") {
            sstore(fromSlot, updated)
            sstore(toSlot, credited)
        }
        emit Transfer(from, to, value);
    }

    /// @dev The rules of `account`'s tier (tiers are at most 4, so the index needs no bounds check).
    function _rulesOf(AccountWord account) private view returns (TierRules rules) {
        uint256 tier = account.tier();
        assembly ("memory-safe") {
            rules := sload(add(_tierRules.slot, tier))
        }
    }

    /// @dev The storage slot of `_accounts[account]`.
    function _accountSlot(address account) private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            mstore(0x00, account)
            mstore(0x20, _accounts.slot)
            slot := keccak256(0x00, 0x40)
        }
    }

    /// @dev The single rule order, shared by transfers and the ERC-1404 preflight.
    /// @return verdict the ERC-1404 code in the low 8 bits; for a passing transfer, what it must still
    /// do above them (consume a travel-rule commitment, report a fail-open screening)
    /// @return updated the sender's word with its limit clocks advanced
    /// @return detail the number behind a refusal (cap, available volume, retry time, threshold, or
    /// the account the oracle did not answer for)
    function _restriction(address from, AccountWord sender, address to, AccountWord recipient, uint256 value)
        private
        view
        returns (uint256 verdict, AccountWord updated, uint256 detail)
    {
        if (to == address(0)) return (INVALID_RECEIVER, sender, 0);
        TierRules rules;
        assembly ("memory-safe") {
            // _tierRules[sender.tier()]: tiers are at most 4, so no bounds check
            rules := sload(add(_tierRules.slot, and(shr(146, sender), 7)))
        }
        if (rules.has(TierRulesLib.PAUSED)) return (PAUSED, sender, 0);
        uint256 both = AccountWord.unwrap(sender) & AccountWord.unwrap(recipient);
        uint256 either = AccountWord.unwrap(sender) | AccountWord.unwrap(recipient);
        if (either & FROZEN != 0) return (sender.has(FROZEN) ? SENDER_FROZEN : RECIPIENT_FROZEN, sender, 0);
        if (rules.has(TierRulesLib.SCREEN_TRANSFERS)) {
            (verdict, detail) = _screenParties(from, to);
            if (uint8(verdict) != SUCCESS) return (verdict, sender, detail);
        }
        if (both & VERIFIED == 0) {
            if (!sender.has(VERIFIED)) return (SENDER_NOT_VERIFIED, sender, 0);
            if (block.timestamp >= sender.kycExpiry()) return (SENDER_KYC_EXPIRED, sender, 0);
            return (RECIPIENT_NOT_VERIFIED, sender, 0);
        }
        if (block.timestamp >= sender.kycExpiry()) return (SENDER_KYC_EXPIRED, sender, 0);
        if (block.timestamp >= recipient.kycExpiry()) return (RECIPIENT_KYC_EXPIRED, sender, 0);
        uint256 threshold = TierRulesLib.NO_THRESHOLD;
        if (rules.has(TierRulesLib.TRAVEL_RULE | TierRulesLib.CORRIDORS)) {
            uint256 home = rules.homeJurisdiction() << AccountWords.JURISDICTION_SHIFT;
            if (((AccountWord.unwrap(sender) ^ home) | (AccountWord.unwrap(recipient) ^ home)) & AccountWords.JURISDICTION_MASK == 0) {
                if (rules.has(TierRulesLib.TRAVEL_RULE)) threshold = rules.homeThreshold();
            } else {
                bool open;
                (open, threshold) = _jurisdictionRules(rules, sender.jurisdiction(), recipient.jurisdiction());
                if (!open) return (CORRIDOR_CLOSED, sender, 0);
            }
        }
        if (rules.has(TierRulesLib.LIMITS_MASK) && !sender.has(LIMIT_EXEMPT)) {
            uint256 code;
            (code, sender) = rules.applyLimits(sender, value, ruleUnit);
            if (code != SUCCESS) return (code, sender, 0);
        }
        if (threshold != TierRulesLib.NO_THRESHOLD) {
            unchecked {
                threshold *= ruleUnit; // < 2^64 * 10^12
            }
            if (
                value >= threshold
                    || (rules.has(TierRulesLib.TRAVEL_RULE_AGGREGATE) && _aggregateReached(rules, sender, threshold))
            ) {
                if (_commitmentOf(from, to, value) == 0) return (TRAVEL_RULE_COMMITMENT_MISSING, sender, threshold);
                verdict |= CONSUME_COMMITMENT;
            }
        }
        if (value > sender.balance()) return (INSUFFICIENT_BALANCE, sender, 0);
        if (sender.has(PARTIALLY_FROZEN) && value > sender.balance() - _frozenTokens[from]) {
            return (INSUFFICIENT_UNFROZEN_BALANCE, sender, 0);
        }
        return (verdict, sender, 0);
    }

    /// @dev Revert with the custom error that carries the numbers behind restriction `code`.
    function _revertWith(
        uint8 code,
        uint256 detail,
        address from,
        AccountWord sender,
        address to,
        AccountWord recipient,
        uint256 value
    ) private view {
        if (code == INVALID_RECEIVER) revert ERC20InvalidReceiver(to);
        if (code == PAUSED) revert EnforcedPause();
        if (code == SENDER_FROZEN) revert AccountFrozen(from);
        if (code == RECIPIENT_FROZEN) revert AccountFrozen(to);
        if (code == SENDER_SANCTIONED) revert AccountSanctioned(from, _sanctionsOracle());
        if (code == RECIPIENT_SANCTIONED) revert AccountSanctioned(to, _sanctionsOracle());
        if (code == SANCTIONS_SCREENING_UNAVAILABLE) {
            revert SanctionsScreeningUnavailable(_sanctionsOracle(), address(uint160(detail)));
        }
        if (code == SENDER_NOT_VERIFIED) revert AccountNotVerified(from);
        if (code == SENDER_KYC_EXPIRED) revert KycExpired(from, sender.kycExpiry(), block.timestamp);
        if (code == RECIPIENT_NOT_VERIFIED) revert AccountNotVerified(to);
        if (code == RECIPIENT_KYC_EXPIRED) revert KycExpired(to, recipient.kycExpiry(), block.timestamp);
        if (code == CORRIDOR_CLOSED) revert CorridorClosed(sender.jurisdiction(), recipient.jurisdiction());
        TierRules rules = _rulesOf(sender);
        if (code == TRANSFER_CAP_EXCEEDED) {
            revert TransferCapExceeded(from, sender.tier(), rules.transferCap() * ruleUnit, value);
        }
        if (code == VOLUME_LIMIT_EXCEEDED) {
            uint256 available = rules.volumeAvailable(sender, ruleUnit);
            revert VolumeLimitExceeded(from, rules.volumeLimit() * ruleUnit, rules.window(), available, value);
        }
        if (code == VELOCITY_LIMIT_EXCEEDED) {
            revert VelocityLimitExceeded(from, rules.maxTransfers(), rules.window(), rules.retryAt(sender));
        }
        if (code == TRAVEL_RULE_COMMITMENT_MISSING) {
            if (value >= detail) revert TravelRuleCommitmentMissing(from, to, value, detail);
            // reached by the sender's rolling volume with this transfer
            uint256 volume = rules.rollingVolumeAfter(sender, value, ruleUnit);
            revert TravelRuleAggregateCommitmentMissing(from, to, value, volume, detail);
        }
        if (code == INSUFFICIENT_BALANCE) revert ERC20InsufficientBalance(from, sender.balance(), value);
        revert InsufficientUnfrozenBalance(from, sender.balance() - _frozenTokens[from], value);
    }

    /// @dev The side effects a passing transfer's verdict asks for.
    function _settleVerdict(uint256 verdict, address from, address to, uint256 value) private {
        if (verdict & (SENDER_FAILED_OPEN | RECIPIENT_FAILED_OPEN) != 0) {
            address oracle = _sanctionsOracle();
            if (verdict & SENDER_FAILED_OPEN != 0) emit SanctionsScreeningFailedOpen(oracle, from);
            if (verdict & RECIPIENT_FAILED_OPEN != 0) emit SanctionsScreeningFailedOpen(oracle, to);
        }
        if (verdict & CONSUME_COMMITMENT != 0 && _travelRuleRegistry.consume(from, to, value) == 0) {
            // checked just before by `_restriction`; a registry that answers otherwise is refused
            revert TravelRuleCommitmentMissing(from, to, value, 0);
        }
    }

    /// @dev Travel-rule aggregation: whether `sender`'s rolling volume, its clock already advanced by
    /// this transfer, reaches `threshold` (senders exempt from limits are judged per payment).
    function _aggregateReached(TierRules rules, AccountWord sender, uint256 threshold) private view returns (bool) {
        return !sender.has(LIMIT_EXEMPT) && rules.rollingVolumeReaches(sender, ruleUnit, threshold);
    }

    /// @dev Corridor and travel-rule threshold for a transfer between two jurisdictions. A transfer
    /// inside the home jurisdiction reads nothing more; otherwise each foreign side's jurisdiction
    /// word, and for a cross-border transfer with corridors on, the corridor entry.
    /// @return open whether the corridor allows the transfer (always, when corridors are off)
    /// @return threshold the lower of both sides' thresholds in rule units (NO_THRESHOLD: none, or
    /// the travel rule is off)
    function _jurisdictionRules(TierRules rules, uint256 fromJurisdiction, uint256 toJurisdiction)
        private
        view
        returns (bool open, uint256 threshold)
    {
        uint256 home = rules.homeJurisdiction();
        uint256 homeThreshold = rules.homeThreshold();
        bool travel = rules.has(TierRulesLib.TRAVEL_RULE);
        uint256 fromWord = fromJurisdiction == home ? 0 : _jurisdictions[fromJurisdiction];
        uint256 toWord = toJurisdiction == fromJurisdiction
            ? fromWord
            : (toJurisdiction == home ? 0 : _jurisdictions[toJurisdiction]);
        if (rules.has(TierRulesLib.CORRIDORS)) {
            if ((fromWord | toWord) & JURISDICTION_BLOCKED != 0) return (false, 0);
            if (fromJurisdiction != toJurisdiction) {
                CorridorStatus status = _corridorStatus(fromJurisdiction, toJurisdiction);
                if (status == CorridorStatus.Denied) return (false, 0);
                if (status == CorridorStatus.Unset && !rules.has(TierRulesLib.CORRIDORS_OPEN)) return (false, 0);
            }
        }
        if (!travel) return (true, TierRulesLib.NO_THRESHOLD);
        uint256 fromThreshold = fromWord & HAS_THRESHOLD != 0 ? uint64(fromWord >> THRESHOLD_SHIFT) : homeThreshold;
        uint256 toThreshold = toWord & HAS_THRESHOLD != 0 ? uint64(toWord >> THRESHOLD_SHIFT) : homeThreshold;
        return (true, fromThreshold < toThreshold ? fromThreshold : toThreshold);
    }


    /// @dev Screen both parties. Returns SUCCESS (with fail-open bits) or the refusal code; for an
    /// oracle that did not answer and fails closed, `account` is the party it did not answer for.
    function _screenParties(address from, address to) private view returns (uint256 verdict, uint256 account) {
        uint256 config = _sanctions;
        address oracle = address(uint160(config));
        uint256 answer = _isSanctioned(oracle, from);
        if (answer == 1) return (SENDER_SANCTIONED, 0);
        if (answer == 2) {
            if (config & FAIL_OPEN == 0) return (SANCTIONS_SCREENING_UNAVAILABLE, uint160(from));
            verdict = SENDER_FAILED_OPEN;
        }
        answer = _isSanctioned(oracle, to);
        if (answer == 1) return (RECIPIENT_SANCTIONED, 0);
        if (answer == 2) {
            if (config & FAIL_OPEN == 0) return (SANCTIONS_SCREENING_UNAVAILABLE, uint160(to));
            verdict |= RECIPIENT_FAILED_OPEN;
        }
    }

    /// @dev Screen `account` (spender, mint recipient, redeemer): revert if sanctioned, or if the
    /// oracle does not answer and screening fails closed; report a fail-open.
    function _screenOrRevert(address account) private {
        uint256 config = _sanctions;
        address oracle = address(uint160(config));
        uint256 answer = _isSanctioned(oracle, account);
        if (answer == 1) revert AccountSanctioned(account, oracle);
        if (answer == 2) {
            if (config & FAIL_OPEN == 0) revert SanctionsScreeningUnavailable(oracle, account);
            emit SanctionsScreeningFailedOpen(oracle, account);
        }
    }

    /// @dev `oracle.isSanctioned(account)`: 0 no, 1 yes, 2 no answer (reverted, or not one word).
    function _isSanctioned(address oracle, address account) private view returns (uint256 answer) {
        bytes4 selector = ISanctionsOracle.isSanctioned.selector;
        assembly ("memory-safe") {
            let ptr := mload(0x40) // scratch space past the free-memory pointer; not kept
            mstore(ptr, selector)
            mstore(add(ptr, 4), account)
            let ok := staticcall(gas(), oracle, ptr, 0x24, ptr, 0x20)
            switch and(ok, iszero(lt(returndatasize(), 0x20)))
            case 0 { answer := 2 }
            default { answer := iszero(iszero(mload(ptr))) }
        }
    }

    function _sanctionsOracle() private view returns (address) {
        return address(uint160(_sanctions));
    }

    function _commitmentOf(address from, address to, uint256 value) private view returns (bytes32) {
        ITravelRuleRegistry registry = _travelRuleRegistry;
        if (address(registry) == address(0)) return 0;
        return registry.commitmentOf(address(this), from, to, value);
    }

    function _spendAllowance(address owner, address spender, uint256 value) private {
        uint256 current = _allowances[owner][spender];
        if (current != type(uint256).max) {
            if (current < value) revert ERC20InsufficientAllowance(spender, current, value);
            unchecked {
                _allowances[owner][spender] = current - value;
            }
        }
    }

    function _setAllowance(address owner, address spender, uint256 value) private {
        if (owner == address(0)) revert ERC20InvalidApprover(address(0));
        if (spender == address(0)) revert ERC20InvalidSpender(address(0));
        _allowances[owner][spender] = value;
        emit Approval(owner, spender, value);
    }

    function _permitDigest(address owner, address spender, uint256 value, uint256 deadline)
        private
        view
        returns (bytes32)
    {
        if (block.timestamp > deadline) revert ERC2612ExpiredSignature(deadline);
        uint256 nonce = _accounts[owner].permitNonce();
        return _hashTypedDataV4(keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, nonce, deadline)));
    }

    function _approveByPermit(address owner, address spender, uint256 value) private {
        AccountWord account = _accounts[owner];
        _requireApprovable(owner, account, spender);
        _accounts[owner] = account.withNextPermitNonce();
        _setAllowance(owner, spender, value);
    }

    /// @dev Approvals: owner and spender not frozen; when transfers are screened (every tier's
    /// word carries the switch; the owner's is read), neither sanctioned.
    function _requireApprovable(address owner, AccountWord ownerWord, address spender) private {
        if (ownerWord.has(FROZEN)) revert AccountFrozen(owner);
        _requireNotFrozen(spender);
        if (_rulesOf(ownerWord).has(TierRulesLib.SCREEN_TRANSFERS)) {
            _screenOrRevert(owner);
            _screenOrRevert(spender);
        }
    }

    function _setKyc(address account, uint8 tier, uint16 jurisdiction, uint40 expiry) private {
        if (account == address(0)) revert ZeroAddress();
        if (tier == 0 || tier > TIER_ISSUER_TREASURY) revert InvalidKycTier(tier);
        if (jurisdiction == 0 || jurisdiction > 999) revert InvalidJurisdiction(jurisdiction);
        if (expiry <= block.timestamp || expiry > type(uint32).max) revert InvalidKycExpiry(expiry, block.timestamp);
        _accounts[account] = _accounts[account].withKyc(tier, jurisdiction, expiry);
        emit AccountVerified(account, tier, jurisdiction, expiry);
    }

    function _revokeKyc(address account) private {
        _accounts[account] = _accounts[account].withoutKyc();
        emit AccountRevoked(account);
    }

    function _removeMinter(address minter, address sender) private {
        if (_minters[minter] & MINTER_FLAG != 0) {
            delete _minters[minter];
            emit RoleRevoked(MINTER_ROLE, minter, sender);
            emit MinterRemoved(minter);
        }
    }

    /// @dev Take `amount` of frozen funds out of `account`, consuming partially frozen tokens first.
    function _takeFrozen(address account, uint256 amount) private {
        AccountWord a = _accounts[account];
        uint256 frozen = _frozenTokens[account];
        uint256 seizable = a.has(FROZEN) ? a.balance() : frozen;
        if (amount > seizable) revert InsufficientFrozenBalance(account, seizable, amount);
        _accounts[account] = a.debit(amount);
        if (frozen != 0) _setFrozenTokens(account, frozen > amount ? frozen - amount : 0);
    }

    function _setFrozenTokens(address account, uint256 amount) private {
        _frozenTokens[account] = amount;
        AccountWord a = _accounts[account];
        _accounts[account] = amount == 0 ? a.clear(PARTIALLY_FROZEN) : a.set(PARTIALLY_FROZEN);
    }

    /// @dev Secure mint: the attestation must be fresh and cover the supply after the mint.
    function _requireReserves(uint256 supply, uint256 amount) private view {
        IReserveSource source = reserveSource;
        if (address(source) == address(0)) return;
        (uint256 reserves, uint256 asOf, uint256 maxAge) = _mintableReserves(source);
        if (maxAge != 0 && block.timestamp > asOf + maxAge) revert ReservesStale(asOf, maxAge, block.timestamp);
        if (supply + amount > reserves) revert InsufficientReserves(supply, amount, reserves);
    }

    /// @dev `source.mintableReserves()` as a bare STATICCALL: this runs on every mint, and the
    /// high-level call's encoding and decoding cost ~300 gas more. A failing source's revert data is
    /// passed through unchanged; an answer shorter than three words is refused.
    function _mintableReserves(IReserveSource source)
        private
        view
        returns (uint256 reserves, uint256 asOf, uint256 maxAge)
    {
        bytes4 selector = IReserveSource.mintableReserves.selector;
        bool answered;
        assembly ("memory-safe") {
            let ptr := mload(0x40) // scratch space past the free-memory pointer; not kept
            mstore(ptr, selector)
            let ok := staticcall(gas(), source, ptr, 4, ptr, 0x60)
            if iszero(ok) {
                returndatacopy(ptr, 0, returndatasize())
                revert(ptr, returndatasize())
            }
            answered := iszero(lt(returndatasize(), 0x60))
            reserves := mload(ptr)
            asOf := mload(add(ptr, 0x20))
            maxAge := mload(add(ptr, 0x40))
        }
        if (!answered) revert InvalidReserveSource(address(source));
    }

    function _requireVerified(address account, AccountWord a) private view {
        if (!a.has(VERIFIED)) revert AccountNotVerified(account);
        if (block.timestamp >= a.kycExpiry()) revert KycExpired(account, a.kycExpiry(), block.timestamp);
    }

    function _requireUnfrozenBalance(address account, AccountWord a, uint256 value) private view {
        if (value > a.balance()) revert ERC20InsufficientBalance(account, a.balance(), value);
        if (a.has(PARTIALLY_FROZEN)) {
            uint256 available = a.balance() - _frozenTokens[account];
            if (value > available) revert InsufficientUnfrozenBalance(account, available, value);
        }
    }

    function _requireNotFrozen(address account) private view {
        if (_accounts[account].has(FROZEN)) revert AccountFrozen(account);
    }

    function _requireOrder(bytes32 orderRef) private pure {
        if (orderRef == bytes32(0)) revert MissingOrderReference();
    }






}
