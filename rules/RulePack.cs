using CmkAudit.Engine;

namespace CmkAudit.Rules;

/// <summary>The rule catalogue, in id order. A new rule is a folder with its code, doc page and fixtures, added here.</summary>
public static class RulePack
{
    public static IReadOnlyList<Rule> All { get; } =
    [
        new RegistryCustomerManagedKey(),
        new RegistryPremiumSku(),
        new EncryptionIdentityAssigned(),
        new FirewalledVaultUsesSystemIdentity(),
        new ContentTrustConflict(),
        new TaskLogRetention(),
        new KeyAutoRotation(),
        new KeyVersionCurrent(),
        new VaultSoftDelete(),
        new VaultPurgeProtection(),
        new VaultTrustedServicesBypass(),
        new KeyUsable(),
        new KeyTypeSupported(),
        new KeyExpiry(),
        new KeyRotationPolicy(),
        new EncryptionIdentityKeyAccess(),
        new GrantInIgnoredPermissionModel(),
        new EncryptionIdentityLeastPrivilege(),
        new OrphanedIdentityWithKeyAccess(),
    ];

    /// <summary>The pack with its doc pages and fix templates, as the report needs it.</summary>
    public static RuleCatalog Catalog { get; } = new(All, DocPage, FixTemplate);

    public static Rule? Find(string id) =>
        All.FirstOrDefault(r => r.Descriptor.Id.Equals(id, StringComparison.OrdinalIgnoreCase));

    /// <summary>The rule's fix template (Scriban), or null when the rule has none.</summary>
    public static string? FixTemplate(RuleDescriptor rule)
    {
        using var stream = typeof(RulePack).Assembly.GetManifestResourceStream($"{rule.Id}.fix.scriban");
        if (stream is null)
        {
            return null;
        }
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }

    /// <summary>The rule's doc page (markdown), shipped inside this assembly.</summary>
    public static string DocPage(RuleDescriptor rule)
    {
        using var stream = typeof(RulePack).Assembly.GetManifestResourceStream($"{rule.Id}.md")
            ?? throw new InvalidOperationException($"The doc page of {rule.Id} is missing from the rule pack.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Replace("\r\n", "\n");
    }
}
