// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/// @title ERC-1404: Simple Restricted Token Standard
/// @notice A transfer's outcome, predicted: 0 means it would succeed.
interface IERC1404 {
    /// @notice The restriction code a `transfer(from → to, value)` would hit now (0 = none).
    function detectTransferRestriction(address from, address to, uint256 value) external view returns (uint8);

    /// @notice A human-readable explanation of `restrictionCode`.
    function messageForTransferRestriction(uint8 restrictionCode) external view returns (string memory);
}

/// @title Types of the ComplianceStablecoin
interface IComplianceStablecoinTypes {
    /// @notice One KYC tier's outgoing limits (amounts in base units; 0 switches a limit off).
    /// @param transferCap most a single transfer may move
    /// @param volumeLimit most that may leave an account per rolling `window`
    /// @param window seconds of the rolling window (shared by the volume and count limits)
    /// @param maxTransfers most outgoing transfers per rolling `window`
    struct TierLimits {
        uint256 transferCap;
        uint256 volumeLimit;
        uint256 window;
        uint256 maxTransfers;
    }

    /// @notice A cross-border corridor's entry: `Unset` follows the default (open or closed).
    enum CorridorStatus {
        Unset,
        Allowed,
        Denied
    }

    /// @notice Where the sanctions oracle is consulted, and what happens when it does not answer.
    struct SanctionsScreening {
        address oracle;
        bool onMint;
        bool onRedeem;
        bool onTransfer;
        bool failOpen;
    }
}

/// @title Errors of the ComplianceStablecoin
/// @notice Every refusal names the account and carries the numbers an operator needs.
/// ERC-20 failures use OpenZeppelin's ERC-6093 errors (`ERC20InsufficientBalance`, ...),
/// missing roles `AccessControlUnauthorizedAccount(account, role)`, pause `EnforcedPause()`.
interface IComplianceStablecoinErrors {
    /// @dev `account` is frozen (by a lawful order) and may not send, receive, approve or be approved.
    error AccountFrozen(address account);
    /// @dev `account` is not on the KYC allowlist.
    error AccountNotVerified(address account);
    /// @dev `account`'s KYC verification expired at `expiredAt` (now is `currentTime`).
    error KycExpired(address account, uint256 expiredAt, uint256 currentTime);
    /// @dev `account` has `available` unfrozen tokens and tried to move `needed`.
    error InsufficientUnfrozenBalance(address account, uint256 available, uint256 needed);
    /// @dev `minter` may mint at most `allowance` more and tried `needed`.
    error MinterAllowanceExceeded(address minter, uint256 allowance, uint256 needed);
    /// @dev The KYC tier is not one of the defined tiers (1 = retail ... 4 = issuer treasury).
    error InvalidKycTier(uint8 tier);
    /// @dev The jurisdiction is not an ISO 3166-1 numeric code (1-999).
    error InvalidJurisdiction(uint16 jurisdiction);
    /// @dev A KYC expiry must lie in the future and before 2106 (32-bit time): `expiry` is not after
    /// `currentTime`, or does not fit in 32 bits.
    error InvalidKycExpiry(uint256 expiry, uint256 currentTime);
    /// @dev The token's decimals must not exceed `maxDecimals`.
    error InvalidDecimals(uint8 decimals, uint8 maxDecimals);
    /// @dev The credential's signer is not a trusted KYC provider.
    error UntrustedKycProvider(address signer);
    /// @dev The credential could only be submitted until `deadline`.
    error CredentialExpired(uint256 deadline, uint256 currentTime);
    /// @dev The credential's nonce is not the account's next credential nonce (`expected`).
    error InvalidCredentialNonce(address account, uint256 expected, uint256 given);
    /// @dev Minting `needed` would take the supply past what the packed balance word can hold.
    error SupplyCapExceeded(uint256 supply, uint256 cap, uint256 needed);
    /// @dev `account` holds `frozen` frozen tokens; the order asked for `requested`.
    error InsufficientFrozenBalance(address account, uint256 frozen, uint256 requested);
    /// @dev Freezing `requested` more would freeze beyond the `balance` (already frozen: `frozen`).
    error FreezeExceedsBalance(address account, uint256 balance, uint256 frozen, uint256 requested);
    /// @dev Lawful-order actions need a non-zero order reference.
    error MissingOrderReference();
    /// @dev No seizure escrow is configured.
    error SeizureEscrowNotSet();
    /// @dev The address may not be the zero address here.
    error ZeroAddress();
    /// @dev Minter status is managed with `configureMinter` / `removeMinter`.
    error UseMinterConfiguration();
    /// @dev Minting `amount` onto `supply` would exceed the attested `reserves` (after the margin).
    error InsufficientReserves(uint256 supply, uint256 amount, uint256 reserves);
    /// @dev The reserve attestation of `asOf` is older than `maxAge` seconds at `currentTime`.
    error ReservesStale(uint256 asOf, uint256 maxAge, uint256 currentTime);
    /// @dev The reserve source at `source` did not answer `mintableReserves()` with three words.
    error InvalidReserveSource(address source);
    /// @dev A redemption of `amount` is below the `minimum`.
    error RedemptionBelowMinimum(uint256 amount, uint256 minimum);
    /// @dev No redemption request has id `id`.
    error UnknownRedemption(uint256 id);
    /// @dev Redemption `id` was already fulfilled at `fulfilledAt`.
    error RedemptionAlreadyFulfilled(uint256 id, uint256 fulfilledAt);
    /// @dev The redemption fee is locked at `feeBps`.
    error RedemptionFeeFixed(uint256 feeBps);
    /// @dev A fee of `feeBps` exceeds `maxBps`.
    error InvalidRedemptionFee(uint256 feeBps, uint256 maxBps);
    /// @dev The smart-wallet `owner` (ERC-1271) did not accept the permit signature.
    error InvalidSmartWalletSignature(address owner);

