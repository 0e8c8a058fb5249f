using CmkAudit.Model.Resources;

namespace CmkAudit.Model.Graph;

public enum IdentityKind
{
    UserAssigned,
    SystemAssigned,
}

/// <summary>
/// The identity a registry uses to reach its key. keyVaultProperties.identity holds a client id; it is matched
/// to the registry's user-assigned identities, then to identity documents in the input, else read as the system identity.
/// </summary>
public sealed record EncryptionIdentity(
    IdentityKind Kind,
    string? ResourceId,
    string? ClientId,
    string? PrincipalId,
    bool AssignedToRegistry,
    string Explanation);

/// <summary>A link of a registry's key chain that the input does not let CmkAudit resolve.</summary>
public sealed record UnresolvedLink(string RegistryId, string Link, string Reason);

/// <summary>
/// A registry's resolved customer-managed-key chain: registry → identity → key URI → vault → key → versions.
/// A null member is a link that could not be resolved; <see cref="Gaps"/> says why.
/// </summary>
public sealed record CmkChain(
    Registry Registry,
    EncryptionIdentity? Identity,
    KeyUri? KeyUri,
    Vault? Vault,
    VaultKey? Key,
    IReadOnlyList<KeyVersion> KeyVersions,
    IReadOnlyList<UnresolvedLink> Gaps)
{
    /// <summary>The ARM id of the key when the vault is known, else the key URI: the subject of key rules.</summary>
    public string? KeySubjectId => Key?.Id ?? (Vault is not null && KeyUri is not null ? $"{Vault.Id}/keys/{KeyUri.KeyName}" : KeyUri?.VersionlessUri);

    /// <summary>The ARM id of the vault when known, else https://{host}/: the subject of vault rules.</summary>
    public string? VaultSubjectId => Vault?.Id ?? (KeyUri is null ? null : $"https://{KeyUri.Host}/");

    /// <summary>The key version the registry encrypts with: versionedKeyIdentifier, else the version in keyIdentifier.</summary>
    public string? VersionInUse =>
        Model.KeyUri.TryParse(Registry.Encryption?.VersionedKeyIdentifier)?.Version ?? KeyUri?.Version;
}
