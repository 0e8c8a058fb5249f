using System.Globalization;
using CmkAudit.Engine;

namespace CmkAudit.Reporting.Writers;

/// <summary>findings.json: the whole report, machine-readable, in the shape of the design's CLI contract.</summary>
public sealed class JsonReportWriter : SingleFileWriter
{
    public override string Format => "json";

    public override string FileName => "findings.json";

    public override void Write(AuditReport report, Stream output)
    {
        var configuration = report.Scan.Configuration;
        var document = new
        {
            schemaVersion = AuditReport.SchemaVersion,
            tool = new { name = report.Tool.Name, version = report.Tool.Version },
            scan = new
            {
                startedAt = report.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                inputs = report.Scan.Inputs,
                failOn = report.Scan.FailOn?.ToName() ?? "none",
                configuration = new
                {
                    cmkScope = configuration.CmkScope.ToString(),
                    minimumRsaKeySize = configuration.MinimumRsaKeySize,
                    expiryWarningDays = configuration.ExpiryWarningDays,
                    maximumKeyAgeDays = configuration.MaximumKeyAgeDays,
                    severityOverrides = new SortedDictionary<string, string>(
                        configuration.SeverityOverrides.ToDictionary(o => o.Key, o => o.Value.ToName()), StringComparer.Ordinal),
                },
                summary = new
                {
                    outcomes = report.CountByOutcome().ToDictionary(o => o.Key.ToName(), o => o.Value),
                    problemsBySeverity = report.ProblemsBySeverity().OrderByDescending(s => s.Key).ToDictionary(s => s.Key.ToName(), s => s.Value),
                    sinceBaseline = report.Scan.Baseline is null ? null : new
                    {
                        @new = report.Results.Count(r => r.Baseline == BaselineState.New),
                        unchanged = report.Results.Count(r => r.Baseline == BaselineState.Unchanged),
                        @fixed = report.Results.Count(r => r.Baseline == BaselineState.Fixed) + report.GoneSinceBaseline.Count,
                    },
                },
                baseline = report.Scan.BaselinePath,
                idsMasked = report.IdsMasked ? true : (bool?)null,
            },
            rules = report.Rules.Select(r => new
            {
                id = r.Descriptor.Id,
                name = r.Descriptor.Name,
                title = r.Descriptor.Title,
                subject = r.Descriptor.Subject.ToString().ToLowerInvariant(),
                severity = r.Severity.ToName(),
                defaultSeverity = r.Descriptor.DefaultSeverity.ToName(),
                helpUri = r.Descriptor.HelpUri.AbsoluteUri,
                references = r.Descriptor.References.Select(c => new { framework = c.Framework, control = c.Control, title = c.Title }),
            }),
            results = report.Results.Select(r => new
            {
                ruleId = r.RuleId,
                ruleName = r.RuleName,
                resourceId = r.ResourceId,
                resourceType = r.ResourceType,
                outcome = r.Outcome.ToName(),
                severity = r.Severity.ToName(),
                message = r.Message,
                evidence = r.Evidence.Select(e => new { resourceId = e.ResourceId, path = e.Path, value = e.Value }),
                remediation = report.Fixes.TryGetValue(r, out var fix) ? new { bash = fix.Bash, powershell = fix.PowerShell } : null,
                baselineState = r.Baseline?.ToName(),
                suppression = r.SuppressedBy is { } s ? new { justification = s.Justification, owner = s.Owner, expires = s.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) } : null,
            }),
            fixedSinceBaseline = report.Scan.Baseline is null ? null : report.GoneSinceBaseline.Select(g => new { ruleId = g.RuleId, ruleName = g.RuleName, resourceId = g.ResourceId, previousOutcome = g.Outcome }),
            suppressions = report.SuppressionRegister.Select(u => new
            {
                rules = u.Entry.RuleIds,
                resources = u.Entry.ResourcePattern,
                justification = u.Entry.Justification,
                owner = u.Entry.Owner,
                expires = u.Entry.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                status = u.Status.ToString().ToLowerInvariant(),
                suppressed = u.Suppressed,
                source = u.Entry.Source,
            }),
            diagnostics = report.Diagnostics.Select(d => new
            {
                code = d.Code,
                severity = d.Severity.ToString().ToLowerInvariant(),
                message = d.Message,
                file = d.File,
                line = d.Line,
                column = d.Column,
                resourceId = d.ResourceId,
            }),
            coverage = new
            {
                filesRead = report.Coverage.FilesRead,
                documentsRead = report.Coverage.DocumentsRead,
                duplicatesSkipped = report.Coverage.DuplicatesSkipped,
                resources = report.Coverage.ResourcesByKind,
                ignoredByType = report.Coverage.IgnoredByType,
                partial = report.Coverage.IsPartial,
                unresolvedLinks = report.Coverage.UnresolvedLinks.Select(g => new { registryId = g.RegistryId, link = g.Link, reason = g.Reason }),
                collections = report.Coverage.Collections.Select(c => new
                {
                    cloud = c.Cloud,
                    startedAt = c.StartedAt,
                    subscriptions = c.Subscriptions,
                    managementGroups = c.ManagementGroups,
                    partial = c.Partial,
                }),
            },
        };
        JsonText.Write(output, document);
    }
}
