using CmkAudit.Engine;

namespace CmkAudit.Reporting;

/// <summary>A documented CMK requirement, the rules that check it, and its status across the estate.</summary>
public sealed record RequirementView(string Requirement, IReadOnlyList<string> RuleIds, string Status, int Failing, IReadOnlyList<string> References);

/// <summary>One link of a registry's key chain (identity, access, vault, key) with the worst outcome of its rules.</summary>
public sealed record LinkView(string Link, string Subject, string Status, IReadOnlyList<string> Problems);

/// <summary>A registry with the status of each link of its customer-managed-key chain.</summary>
public sealed record ChainView(string RegistryId, string RegistryName, string Status, IReadOnlyList<LinkView> Links);

/// <summary>
/// The views the human-readable reports (HTML, PDF) share, computed once from the report so both show the same.
/// </summary>
public static class ReportViews
{
    /// <summary>The documented requirements of ACR CMK, as the rules check them.</summary>
    private static readonly (string Requirement, string[] Rules)[] Requirements =
    [
        ("Registries in scope are Premium and encrypted with a customer-managed key", ["CMK1001", "CMK1002"]),
        ("The encryption identity is assigned and holds get, wrapKey and unwrapKey in the vault's permission model", ["CMK1003", "CMK4001", "CMK4002"]),
        ("The key vault keeps keys recoverable: soft delete and purge protection", ["CMK2001", "CMK2002"]),
        ("A firewalled vault admits the registry: trusted-services bypass and the system identity", ["CMK2003", "CMK1004"]),
        ("The key is a usable RSA key with an expiry that is renewed in time", ["CMK3001", "CMK3002", "CMK3003"]),
        ("Keys rotate and registries follow the current version", ["CMK1007", "CMK1008", "CMK3004"]),
        ("Key access is least privilege and has no orphaned holders", ["CMK4003", "CMK4004"]),
        ("Features that do not work with CMK are handled (content trust, task logs)", ["CMK1005", "CMK1006"]),
    ];

    public static IReadOnlyList<RequirementView> Compliance(AuditReport report)
    {
        var byRule = report.Results.ToLookup(r => r.RuleId, StringComparer.Ordinal);
        return [.. Requirements.Select(q =>
        {
            var results = q.Rules.SelectMany(id => byRule[id]).ToList();
            var references = report.Rules.Where(r => q.Rules.Contains(r.Descriptor.Id))
                .SelectMany(r => r.Descriptor.References).Select(c => $"{c.Framework} {c.Control}").Distinct().Order(StringComparer.Ordinal).ToList();
            return new RequirementView(q.Requirement, q.Rules, Worst(results), results.Count(r => r.IsProblem), references);
        })];
    }

    /// <summary>Each CMK registry's chain; a link's status is the worst outcome of the rules about it.</summary>
    public static IReadOnlyList<ChainView> Chains(AuditReport report)
    {
        var byResource = report.Results.ToLookup(r => r.ResourceId, StringComparer.OrdinalIgnoreCase);
        LinkView Link(string link, string subject, IEnumerable<RuleResult> results)
        {
            var list = results.ToList();
            return new LinkView(link, subject, Worst(list), [.. list.Where(r => r.IsProblem).Select(r => $"{r.RuleId} {r.RuleName}")]);
        }
        return [.. report.Chains.Select(chain =>
        {
            var own = byResource[chain.RegistryId].ToList();
            var vault = chain.VaultId is null ? [] : byResource[chain.VaultId].ToList();
            var key = chain.KeyId is null ? [] : byResource[chain.KeyId].ToList();
            var links = new List<LinkView>
            {
                Link("Registry", Name(chain.RegistryId), own.Where(r => r.RuleId is "CMK1001" or "CMK1002" or "CMK1005" or "CMK1006" or "CMK1007" or "CMK1008")),
                Link("Identity", Name(chain.Identity), own.Where(r => r.RuleId is "CMK1003" or "CMK1004")),
                Link("Key access", "get, wrapKey, unwrapKey", own.Where(r => r.RuleId is "CMK4001" or "CMK4003")),
                Link("Key vault", chain.VaultId is null ? "" : Name(chain.VaultId), vault),
                Link("Key", chain.KeyId is null ? "" : Name(chain.KeyId), key),
            };
            return new ChainView(chain.RegistryId, Name(chain.RegistryId), Worst(links.Select(l => l.Status)), links);
        })];
    }

    public static string Name(string resourceId) => resourceId.TrimEnd('/').Split('/')[^1];

    /// <summary>fail beats error beats unknown beats suppressed beats pass; nothing at all is not applicable.</summary>
    public static string Worst(IEnumerable<RuleResult> results) => Worst(results.Select(r => r.Outcome.ToName()));

    private static string Worst(IEnumerable<string> statuses)
    {
        var list = statuses.ToList();
        foreach (var status in new[] { "fail", "error", "unknown", "suppressed", "pass" })
        {
            if (list.Contains(status))
            {
                return status;
            }
        }
        return "notApplicable";
    }
}
