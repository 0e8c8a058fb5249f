using System.Globalization;
using CmkAudit.Engine;
using CmkAudit.Reporting.Pdf;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// report.pdf for auditors: cover, executive summary, compliance matrix, one section per registry's key chain,
/// findings with evidence and fixes, the suppression register and the rule catalogue, with bookmarks, a running
/// header and "page X of N". Long lists are capped with a count so a large estate stays a readable document.
/// </summary>
public sealed class PdfReportWriter(Func<PdfFontFiles> fonts) : SingleFileWriter
{
    public const int FindingsPerRule = 25;
    public const int RegistrySections = 60;
    private const int FixLines = 14;

    public PdfReportWriter() : this(PdfFontFiles.FromSystem)
    {
    }

    public override string Format => "pdf";

    public override string FileName => "report.pdf";

    private static XColor Status(string status) => status switch
    {
        "fail" or "error" => XColor.FromArgb(255, 235, 233),
        "unknown" => XColor.FromArgb(255, 248, 197),
        "pass" => XColor.FromArgb(218, 251, 225),
        "suppressed" => XColor.FromArgb(234, 238, 242),
        _ => XColors.White,
    };

    public override void Write(AuditReport report, Stream output)
    {
        PdfFontResolver.Install(fonts());
        var time = report.Scan.StartedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var document = new PdfDocument();
        document.Info.Title = $"CmkAudit customer-managed key audit {time}";
        document.Info.Creator = $"CmkAudit {report.Tool.Version}";
        document.Info.CreationDate = report.Scan.StartedAt.UtcDateTime;
        document.Info.ModificationDate = report.Scan.StartedAt.UtcDateTime;
        var layout = new PdfLayout(document, $"CmkAudit · customer-managed key audit · {time}");
        var outline = document.Outlines;

        Cover(layout, report, time, outline);
        Summary(layout, report, outline);
        Compliance(layout, report, outline);
        Chains(layout, report, outline);
        Findings(layout, report, outline);
        SuppressionRegister(layout, report, outline);
        Catalogue(layout, report, outline);
        layout.Finish();
        document.Save(output, closeStream: false);
    }

    private static void Cover(PdfLayout layout, AuditReport report, string time, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Space(80);
        layout.Heading("Azure Container Registry customer-managed key audit", 1, outline);
        layout.Text($"Scan of {time} by CmkAudit {report.Tool.Version}.", 11);
        layout.Text($"Scope: {string.Join(", ", report.Scan.Inputs)}", 10);
        layout.Text($"Input digest (SHA-256 of the {report.Coverage.FilesRead} input files): {report.InputDigest}", 9);
        var c = report.Coverage.ResourcesByKind;
        layout.Text($"Coverage: {report.Coverage.DocumentsRead} documents; {c["registries"]} registries ({c["cmkRegistries"]} with CMK), {c["vaults"]} vaults, {c["managedHsms"]} managed HSMs, {c["keys"]} keys, {c["userAssignedIdentities"]} user-assigned identities, {c["roleAssignments"]} role assignments.", 9);
        if (report.Coverage.IsPartial)
        {
            layout.Text("Coverage is PARTIAL: some scopes or keys could not be collected. Verdicts that need them are unknown.", 9, bold: true);
        }
        if (report.Coverage.UnresolvedLinks.Count > 0 || report.Diagnostics.Count > 0)
        {
            layout.Text($"{report.Coverage.UnresolvedLinks.Count} key-chain links could not be resolved and the input raised {report.Diagnostics.Count} diagnostics; both are listed in the findings data.", 9);
        }
        layout.Text($"Threshold: findings at or above {report.Scan.FailOn?.ToName() ?? "none"} fail the scan.{(report.IdsMasked ? " Subscription and tenant ids are masked." : "")}", 9);
    }

    private static void Summary(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Heading("Executive summary", 1, outline);
        var outcomes = report.CountByOutcome();
        var decided = outcomes[Outcome.Pass] + outcomes[Outcome.Fail] + outcomes[Outcome.Error] + outcomes[Outcome.Unknown];
        var rate = decided == 0 ? 0 : 100.0 * outcomes[Outcome.Pass] / decided;
        layout.Text($"{rate:F0}% of decided checks pass ({outcomes[Outcome.Pass]} of {decided}). Outcomes: {string.Join(", ", outcomes.Select(o => $"{o.Key.ToName()} {o.Value}"))}.", 10);
        if (report.Scan.Baseline is not null)
        {
            layout.Text($"Since the baseline ({report.Scan.BaselinePath}): {report.Results.Count(r => r.Baseline == BaselineState.New)} new, {report.Results.Count(r => r.Baseline == BaselineState.Unchanged)} unchanged, {report.Results.Count(r => r.Baseline == BaselineState.Fixed) + report.GoneSinceBaseline.Count} fixed.", 10);
        }
        layout.Text("Fail and error results by severity:", 10, bold: true);
        var colors = new Dictionary<Severity, XColor>
        {
            [Severity.Critical] = XColor.FromArgb(140, 11, 29),
            [Severity.High] = XColor.FromArgb(207, 34, 46),
            [Severity.Medium] = XColor.FromArgb(191, 135, 0),
            [Severity.Low] = XColor.FromArgb(9, 105, 218),
        };
        layout.Bars([.. report.ProblemsBySeverity().OrderByDescending(p => p.Key).Select(p => (p.Key.ToName(), p.Value, colors[p.Key]))]);
    }

