using CmkAudit.Model.Resources;

namespace CmkAudit.Engine;

public enum CmkScopeMode
{
    /// <summary>Every registry must use a customer-managed key.</summary>
    All,

    /// <summary>Only registries carrying a tag (optionally with a value) must.</summary>
    Tag,

    /// <summary>No registry must; CMK registries are still checked link by link.</summary>
    None,
}

/// <summary>Which registries must be encrypted with a customer-managed key.</summary>
public sealed record CmkScope(CmkScopeMode Mode, string? TagName = null, string? TagValue = null)
{
    public static CmkScope All { get; } = new(CmkScopeMode.All);

    public bool Includes(Registry registry) => Mode switch
    {
        CmkScopeMode.All => true,
        CmkScopeMode.None => false,
        _ => registry.Header.Tags.TryGetValue(TagName!, out var value)
             && (TagValue is null || string.Equals(value, TagValue, StringComparison.OrdinalIgnoreCase)),
    };

    public override string ToString() => Mode switch
    {
        CmkScopeMode.Tag => TagValue is null ? $"registries tagged '{TagName}'" : $"registries tagged '{TagName}={TagValue}'",
        CmkScopeMode.None => "no registry",
        _ => "all registries",
    };
}

/// <summary>The knobs of a scan. Defaults follow Microsoft's guidance and CIS Azure Foundations v6.</summary>
public sealed record ScanConfiguration
{
    public static ScanConfiguration Default { get; } = new();

    public CmkScope CmkScope { get; init; } = CmkScope.All;

    public int MinimumRsaKeySize { get; init; } = 2048;

    public int ExpiryWarningDays { get; init; } = 30;

    public int MaximumKeyAgeDays { get; init; } = 365;

    public IReadOnlyDictionary<string, Severity> SeverityOverrides { get; init; } = new Dictionary<string, Severity>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Rules not run at all (configuration `disabledRules`).</summary>
    public IReadOnlySet<string> DisabledRules { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public Severity SeverityOf(RuleDescriptor rule) =>
        SeverityOverrides.TryGetValue(rule.Id, out var severity) ? severity : rule.DefaultSeverity;
}
