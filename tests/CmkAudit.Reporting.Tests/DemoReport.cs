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
            RulePack.Catalog,
            new ToolInfo("CmkAudit", "0.1.0"),
            new ScanInfo(RepositoryPaths.FixtureNow, ["samples/contoso"], ScanConfiguration.Default, Severity.High)
            {
                // Sources are shown relative to the repository so the committed examples do not depend on where it is cloned.
                Suppressions = [.. Suppressions.Load(Path.Combine(RepositoryPaths.Root, "samples", "contoso.suppressions.yaml"), [.. RulePack.All.Select(r => r.Descriptor.Id)])
                    .Select(s => s with { Source = Path.GetRelativePath(RepositoryPaths.Root, s.Source) })],
                Outputs = [.. Writers.ReportWriters.All.SelectMany(w => w.FileNames)],
            });

    public static byte[] Render(Writers.SingleFileWriter writer, AuditReport report)
    {
        using var stream = new MemoryStream();
        writer.Write(report, stream);
        return stream.ToArray();
    }

    /// <summary>Every file a writer produces, by name.</summary>
    public static SortedDictionary<string, byte[]> RenderAll(Writers.IReportWriter writer, AuditReport report)
    {
        var files = new SortedDictionary<string, MemoryStream>(StringComparer.Ordinal);
        writer.Write(report, name => files[name] = new KeepOpenStream());
        return new SortedDictionary<string, byte[]>(files.ToDictionary(f => f.Key, f => f.Value.ToArray()), StringComparer.Ordinal);
    }

    /// <summary>A memory stream whose content survives the writer disposing it.</summary>
    private sealed class KeepOpenStream : MemoryStream
    {
        protected override void Dispose(bool disposing)
        {
        }
    }
}