    private static void Compliance(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.Heading("Compliance matrix", 1, outline);
        layout.Text("Each documented requirement of ACR customer-managed keys, the rules that check it, and its status across the estate.", 9);
        layout.Table([0.36, 0.13, 0.1, 0.07, 0.34], ["Requirement", "Rules", "Status", "Fails", "References"],
            ReportViews.Compliance(report).Select(q => (new[] { q.Requirement, string.Join(", ", q.RuleIds), q.Status, q.Failing.ToString(CultureInfo.InvariantCulture), string.Join("; ", q.References) }, (XColor?)Status(q.Status), 2)));
    }

    private static void Chains(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Heading("Key chains", 1, outline);
        layout.Text("Registry → encryption identity → key access → key vault → key, with the status of each link. Registries with problems come first.", 9);
        var chains = ReportViews.Chains(report).OrderBy(c => c.Status == "fail" ? 0 : c.Status == "unknown" ? 1 : 2).ThenBy(c => c.RegistryName, StringComparer.OrdinalIgnoreCase).ToList();
        var registries = outline.Count > 0 ? outline[^1].Outlines : outline;
        foreach (var chain in chains.Take(RegistrySections))
        {
            layout.Heading($"{chain.RegistryName} ({chain.Status})", 3, registries);
            layout.Text(chain.RegistryId, 7);
            layout.Table([0.16, 0.34, 0.12, 0.38], ["Link", "Subject", "Status", "Problems"],
                chain.Links.Select(l => (new[] { l.Link, l.Subject, l.Status, string.Join(", ", l.Problems) }, (XColor?)Status(l.Status), 2)));
        }
        if (chains.Count > RegistrySections)
        {
            layout.Text($"…and {chains.Count - RegistrySections} more registries with CMK; see report.html or findings.json.", 9, bold: true);
        }
    }

    private static void Findings(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Heading("Findings", 1, outline);
        var listed = report.Results.Where(r => r.Outcome is Outcome.Fail or Outcome.Error or Outcome.Unknown).ToList();
        if (listed.Count == 0)
        {
            layout.Text("No failing, erroring or unknown results.", 10);
        }
        var groups = listed.GroupBy(r => r.RuleId).OrderByDescending(g => g.Max(r => r.Severity)).ThenBy(g => g.Key, StringComparer.Ordinal);
        var ruleOutline = outline[^1].Outlines;
        foreach (var group in groups)
        {
            var first = group.First();
            layout.Heading($"{group.Key} {first.RuleName} ({first.Severity.ToName()}, {group.Count()} results)", 2, ruleOutline);
            foreach (var result in group.Take(FindingsPerRule))
            {
                layout.Text($"{result.Outcome.ToName().ToUpperInvariant()}{(result.Baseline is { } b ? $" ({b.ToName()})" : "")} · {result.ResourceId}", 8, bold: true);
                layout.Text(result.Message, 8);
                foreach (var evidence in result.Evidence.Take(6))
                {
                    layout.Text($"evidence: {evidence.Path} = {evidence.Value ?? "(absent)"}", 7, brush: XBrushes.DimGray);
                }
                if (report.Fixes.TryGetValue(result, out var fix))
                {
                    var lines = fix.Bash.TrimEnd('\n').Split('\n');
                    layout.Text("fix (bash): " + string.Join("\n", lines.Take(FixLines)) + (lines.Length > FixLines ? $"\n…{lines.Length - FixLines} more lines in remediate.sh" : ""), 6.5, brush: XBrushes.DarkSlateGray);
                }
                layout.Space(3);
            }
            if (group.Count() > FindingsPerRule)
            {
                layout.Text($"…and {group.Count() - FindingsPerRule} more results of {group.Key} in findings.csv and findings.json.", 8, bold: true);
            }
        }
    }

    private static void SuppressionRegister(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Heading("Suppression register", 1, outline);
        if (report.SuppressionRegister.Count == 0)
        {
            layout.Text("No suppressions were given for this scan.", 9);
            return;
        }
        layout.Table([0.09, 0.22, 0.21, 0.23, 0.11, 0.08, 0.06], ["Rules", "Resources", "Justification", "Owner", "Expires", "Status", "Count"],
            report.SuppressionRegister.Select(u => (new[]
            {
                string.Join(", ", u.Entry.RuleIds), u.Entry.ResourcePattern, u.Entry.Justification, u.Entry.Owner,
                u.Entry.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), u.Status.ToString().ToLowerInvariant(), u.Suppressed.ToString(CultureInfo.InvariantCulture),
            }, u.Status == SuppressionStatus.Expired ? (XColor?)Status("fail") : null, -1)));
    }

    private static void Catalogue(PdfLayout layout, AuditReport report, PdfOutlineCollection outline)
    {
        layout.NewPage();
        layout.Heading("Appendix: rule catalogue", 1, outline);
        layout.Table([0.09, 0.22, 0.08, 0.08, 0.38, 0.15], ["Id", "Name", "Subject", "Severity", "What it checks", "References"],
            report.Rules.Select(r => (new[]
            {
                r.Descriptor.Id, r.Descriptor.Name, r.Descriptor.Subject.ToString().ToLowerInvariant(), r.Severity.ToName(), r.Descriptor.Description,
                string.Join("; ", r.Descriptor.References.Select(c => $"{c.Framework} {c.Control}")),
            }, (XColor?)null, -1)));
    }
}
