using CmkAudit.Engine;
using CmkAudit.Reporting;
using Spectre.Console;

namespace CmkAudit.Cli;

/// <summary>
/// The one-screen summary after a scan: counts by outcome and severity and the worst findings. A table on a
/// terminal; plain aligned text in logs and pipes, where escape codes would be noise.
/// </summary>
internal static class ConsoleSummary
{
    private const int WorstShown = 10;

    public static void Print(CliEnvironment env, AuditReport report, IReadOnlyList<string> written)
    {
        var outcomes = report.CountByOutcome();
        var problems = report.ProblemsBySeverity();
        var worst = report.Results
            .Where(r => r.IsProblem)
            .OrderByDescending(r => r.Severity)
            .ThenBy(r => r.RuleId, StringComparer.Ordinal)
            .ThenBy(r => r.ResourceId, StringComparer.OrdinalIgnoreCase)
            .Take(WorstShown)
            .ToList();
        if (env.Interactive)
        {
            PrintTables(report, outcomes, problems, worst);
        }
        else
        {
            PrintText(env.Out, report, outcomes, problems, worst);
        }
        foreach (var path in written)
        {
            env.Out.WriteLine($"wrote {path}");
        }
    }

    private static void PrintText(TextWriter o, AuditReport report, IReadOnlyDictionary<Outcome, int> outcomes, IReadOnlyDictionary<Severity, int> problems, IReadOnlyList<RuleResult> worst)
    {
        var c = report.Coverage;
        o.WriteLine($"CmkAudit {report.Tool.Version}: {c.ResourcesByKind["registries"]} registries ({c.ResourcesByKind["cmkRegistries"]} with CMK), {c.ResourcesByKind["vaults"] + c.ResourcesByKind["managedHsms"]} vaults, {c.ResourcesByKind["keys"]} keys from {c.FilesRead} files");
        o.WriteLine("results:  " + string.Join("  ", outcomes.Select(x => $"{x.Key.ToName()} {x.Value}")));
        o.WriteLine("problems: " + string.Join("  ", problems.OrderByDescending(x => x.Key).Select(x => $"{x.Key.ToName()} {x.Value}")));
        if (c.UnresolvedLinks.Count > 0 || report.Diagnostics.Count > 0 || c.IsPartial)
        {
            o.WriteLine($"coverage: {Coverage(report)}");
        }
        if (worst.Count > 0)
        {
            o.WriteLine("worst findings:");
            foreach (var r in worst)
            {
                o.WriteLine($"  {r.Severity.ToName(),-8} {r.RuleId} {r.RuleName} {r.ResourceId}");
            }
        }
    }

    private static void PrintTables(AuditReport report, IReadOnlyDictionary<Outcome, int> outcomes, IReadOnlyDictionary<Severity, int> problems, IReadOnlyList<RuleResult> worst)
    {
        var c = report.Coverage;
        AnsiConsole.MarkupLineInterpolated($"[bold]CmkAudit {report.Tool.Version}[/]: {c.ResourcesByKind["registries"]} registries ({c.ResourcesByKind["cmkRegistries"]} with CMK), {c.ResourcesByKind["vaults"] + c.ResourcesByKind["managedHsms"]} vaults, {c.ResourcesByKind["keys"]} keys from {c.FilesRead} files");
        var counts = new Table().AddColumns("Outcome", "Results");
        foreach (var (outcome, count) in outcomes)
        {
            counts.AddRow(outcome.ToName(), count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var severities = new Table().AddColumns("Severity", "Fail + error");
        foreach (var (severity, count) in problems.OrderByDescending(p => p.Key))
        {
            severities.AddRow(new Markup(Markup.Escape(severity.ToName()), Style(severity)), new Text(count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        AnsiConsole.Write(new Columns(counts, severities));
        if (worst.Count > 0)
        {
            var table = new Table().Title("Worst findings (details in the reports)").AddColumns("Severity", "Rule", "Name", "Resource");
            foreach (var r in worst)
            {
                table.AddRow(new Markup(Markup.Escape(r.Severity.ToName()), Style(r.Severity)), new Text(r.RuleId), new Text(r.RuleName), new Text(ShortName(r.ResourceId)));
            }
            AnsiConsole.Write(table);
        }
        if (c.UnresolvedLinks.Count > 0 || report.Diagnostics.Count > 0 || c.IsPartial)
        {
            AnsiConsole.MarkupLineInterpolated($"[yellow]coverage:[/] {Coverage(report)}");
        }
    }

    private static string Coverage(AuditReport report) =>
        (report.Coverage.IsPartial ? "PARTIAL (some scopes or keys could not be collected; see the diagnostics), " : "")
        + $"{report.Coverage.UnresolvedLinks.Count} unresolved links, {report.Diagnostics.Count} input diagnostics";

    /// <summary>A resource's name, with its vault for keys, so a row fits one line of a terminal.</summary>
    private static string ShortName(string resourceId)
    {
        var parts = resourceId.TrimEnd('/').Split('/');
        return parts.Length >= 3 && parts[^2].Equals("keys", StringComparison.OrdinalIgnoreCase) ? $"{parts[^3]}/{parts[^1]}" : parts[^1];
    }

    private static Style Style(Severity severity) => severity switch
    {
        Severity.Critical => new Style(Color.Red, decoration: Decoration.Bold),
        Severity.High => new Style(Color.Red),
        Severity.Medium => new Style(Color.Yellow),
        _ => new Style(Color.Blue),
    };
}
