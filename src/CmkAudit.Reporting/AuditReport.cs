using CmkAudit.Engine;
using CmkAudit.Model;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;
using CmkAudit.Reporting.Remediation;

namespace CmkAudit.Reporting;

public sealed record ToolInfo(string Name, string Version);

/// <summary>A rule as the report shows it: its descriptor, effective severity, doc page and fix template.</summary>
public sealed record RuleInfo(RuleDescriptor Descriptor, Severity Severity, string HelpMarkdown, string? FixTemplate = null);

public sealed record ScanInfo(
    DateTimeOffset StartedAt,
    IReadOnlyList<string> Inputs,
    ScanConfiguration Configuration,
    Severity? FailOn)
{
    public IReadOnlyList<Suppression> Suppressions { get; init; } = [];

    /// <summary>The earlier scan's results (--baseline), or null.</summary>
    public IReadOnlyList<BaselineEntry>? Baseline { get; init; }

    public string? BaselinePath { get; init; }

    /// <summary>The files this scan writes, for summaries that link to the other artifacts.</summary>
    public IReadOnlyList<string> Outputs { get; init; } = [];
}

/// <summary>The resolved subjects of a CMK registry's chain, so reports can show each link's status.</summary>
public sealed record ChainRef(string RegistryId, string Identity, string? VaultId, string? KeyId);

/// <summary>What the input held and which links of the key chains could not be resolved.</summary>
public sealed record Coverage(
    int FilesRead,
    long DocumentsRead,
    long DuplicatesSkipped,
    IReadOnlyDictionary<string, int> ResourcesByKind,
    IReadOnlyDictionary<string, long> IgnoredByType,
    IReadOnlyList<UnresolvedLink> UnresolvedLinks,
    IReadOnlyList<CollectionInfo> Collections)
{
    /// <summary>True when a snapshot in the input says some scopes or keys could not be read.</summary>
    public bool IsPartial => Collections.Any(c => c.Partial);
}