    // ---------------------------------------------------------------- AML transfer rules

    /// @dev The sanctions oracle lists `account`.
    error AccountSanctioned(address account, address oracle);
    /// @dev The sanctions oracle did not answer for `account`, and screening fails closed.
    error SanctionsScreeningUnavailable(address oracle, address account);
    /// @dev Transfers from jurisdiction `fromJurisdiction` to `toJurisdiction` are not allowed.
    error CorridorClosed(uint16 fromJurisdiction, uint16 toJurisdiction);
    /// @dev `account` (KYC tier `tier`) may send at most `cap` per transfer and tried `attempted`.
    error TransferCapExceeded(address account, uint8 tier, uint256 cap, uint256 attempted);
    /// @dev `account` may send `limit` per `window` seconds (rolling); `available` remains now.
    error VolumeLimitExceeded(address account, uint256 limit, uint256 window, uint256 available, uint256 attempted);
    /// @dev `account` may make `maxTransfers` transfers per `window` seconds; the next one may go at `retryAt`.
    error VelocityLimitExceeded(address account, uint256 maxTransfers, uint256 window, uint256 retryAt);
    /// @dev A transfer of `amount` from `from` to `to` is at or above the travel-rule `threshold` and no
    /// VASP registered a commitment for it.
    error TravelRuleCommitmentMissing(address from, address to, uint256 amount, uint256 threshold);
    /// @dev With travel-rule aggregation on: `amount` is below the `threshold`, but `from`'s rolling
    /// volume with it, `rollingVolume`, is not, and no VASP registered a commitment for the transfer.
    error TravelRuleAggregateCommitmentMissing(
        address from, address to, uint256 amount, uint256 rollingVolume, uint256 threshold
    );
    /// @dev `amount` is not a rule amount: a multiple of `unit` base units, at most `maxAmount`.
    error InvalidRuleAmount(uint256 amount, uint256 unit, uint256 maxAmount);
    /// @dev A limit window must be between `minWindow` and `maxWindow` seconds and at least
    /// `maxTransfers` seconds (one per transfer).
    error InvalidLimitWindow(uint256 window, uint256 minWindow, uint256 maxWindow, uint256 maxTransfers);
    /// @dev The home jurisdiction cannot be blocked (pause the token instead).
    error HomeJurisdictionBlocked(uint16 jurisdiction);
    /// @dev `account` is KYC'd in `jurisdiction`, which is blocked: no tokens are issued to it.
    error JurisdictionBlocked(address account, uint16 jurisdiction);
    /// @dev The contract at `target` is required here and has no code.
    error NotAContract(address target);
    /// @dev The travel rule needs a commitment registry (`setTravelRuleRegistry`).
    error TravelRuleRegistryNotSet();
}

