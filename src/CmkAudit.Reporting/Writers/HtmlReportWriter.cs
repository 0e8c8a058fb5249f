using System.Globalization;
using CmkAudit.Engine;
using Scriban;
using Scriban.Runtime;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// report.html: one self-contained page (styles and script inline, no network) from reports/templates/report.html.scriban,
/// with filters by severity, outcome and subscription. The template HTML-escapes every value taken from Azure.
/// </summary>
public sealed class HtmlReportWriter : SingleFileWriter
{
    /// <summary>Rows shown per rule; the rest are counted and left to the CSV and JSON.</summary>
    public const int FindingsPerRule = 200;

    private static readonly Lazy<Template> Page = new(() =>
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream("report.html.scriban")!;
        using var reader = new StreamReader(stream);
        var template = Template.Parse(reader.ReadToEnd(), "report.html.scriban");
        return template.HasErrors ? throw new InvalidOperationException(string.Join("; ", template.Messages)) : template;
    });

    public override string Format => "html";

    public override string FileName => "report.html";

    public override void Write(AuditReport report, Stream output)
    {
        var globals = new ScriptObject();
        globals.Import(Model(report));
        var context = new TemplateContext { StrictVariables = true, NewLine = "\n", LoopLimit = 1_000_000 };
        context.PushGlobal(globals);
        var html = Page.Value.Render(context);
        output.Write(System.Text.Encoding.UTF8.GetBytes(html));
    }

    private static object Model(AuditReport report)
    {
        var outcomes = report.CountByOutcome();
        var decided = outcomes[Outcome.Pass] + outcomes[Outcome.Fail] + outcomes[Outcome.Error] + outcomes[Outcome.Unknown];
        var problems = report.ProblemsBySeverity();
        var most = Math.Max(1, problems.Values.DefaultIfEmpty(0).Max());
        var listed = report.Results.Where(r => r.Outcome is Outcome.Fail or Outcome.Error or Outcome.Unknown or Outcome.Suppressed).ToList();
        var severityOf = report.Rules.ToDictionary(r => r.Descriptor.Id, r => r.Severity, StringComparer.Ordinal);
        return new
        {
            ScanTime = report.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ToolVersion = report.Tool.Version,
            FailOn = report.Scan.FailOn?.ToName() ?? "none",
            report.IdsMasked,
            Inputs = report.Scan.Inputs,
            report.Coverage.FilesRead,
            report.Coverage.DocumentsRead,
            report.InputDigest,
            Partial = report.Coverage.IsPartial,
            PassRate = decided == 0 ? 0 : (int)Math.Floor(100.0 * outcomes[Outcome.Pass] / decided),
            Passed = outcomes[Outcome.Pass],
            Decided = decided,
            Problems = problems.Values.Sum(),
            HasBaseline = report.Scan.Baseline is not null,
            BaselineNew = report.Results.Count(r => r.Baseline == BaselineState.New),
            BaselineUnchanged = report.Results.Count(r => r.Baseline == BaselineState.Unchanged),
            BaselineFixed = report.Results.Count(r => r.Baseline == BaselineState.Fixed) + report.GoneSinceBaseline.Count,
            Severities = problems.OrderByDescending(p => p.Key).Select(p => new { Name = p.Key.ToName(), Count = p.Value, Width = 300 * p.Value / most }),
            Outcomes = outcomes.Select(o => new { Name = o.Key.ToName(), Count = o.Value }),
            Kinds = report.Coverage.ResourcesByKind.Select(k => new { Name = k.Key, Count = k.Value }),
            Requirements = ReportViews.Compliance(report),
            Chains = ReportViews.Chains(report),
            Subscriptions = listed.Select(r => CmkAudit.Model.ArmId.SubscriptionOf(r.ResourceId) ?? "").Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal),
            FindingGroups = listed.GroupBy(r => r.RuleId).OrderByDescending(g => severityOf[g.Key]).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => new
            {
                RuleId = g.Key,
                g.First().RuleName,
                Severity = severityOf[g.Key].ToName(),
                Total = g.Count(),
                Findings = g.Take(FindingsPerRule).Select(r => new
                {
                    Severity = r.Severity.ToName(),
                    Outcome = r.Outcome.ToName(),
                    Baseline = r.Baseline?.ToName() ?? "",
                    Subscription = CmkAudit.Model.ArmId.SubscriptionOf(r.ResourceId) ?? "",
                    r.ResourceId,
                    r.Message,
                    Evidence = r.Evidence.Select(e => $"{e.Path} = {e.Value ?? "(absent)"} ({e.ResourceId})"),
                    Remediation = report.Fixes.TryGetValue(r, out var fix) ? fix.Bash : "",
                }),
            }),
            Suppressions = report.SuppressionRegister.Select(u => new
            {
                Rules = string.Join(", ", u.Entry.RuleIds),
                Resources = u.Entry.ResourcePattern,
                u.Entry.Justification,
                u.Entry.Owner,
                Expires = u.Entry.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                Status = u.Status.ToString().ToLowerInvariant(),
                u.Suppressed,
            }),
            Diagnostics = report.Diagnostics.Select(d => d.ToString()),
            Unresolved = report.Coverage.UnresolvedLinks.Select(g => $"{g.RegistryId}: {g.Link}: {g.Reason}"),
            Rules = report.Rules.Select(r => new
            {
                r.Descriptor.Id,
                r.Descriptor.Name,
                Subject = r.Descriptor.Subject.ToString().ToLowerInvariant(),
                Severity = r.Severity.ToName(),
                r.Descriptor.Description,
                HelpUri = r.Descriptor.HelpUri.AbsoluteUri,
                References = r.Descriptor.References.Select(c => $"{c.Framework} {c.Control}: {c.Title}"),
            }),
        };
    }
}
