using System.Globalization;
using System.Text;
using CmkAudit.Engine;

namespace CmkAudit.Reporting.Writers;

/// <summary>
/// summary.md: a short Markdown summary for $GITHUB_STEP_SUMMARY: the verdict, counts, the worst findings and the
/// other artifacts. Azure values are escaped so a name cannot break the table or inject links or HTML.
/// </summary>
public sealed class MarkdownSummaryWriter : SingleFileWriter
{
    private const int WorstShown = 10;

    public override string Format => "md";

    public override string FileName => "summary.md";

    public override void Write(AuditReport report, Stream output)
    {
        var md = new StringBuilder();
        var problems = report.ProblemsBySeverity();
        var total = problems.Values.Sum();
        var c = report.Coverage;
        var failed = report.HasProblemsAtOrAbove(report.Scan.FailOn);
        md.Append(CultureInfo.InvariantCulture, $"## CmkAudit: {total} problem{(total == 1 ? "" : "s")} in {c.ResourcesByKind["registries"]} registries\n\n");
        md.Append(CultureInfo.InvariantCulture, $"Scan of {report.Scan.StartedAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} · {c.ResourcesByKind["cmkRegistries"]} registries with CMK · ");
        md.Append(CultureInfo.InvariantCulture, $"{c.ResourcesByKind["vaults"] + c.ResourcesByKind["managedHsms"]} vaults · {c.ResourcesByKind["keys"]} keys · ");
        md.Append(report.Scan.FailOn is { } threshold ? $"fail-on {threshold.ToName()}: **{(failed ? "failed" : "passed")}**" : "fail-on none");
        md.Append(report.Coverage.IsPartial ? " · **partial coverage**" : "").Append(report.IdsMasked ? " · ids masked" : "").Append("\n\n");

        md.Append("| Severity | Fail + error |\n|---|---|\n");
        foreach (var (severity, count) in problems.OrderByDescending(p => p.Key))
        {
            md.Append(CultureInfo.InvariantCulture, $"| {severity.ToName()} | {count} |\n");
        }
        md.Append('\n').Append(string.Join(" · ", report.CountByOutcome().Select(o => $"{o.Key.ToName()} {o.Value}"))).Append("\n\n");
        if (report.Scan.Baseline is not null)
        {
            md.Append(CultureInfo.InvariantCulture, $"Since the baseline: {report.Results.Count(r => r.Baseline == BaselineState.New)} new, ");
            md.Append(CultureInfo.InvariantCulture, $"{report.Results.Count(r => r.Baseline == BaselineState.Unchanged)} unchanged, ");
            md.Append(CultureInfo.InvariantCulture, $"{report.Results.Count(r => r.Baseline == BaselineState.Fixed) + report.GoneSinceBaseline.Count} fixed.\n\n");
        }
        var worst = report.Results.Where(r => r.IsProblem)
            .OrderByDescending(r => r.Severity).ThenBy(r => r.RuleId, StringComparer.Ordinal).ThenBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .Take(WorstShown).ToList();
        if (worst.Count > 0)
        {
            md.Append("### Worst findings\n\n| Severity | Rule | Resource | Finding |\n|---|---|---|---|\n");
            foreach (var r in worst)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {r.Severity.ToName()} | {r.RuleId} {r.RuleName} | {Escape(r.ResourceId.TrimEnd('/').Split('/')[^1])} | {Escape(Shorten(r.Message))} |\n");
            }
            if (total > worst.Count)
            {
                md.Append(CultureInfo.InvariantCulture, $"\n…and {total - worst.Count} more in the reports.\n");
            }
            md.Append('\n');
        }
        var others = report.Scan.Outputs.Where(o => o != FileName).ToList();
        if (others.Count > 0)
        {
            md.Append("Artifacts: ").Append(string.Join(", ", others.Select(o => $"`{o}`"))).Append('\n');
        }
        output.Write(Encoding.UTF8.GetBytes(md.ToString()));
    }

    private static string Shorten(string text) => text.Length <= 160 ? text : text[..157] + "…";

    /// <summary>Escapes Markdown and HTML punctuation and folds line breaks, so a value stays one table cell of text.</summary>
    public static string Escape(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var ch in text)
        {
            if (char.IsControl(ch))
            {
                builder.Append(' ');
            }
            else if ("\\`*_[]<>#|~&".Contains(ch, StringComparison.Ordinal))
            {
                builder.Append('\\').Append(ch);
            }
            else
            {
                builder.Append(ch);
            }
        }
        return builder.ToString();
    }
}
