namespace CmkAudit.Model.Resources;

/// <summary>What every ARM document carries, plus where it was read from.</summary>
public sealed record ResourceHeader(string Id, string Type, string Name, IReadOnlyDictionary<string, string> Tags, string SourceFile)
{
    public string? SubscriptionId => ArmId.SubscriptionOf(Id);

    public string? ResourceGroup => ArmId.ResourceGroupOf(Id);
}

/// <summary>A user-assigned identity as listed in a resource's identity.userAssignedIdentities map.</summary>
public sealed record AttachedIdentity(string ResourceId, string? PrincipalId, string? ClientId);

/// <summary>The identity block of a resource. <see cref="Type"/> is e.g. "SystemAssigned, UserAssigned" in any case.</summary>
public sealed record IdentityBlock(string? Type, string? SystemPrincipalId, IReadOnlyList<AttachedIdentity> UserAssigned)
{
    public bool HasSystemAssigned =>
        SystemPrincipalId is not null
        || (Type ?? "").Split(',', StringSplitOptions.TrimEntries).Any(t => t.Equals("SystemAssigned", StringComparison.OrdinalIgnoreCase));
}

public sealed record RegistryEncryption(
    string? Status,
    string? KeyIdentifier,
    string? VersionedKeyIdentifier,
    string? IdentityClientId,
    bool? KeyRotationEnabled,
    string? LastKeyRotationTimestamp)
{
    public bool IsEnabled => string.Equals(Status, "enabled", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Microsoft.ContainerRegistry/registries. Null members were absent from the document.</summary>
public sealed record Registry(
    ResourceHeader Header,
    bool HasProperties,
    string? SkuName,
    string? ProvisioningState,
    IdentityBlock? Identity,
    RegistryEncryption? Encryption,
    bool HasPolicies,
    string? TrustPolicyStatus)
{
    public string Id => Header.Id;

    public bool IsProvisioned => ProvisioningState is null || ProvisioningState.Equals("Succeeded", StringComparison.OrdinalIgnoreCase);
}

public sealed record NetworkAcls(string? DefaultAction, string? Bypass);

public sealed record AccessPolicy(string? TenantId, string ObjectId, string? ApplicationId, IReadOnlyList<string> KeyPermissions, IReadOnlyList<string> OtherPermissions)
{
    /// <summary>An entry with an applicationId is a compound identity: it grants the app acting for the object, not the object alone.</summary>
    public bool IsCompound => !string.IsNullOrWhiteSpace(ApplicationId);
}

/// <summary>Microsoft.KeyVault/vaults or Microsoft.KeyVault/managedHSMs.</summary>
public sealed record Vault(
    ResourceHeader Header,
    bool IsManagedHsm,
    string? Uri,
    bool? EnableSoftDelete,
    bool? EnablePurgeProtection,
    bool? EnableRbacAuthorization,
    NetworkAcls? NetworkAcls,
    string? PublicNetworkAccess,
    IReadOnlyList<AccessPolicy>? AccessPolicies)
{
    public string Id => Header.Id;

    public string? Host => KeyUri.HostOf(Uri);

    /// <summary>RBAC when enableRbacAuthorization is true; absent means access policies (the default before api 2026-02-01).</summary>
    public bool UsesRbac => IsManagedHsm || EnableRbacAuthorization == true;

    /// <summary>The data plane is closed to the internet: the firewall denies by default or public access is off.</summary>
    public bool IsFirewalled =>
        string.Equals(NetworkAcls?.DefaultAction, "Deny", StringComparison.OrdinalIgnoreCase)
        || string.Equals(PublicNetworkAccess, "Disabled", StringComparison.OrdinalIgnoreCase);
}

/// <summary>Key attributes in Unix seconds, as ARM returns them.</summary>
public sealed record KeyAttributes(bool? Enabled, long? NotBefore, long? Expires, long? Created, long? Updated);

public sealed record LifetimeAction(string ActionType, string? TimeAfterCreate, string? TimeBeforeExpiry);

public sealed record RotationPolicy(string? ExpiryTime, IReadOnlyList<LifetimeAction> LifetimeActions);

/// <summary>Microsoft.KeyVault/vaults/keys or managedHSMs/keys.</summary>
public sealed record VaultKey(
    ResourceHeader Header,
    string VaultId,
    string? Kty,
    int? KeySize,
    KeyAttributes? Attributes,
    string? KeyUri,
    string? KeyUriWithVersion,
    RotationPolicy? RotationPolicy)
{
    public string Id => Header.Id;

    /// <summary>
    /// Keys_List returns only attributes and URIs (no kty, no rotation policy), so a document without kty
    /// cannot tell us that a rotation policy is missing.
    /// </summary>
    public bool IsFullDocument => Kty is not null;

    public string? CurrentVersion => Model.KeyUri.TryParse(KeyUriWithVersion)?.Version;
}

/// <summary>Microsoft.KeyVault/vaults/keys/versions.</summary>
public sealed record KeyVersion(ResourceHeader Header, string KeyId, string Version, KeyAttributes? Attributes);

/// <summary>Microsoft.ManagedIdentity/userAssignedIdentities.</summary>
public sealed record UserAssignedIdentity(ResourceHeader Header, string? PrincipalId, string? ClientId)
{
    public string Id => Header.Id;
}

/// <summary>A resource that holds user-assigned identities (used only to know which identities are attached).</summary>
public sealed record IdentityHolder(string ResourceId, string ResourceType, IReadOnlyList<string> UserAssignedIdentityIds);

/// <summary>Microsoft.Authorization/roleAssignments; <see cref="RoleDefinitionGuid"/> is the trailing GUID of roleDefinitionId.</summary>
public sealed record RoleAssignment(string Id, string Scope, string PrincipalId, string RoleDefinitionGuid, string? PrincipalType, string? Condition, string SourceFile);

public sealed record RolePermission(IReadOnlyList<string> Actions, IReadOnlyList<string> NotActions, IReadOnlyList<string> DataActions, IReadOnlyList<string> NotDataActions);

/// <summary>Microsoft.Authorization/roleDefinitions, from input or from the built-in table.</summary>
public sealed record RoleDefinition(string Guid, string RoleName, bool IsBuiltIn, IReadOnlyList<RolePermission> Permissions);

/// <summary>A subscription from Resource Graph's resourcecontainers, for its management-group chain.</summary>
public sealed record SubscriptionContainer(string SubscriptionId, IReadOnlyList<string> ManagementGroupNames);

/// <summary>Microsoft.ContainerRegistry/registries/tasks: only whether a registry runs ACR Tasks matters.</summary>
public sealed record RegistryTask(string Id, string RegistryId);
