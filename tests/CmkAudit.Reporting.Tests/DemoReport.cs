using CmkAudit.Engine;
using CmkAudit.Model.Input;
using CmkAudit.Rules;
using CmkAudit.Tests;

namespace CmkAudit.Reporting.Tests;

/// <summary>The report of the demo estate at the fixture instant, as the CLI builds it.</summary>
internal static class DemoReport
{
    public static readonly Lazy<AuditReport> Value = new(() => Build([RepositoryPaths.Demo]));

    public static AuditReport Build(IReadOnlyList<string> inputs) =>
        AuditReport.Create(
            InputLoader.Load(inputs),
            RulePack.All,
            RulePack.DocPage,
            new ToolInfo("CmkAudit", "0.1.0"),
            new ScanInfo(RepositoryPaths.FixtureNow, ["samples/contoso"], ScanConfiguration.Default, Severity.High));

    public static byte[] Render(Writers.IReportWriter writer, AuditReport report)
    {
        using var stream = new MemoryStream();
        writer.Write(report, stream);
        return stream.ToArray();
    }
}
