using CmkAudit.Model.Input;
using CmkAudit.Model.Resources;

namespace CmkAudit.Model;

/// <summary>Where and when a snapshot was collected, and whether some scopes or keys could not be read.</summary>
public sealed record CollectionInfo(string File, string? Cloud, string? StartedAt, IReadOnlyList<string> Subscriptions, IReadOnlyList<string> ManagementGroups, bool Partial);

/// <summary>Everything read from the input, typed, before any link is resolved.</summary>
public sealed class Estate
{
    public List<Registry> Registries { get; } = [];
    public List<Vault> Vaults { get; } = [];
    public List<VaultKey> Keys { get; } = [];
    public List<KeyVersion> KeyVersions { get; } = [];
    public List<UserAssignedIdentity> Identities { get; } = [];
    public List<IdentityHolder> IdentityHolders { get; } = [];
    public List<RoleAssignment> RoleAssignments { get; } = [];
    public List<RoleDefinition> RoleDefinitions { get; } = [];
    public List<SubscriptionContainer> Subscriptions { get; } = [];
    public List<RegistryTask> RegistryTasks { get; } = [];
    public List<Diagnostic> Diagnostics { get; } = [];

    /// <summary>The collections the input came from (CmkAudit snapshots), with what each could not read.</summary>
    public List<CollectionInfo> Collections { get; } = [];

    /// <summary>Registries whose ACR Tasks a collection listed: for them, no task document means no tasks.</summary>
    public HashSet<string> TasksCollectedFor { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keys ARM answered 404 for during collection: they do not exist (any more).</summary>
    public HashSet<string> AbsentKeys { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Documents of types CmkAudit does not use, counted by lower-case type.</summary>
    public SortedDictionary<string, long> IgnoredByType { get; } = new(StringComparer.Ordinal);

    public List<string> FilesRead { get; } = [];

    /// <summary>Tenant ids seen in the input (vaults, identities), so shared reports can mask them.</summary>
    public HashSet<string> TenantIds { get; } = new(StringComparer.OrdinalIgnoreCase);

    public long DocumentsRead { get; internal set; }

    /// <summary>SHA-256 over the bytes of every input file in the order read: what an auditor cites to pin the evidence.</summary>
    public string InputDigest { get; internal set; } = "";

    public long DuplicatesSkipped { get; internal set; }

    public bool HasErrors => Diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error);
}
