using CmkAudit.Engine;
using CmkAudit.Model.Graph;
using CmkAudit.Model.Input;
using CmkAudit.Rules;
using CmkAudit.Tests;

namespace CmkAudit.Reporting.Tests;

/// <summary>The report of the demo estate at the fixture instant, as the CLI builds it.</summary>
internal static class DemoReport
{
    public static readonly Lazy<AuditReport> Value = new(() => Build([RepositoryPaths.Demo]));

    public static AuditReport Build(IReadOnlyList<string> inputs)
    {
        var estate = InputLoader.Load(inputs);
        var graph = new EstateGraph(estate);
        var configuration = ScanConfiguration.Default;
        var results = RuleEngine.Run(RulePack.All, graph, configuration, RepositoryPaths.FixtureNow);
        var rules = RulePack.All.Select(r => new RuleInfo(r.Descriptor, configuration.SeverityOf(r.Descriptor), RulePack.DocPage(r.Descriptor))).ToList();
        return AuditReport.Build(
            new ToolInfo("CmkAudit", "0.1.0"),
            new ScanInfo(RepositoryPaths.FixtureNow, ["samples/contoso"], configuration, Severity.High),
            rules,
            results,
            graph);
    }

    public static byte[] Render(Writers.IReportWriter writer, AuditReport report)
    {
        using var stream = new MemoryStream();
        writer.Write(report, stream);
        return stream.ToArray();
    }
}