/// @title Events of the ComplianceStablecoin
interface IComplianceStablecoinEvents {
    /// @notice `account` was approved (or updated) on the KYC allowlist.
    event AccountVerified(address indexed account, uint8 tier, uint16 jurisdiction, uint40 expiry);
    /// @notice `account` was removed from the KYC allowlist.
    event AccountRevoked(address indexed account);
    /// @notice `account` onboarded itself with a credential signed by `provider`.
    event CredentialAccepted(address indexed account, address indexed provider, uint256 nonce);
    /// @notice `provider` is now trusted (or no longer) to sign KYC credentials.
    event KycProviderSet(address indexed provider, bool trusted);
    /// @notice `minter` may mint up to `allowance` more.
    event MinterConfigured(address indexed minter, uint256 allowance);
    /// @notice `minter` may no longer mint.
    event MinterRemoved(address indexed minter);
    /// @notice `account` was frozen under the lawful order `orderRef`.
    event Frozen(address indexed account, bytes32 orderRef);
    /// @notice `account` was unfrozen under `orderRef`.
    event Unfrozen(address indexed account, bytes32 orderRef);
    /// @notice `amount` of `account`'s tokens were frozen (now `totalFrozen` in all) under `orderRef`.
    event TokensFrozen(address indexed account, uint256 amount, uint256 totalFrozen, bytes32 orderRef);
    /// @notice `amount` of `account`'s tokens were unfrozen (now `totalFrozen` in all) under `orderRef`.
    event TokensUnfrozen(address indexed account, uint256 amount, uint256 totalFrozen, bytes32 orderRef);
    /// @notice `amount` of frozen funds moved from `account` to the seizure `escrow` under `orderRef`.
    event Seized(address indexed account, address indexed escrow, uint256 amount, bytes32 orderRef);
    /// @notice `amount` of `account`'s frozen funds were burned under `orderRef`.
    event FrozenFundsBurned(address indexed account, uint256 amount, bytes32 orderRef);
    /// @notice `redeemer` asked to redeem `amount` (request `id`, fee `fee`), due by `dueBy`.
    event RedemptionRequested(
        uint256 indexed id, address indexed redeemer, uint256 amount, uint256 fee, bytes32 redemptionRef, uint256 dueBy
    );
    /// @notice Redemption `id` was paid out (`paymentRef`); `late` if after its due time.
    event RedemptionFulfilled(uint256 indexed id, bytes32 paymentRef, bool late);
    /// @notice Redemption `id`, due by `dueBy`, was fulfilled late at `fulfilledAt`.
    event RedemptionFulfilledLate(uint256 indexed id, uint256 dueBy, uint256 fulfilledAt);
    /// @notice The minimum redemption changed from `previous` to `minimum`.
    event MinimumRedemptionSet(uint256 previous, uint256 minimum);
    /// @notice The redemption SLA changed from `previous` to `slaSeconds`.
    event RedemptionSlaSet(uint256 previous, uint256 slaSeconds);
    /// @notice The redemption fee changed from `previous` to `feeBps`.
    event RedemptionFeeSet(uint256 previous, uint256 feeBps);
    /// @notice The redemption fee is fixed at `feeBps` for good.
    event RedemptionFeeLocked(uint256 feeBps);
    /// @notice Seized funds now go to `escrow` (was `previousEscrow`).
    event SeizureEscrowSet(address indexed previousEscrow, address indexed escrow);

    // ---------------------------------------------------------------- AML transfer rules

    /// @notice KYC tier `tier`'s limits changed from `previous` to `limits`.
    event TierLimitsSet(uint8 indexed tier, IComplianceStablecoinTypes.TierLimits previous, IComplianceStablecoinTypes.TierLimits limits);
    /// @notice The travel rule was switched on or off.
    event TravelRuleSet(bool previousEnabled, bool enabled);
    /// @notice Travel-rule aggregation (the threshold also applies to the rolling volume) was
    /// switched on or off.
    event TravelRuleAggregationSet(bool previousEnabled, bool enabled);
    /// @notice Commitments are now looked up in `registry` (was `previousRegistry`).
    event TravelRuleRegistrySet(address indexed previousRegistry, address indexed registry);
    /// @notice The home jurisdiction changed from `previous` to `jurisdiction`.
    event HomeJurisdictionSet(uint16 previous, uint16 jurisdiction);
    /// @notice `jurisdiction`'s travel-rule threshold changed (type(uint256).max: none of its own).
    event TravelRuleThresholdSet(uint16 indexed jurisdiction, uint256 previous, uint256 threshold);
    /// @notice Corridor enforcement and its default for pairs without an entry changed.
    event CorridorRulesSet(bool previousEnabled, bool previousOpenByDefault, bool enabled, bool openByDefault);
    /// @notice The corridor `fromJurisdiction` → `toJurisdiction` changed from `previous` to `status`.
    event CorridorSet(
        uint16 indexed fromJurisdiction,
        uint16 indexed toJurisdiction,
        IComplianceStablecoinTypes.CorridorStatus previous,
        IComplianceStablecoinTypes.CorridorStatus status
    );
    /// @notice Every transfer to or from `jurisdiction` is now blocked (or no longer).
    event JurisdictionBlockedSet(uint16 indexed jurisdiction, bool previous, bool blocked);
    /// @notice Sanctions screening changed from `previous` to `screening`.
    event SanctionsScreeningSet(
        IComplianceStablecoinTypes.SanctionsScreening previous, IComplianceStablecoinTypes.SanctionsScreening screening
    );
    /// @notice The sanctions oracle did not answer for `account`; screening failed open.
    event SanctionsScreeningFailedOpen(address indexed oracle, address indexed account);
    /// @notice `account` is now exempt from the volume limits (cap, rolling volume, count), or no longer.
    event LimitExemptionSet(address indexed account, bool previous, bool exempt);
}