/// <summary>
/// The immutable report model every writer renders. Writers never compute verdicts and never call the
/// environment: everything they show is here.
/// </summary>
public sealed record AuditReport(
    ToolInfo Tool,
    ScanInfo Scan,
    IReadOnlyList<RuleInfo> Rules,
    IReadOnlyList<RuleResult> Results,
    IReadOnlyList<Diagnostic> Diagnostics,
    Coverage Coverage)
{
    /// <summary>SHA-256 of the input files, as read.</summary>
    public string InputDigest { get; init; } = "";

    /// <summary>The key chain of every CMK registry, ordered by registry id.</summary>
    public IReadOnlyList<ChainRef> Chains { get; init; } = [];

    /// <summary>True when subscription and tenant ids were shortened for sharing (--mask-ids).</summary>
    public bool IdsMasked { get; init; }

    /// <summary>Every suppression entry with its status (active, expired, unused).</summary>
    public IReadOnlyList<SuppressionUse> SuppressionRegister { get; init; } = [];

    /// <summary>Baseline problems whose resource is gone from this scan: fixed by removal.</summary>
    public IReadOnlyList<BaselineEntry> GoneSinceBaseline { get; init; } = [];

    /// <summary>The generated fix of each failing result whose rule has a fix template.</summary>
    public IReadOnlyDictionary<RuleResult, Fix> Fixes { get; init; } = new Dictionary<RuleResult, Fix>();

    public const string SchemaVersion = "1.0";

    public IReadOnlyDictionary<Outcome, int> CountByOutcome() =>
        Enum.GetValues<Outcome>().ToDictionary(o => o, o => Results.Count(r => r.Outcome == o));

    /// <summary>Failing and erroring results by severity: what the exit code and the summary speak of.</summary>
    public IReadOnlyDictionary<Severity, int> ProblemsBySeverity() =>
        Enum.GetValues<Severity>().ToDictionary(s => s, s => Results.Count(r => r.IsProblem && r.Severity == s));

    /// <summary>True when a fail or error result is at or above the --fail-on threshold.</summary>
    public bool HasProblemsAtOrAbove(Severity? threshold) =>
        threshold is { } t && Results.Any(r => r.IsProblem && r.Severity >= t);

    /// <summary>Resolves the graph, runs the rules and builds the report: the whole audit of an estate already read.</summary>
    public static AuditReport Create(Estate estate, RuleCatalog catalog, ToolInfo tool, ScanInfo scan)
    {
        var graph = new EstateGraph(estate);
        var rules = catalog.Rules.Where(r => !scan.Configuration.DisabledRules.Contains(r.Descriptor.Id)).ToList();
        var (results, register) = Suppressions.Apply(RuleEngine.Run(rules, graph, scan.Configuration, scan.StartedAt), scan.Suppressions, scan.StartedAt);
        IReadOnlyList<BaselineEntry> gone = [];
        if (scan.Baseline is { } baseline)
        {
            (results, gone) = Baseline.Compare(results, baseline);
        }
        var infos = rules
            .Select(r => new RuleInfo(r.Descriptor, scan.Configuration.SeverityOf(r.Descriptor), catalog.DocPage(r.Descriptor), catalog.FixTemplate(r.Descriptor)))
            .ToList();
        var report = Build(tool, scan, infos, results, graph);
        var expired = register.Where(u => u.Status == SuppressionStatus.Expired)
            .Select(u => new Diagnostic(DiagnosticCodes.SuppressionExpired, DiagnosticSeverity.Warning,
                $"The suppression of {string.Join(", ", u.Entry.RuleIds)} on {u.Entry.ResourcePattern} (owner {u.Entry.Owner}) expired on {u.Entry.Expires:yyyy-MM-dd} and no longer suppresses anything.", u.Entry.Source));
        return report with { SuppressionRegister = register, GoneSinceBaseline = gone, Diagnostics = [.. report.Diagnostics, .. expired] };
    }

    public static AuditReport Build(
        ToolInfo tool,
        ScanInfo scan,
        IReadOnlyList<RuleInfo> rules,
        IReadOnlyList<RuleResult> results,
        EstateGraph graph)
    {
        var estate = graph.Estate;
        var kinds = new SortedDictionary<string, int>(StringComparer.Ordinal)
        {
            ["registries"] = estate.Registries.Count,
            ["cmkRegistries"] = graph.CmkChains.Count,
            ["vaults"] = estate.Vaults.Count(v => !v.IsManagedHsm),
            ["managedHsms"] = estate.Vaults.Count(v => v.IsManagedHsm),
            ["keys"] = estate.Keys.Count,
            ["keyVersions"] = estate.KeyVersions.Count,
            ["userAssignedIdentities"] = estate.Identities.Count,
            ["identityHolders"] = estate.IdentityHolders.Count,
            ["roleAssignments"] = estate.RoleAssignments.Count,
            ["roleDefinitions"] = estate.RoleDefinitions.Count,
            ["subscriptions"] = estate.Subscriptions.Count,
            ["registryTasks"] = estate.RegistryTasks.Count,
        };
        var gaps = graph.Chains.SelectMany(c => c.Gaps)
            .OrderBy(g => g.RegistryId, StringComparer.OrdinalIgnoreCase)
            .ThenBy(g => g.Link, StringComparer.Ordinal)
            .ToList();
        var chains = graph.CmkChains
            .Select(c => new ChainRef(c.Registry.Id, c.Identity?.ResourceId ?? (c.Identity?.Kind == IdentityKind.SystemAssigned ? "system-assigned identity" : c.Identity?.ClientId ?? ""), c.VaultSubjectId, c.KeySubjectId))
            .ToList();
        var coverage = new Coverage(estate.FilesRead.Count, estate.DocumentsRead, estate.DuplicatesSkipped, kinds, estate.IgnoredByType, gaps, estate.Collections);
        var diagnostics = estate.Diagnostics
            .OrderBy(d => d.File ?? "", StringComparer.Ordinal)
            .ThenBy(d => d.Line ?? 0)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ThenBy(d => d.Message, StringComparer.Ordinal)
            .ToList();
        var templates = rules.Where(r => r.FixTemplate is not null && r.Descriptor.Fix is not null).ToDictionary(r => r.Descriptor.Id, StringComparer.Ordinal);
        var fixes = results
            .Where(r => r.Outcome == Outcome.Fail && templates.ContainsKey(r.RuleId))
            .ToDictionary<RuleResult, RuleResult, Fix>(r => r, r => FixRenderer.Render(templates[r.RuleId], r), ReferenceEqualityComparer.Instance);
        return new AuditReport(tool, scan, rules, results, diagnostics, coverage) { Fixes = fixes, Chains = chains, InputDigest = estate.InputDigest };
    }
}
