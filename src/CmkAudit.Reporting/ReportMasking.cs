using System.Text.RegularExpressions;
using CmkAudit.Engine;
using CmkAudit.Reporting.Remediation;

namespace CmkAudit.Reporting;

/// <summary>
/// Shortens subscription and tenant ids (to their first and last four characters) everywhere in a report that
/// is to be shared, so the report still tells resources apart without handing out the estate's ids.
/// </summary>
public static partial class ReportMasking
{
    [GeneratedRegex(@"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}")]
    private static partial Regex Guid();

    [GeneratedRegex(@"/subscriptions/([0-9a-fA-F-]{36})", RegexOptions.IgnoreCase)]
    private static partial Regex SubscriptionSegment();

    public static AuditReport Mask(AuditReport report, IEnumerable<string> tenantIds)
    {
        var secrets = report.Results.SelectMany(r => SubscriptionSegment().Matches(r.ResourceId).Select(m => m.Groups[1].Value))
            .Concat(tenantIds)
            .Select(g => g.ToLowerInvariant())
            .ToHashSet(StringComparer.Ordinal);
        string M(string text) => Guid().Replace(text, m => secrets.Contains(m.Value.ToLowerInvariant()) ? $"{m.Value[..4]}…{m.Value[^4..]}" : m.Value);
        string? N(string? text) => text is null ? null : M(text);

        var results = report.Results.Select(r => (Original: r, Masked: r with
        {
            ResourceId = M(r.ResourceId),
            Message = M(r.Message),
            Evidence = [.. r.Evidence.Select(e => new Evidence(M(e.ResourceId), e.Path, N(e.Value)))],
        })).ToList();
        return report with
        {
            IdsMasked = true,
            Results = [.. results.Select(r => r.Masked)],
            Fixes = results.Where(r => report.Fixes.ContainsKey(r.Original))
                .ToDictionary<(RuleResult Original, RuleResult Masked), RuleResult, Fix>(r => r.Masked, r => report.Fixes[r.Original] with
                {
                    Bash = M(report.Fixes[r.Original].Bash),
                    PowerShell = M(report.Fixes[r.Original].PowerShell),
                }, ReferenceEqualityComparer.Instance),
            Diagnostics = [.. report.Diagnostics.Select(d => d with { Message = M(d.Message), ResourceId = N(d.ResourceId) })],
            Coverage = report.Coverage with
            {
                UnresolvedLinks = [.. report.Coverage.UnresolvedLinks.Select(g => g with { RegistryId = M(g.RegistryId), Reason = M(g.Reason) })],
                Collections = [.. report.Coverage.Collections.Select(c => c with { Subscriptions = [.. c.Subscriptions.Select(M)] })],
            },
            GoneSinceBaseline = [.. report.GoneSinceBaseline.Select(g => g with { ResourceId = M(g.ResourceId) })],
            Chains = [.. report.Chains.Select(c => new ChainRef(M(c.RegistryId), M(c.Identity), N(c.VaultId), N(c.KeyId)))],
        };
    }
}
