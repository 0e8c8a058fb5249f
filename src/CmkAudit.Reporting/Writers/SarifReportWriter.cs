using System.Globalization;
using CmkAudit.Engine;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// findings.sarif: SARIF 2.1.0 for GitHub code scanning. Azure resources are not files, so every result gets a
/// stable synthetic path (GitHub rejects a whole file when one result lacks a physical location) plus a logical
/// location carrying the ARM id. Only fail and error results are alerts; suppressed ones carry an external suppression.
/// </summary>
public sealed class SarifReportWriter : SingleFileWriter
{
    public const string FingerprintKey = "cmkauditResource/v1";

    public override string Format => "sarif";

    public override string FileName => "findings.sarif";

    public override void Write(AuditReport report, Stream output)
    {
        var ruleIndex = report.Rules.Select((r, i) => (r.Descriptor.Id, i)).ToDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        var log = new Dictionary<string, object>
        {
            ["$schema"] = "https://json.schemastore.org/sarif-2.1.0.json",
            ["version"] = "2.1.0",
            ["runs"] = new[]
            {
                new
                {
                    tool = new
                    {
                        driver = new
                        {
                            name = report.Tool.Name,
                            version = report.Tool.Version,
                            semanticVersion = report.Tool.Version,
                            rules = report.Rules.Select(Rule),
                        },
                    },
                    invocations = new[]
                    {
                        new
                        {
                            executionSuccessful = true,
                            startTimeUtc = report.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                            toolExecutionNotifications = report.Diagnostics.Select(d => new
                            {
                                level = d.Severity == Model.Input.DiagnosticSeverity.Error ? "error" : "warning",
                                message = new { text = d.ToString() },
                                descriptor = new { id = d.Code },
                            }),
                        },
                    },
                    results = report.Results.Where(r => r.IsProblem || r.Outcome == Outcome.Suppressed).Select(r => Result(r, ruleIndex[r.RuleId], report.Fixes.GetValueOrDefault(r))),
                },
            },
        };
        JsonText.Write(output, log);
    }

    private static object Rule(RuleInfo rule)
    {
        var d = rule.Descriptor;
        return new
        {
            id = d.Id,
            name = d.Name,
            shortDescription = new { text = d.Title },
            fullDescription = new { text = d.Description },
            helpUri = d.HelpUri.AbsoluteUri,
            help = new { text = $"{d.Description} Fix: {d.Recommendation}", markdown = rule.HelpMarkdown },
            defaultConfiguration = new { level = Level(rule.Severity) },
            properties = new Dictionary<string, object>
            {
                ["security-severity"] = SecuritySeverity(rule.Severity),
                ["precision"] = "high",
                ["tags"] = new[] { "security", "azure", "customer-managed-key", d.Subject.ToString().ToLowerInvariant() }
                    .Concat(d.References.Select(c => $"{c.Framework}/{c.Control}")),
            },
        };
    }

    private static object Result(RuleResult result, int index, Remediation.Fix? fix) => new
    {
        ruleId = result.RuleId,
        baselineState = result.Baseline switch
        {
            BaselineState.New => "new",
            BaselineState.Unchanged => "unchanged",
            _ => null,
        },
        suppressions = result.SuppressedBy is { } s
            ? new[] { new { kind = "external", status = "accepted", justification = $"{s.Justification} (owner {s.Owner}, until {s.Expires:yyyy-MM-dd})" } }
            : null,
        ruleIndex = index,
        level = result.Outcome == Outcome.Error ? "error" : Level(result.Severity),
        message = new { text = result.Message },
        locations = new[]
        {
            new
            {
                physicalLocation = new
                {
                    artifactLocation = new { uri = ResourcePaths.ArtifactPath(result.ResourceId) },
                    region = new { startLine = 1 },
                },
                logicalLocations = new[] { new { fullyQualifiedName = result.ResourceId, kind = "resource" } },
            },
        },
        partialFingerprints = new Dictionary<string, string> { [FingerprintKey] = ResourcePaths.Fingerprint(result.RuleId, result.ResourceId) },
        properties = new
        {
            outcome = result.Outcome.ToName(),
            severity = result.Severity.ToName(),
            resourceType = result.ResourceType,
            evidence = result.Evidence.Select(e => new { resourceId = e.ResourceId, path = e.Path, value = e.Value }),
            remediation = fix?.Bash,
        },
    };

    private static string Level(Severity severity) => severity switch
    {
        Severity.Critical or Severity.High => "error",
        Severity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub's bands: over 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, below 4.0 low.</summary>
    private static string SecuritySeverity(Severity severity) => severity switch
    {
        Severity.Critical => "9.5",
        Severity.High => "8.0",
        Severity.Medium => "5.5",
        _ => "3.0",
    };
}
